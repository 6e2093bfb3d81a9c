// The mapping step (pySigma's processing pipeline): before any printer runs, logical field
// names become the product's own, and each field learns whether the product can filter on it
// at index level. Printers never look at a source's field map.

import type { BindingProduct, FieldBinding, SourceDef } from '../model/source-types.js';
import { UnsupportedConstruct } from './fidelity.js';
import type { Extract, FieldRef, KeyRef, Pred, Query } from './nodes.js';
import { extractedNames, mapPredFields } from './tree.js';

/** The product's name for a logical source field, or undefined when it has none. */
export function nativeFieldName(source: SourceDef, logical: string, product: BindingProduct): string | undefined {
  const binding: FieldBinding | undefined = source.fields[logical];
  if (binding === undefined) return undefined;
  if (typeof binding === 'string') return binding;
  return binding[product];
}

function fieldType(source: SourceDef, logical: string): 'string' | 'number' | undefined {
  const binding = source.fields[logical];
  return typeof binding === 'object' ? binding.type : undefined;
}

/** Whether a product field can be used in the index-level scope/selector. */
function isIndexed(source: SourceDef, native: string, product: BindingProduct): boolean {
  switch (product) {
    case 'sumologic':
      return /^_[A-Za-z]/.test(native);
    case 'loki':
      return native in (source.loki?.selector ?? {}) || (source.loki?.labels ?? []).includes(native);
    default:
      return true;
  }
}

/**
 * Returns the query with every field named as `product` names it. Throws
 * UnsupportedConstruct when a field has no name in that product.
 */
export function mapQuery(query: Query, product: BindingProduct): Query {
  const { source } = query;
  const extracted = new Set(query.extract.flatMap(extractedNames));
  const map = (f: FieldRef): FieldRef => {
    if (f.logical !== undefined) return f; // already mapped
    if (extracted.has(f.name)) return Object.freeze({ kind: 'field', name: f.name, logical: f.name, extracted: true });
    const native = nativeFieldName(source, f.name, product);
    if (native === undefined) {
      throw new UnsupportedConstruct(
        'mapping.unmapped-field',
        `field "${f.name}" has no ${product} name in source "${source.id}" (add it to the source's fields)`,
      );
    }
    const type = fieldType(source, f.name);
    return Object.freeze({
      kind: 'field',
      name: native,
      logical: f.name,
      indexed: isIndexed(source, native, product),
      ...(type ? { type } : {}),
    });
  };
  const mapKey = (k: KeyRef): KeyRef => (k.kind === 'group' ? Object.freeze({ kind: 'group', field: map(k.field) }) : k);
  const mapPred = (p: Pred | undefined): Pred | undefined => (p ? mapPredFields(p, map) : undefined);
  const mapExtract = (e: Extract): Extract => (e.input ? Object.freeze({ ...e, input: map(e.input) }) : e);
  const filter = mapPred(query.filter);
  const postFilter = mapPred(query.postFilter);
  return Object.freeze({
    ...query,
    ...(filter ? { filter } : {}),
    extract: Object.freeze(query.extract.map(mapExtract)),
    ...(postFilter ? { postFilter } : {}),
    ...(query.aggregate
      ? {
          aggregate: Object.freeze({
            measures: Object.freeze(query.aggregate.measures.map((m) => (m.field ? Object.freeze({ ...m, field: map(m.field) }) : m))),
            by: Object.freeze(query.aggregate.by.map(map)),
          }),
        }
      : {}),
    sort: Object.freeze(query.sort.map((s) => Object.freeze({ ...s, ref: mapKey(s.ref) }))),
    ...(query.pivot ? { pivot: Object.freeze({ ...query.pivot, row: mapKey(query.pivot.row), column: mapKey(query.pivot.column) }) } : {}),
  });
}
