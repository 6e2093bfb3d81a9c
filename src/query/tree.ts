// Small walkers over the query tree, shared by builders, mapping, validation and printers.

import type { Extract, FieldRef, Pred, Query, VariableRef } from './nodes.js';

export function extractedNames(e: Extract): readonly string[] {
  switch (e.kind) {
    case 'parse':
      return e.parts.flatMap((p) => (typeof p === 'string' ? [] : [p.capture]));
    case 'parseRegex':
      return e.captures;
    case 'json':
      return e.paths.map((p) => p.as);
  }
}

export function mapPredFields(pred: Pred, fn: (f: FieldRef) => FieldRef): Pred {
  switch (pred.kind) {
    case 'and':
    case 'or':
      return Object.freeze({ kind: pred.kind, args: Object.freeze(pred.args.map((a) => mapPredFields(a, fn))) });
    case 'not':
      return Object.freeze({ kind: 'not', arg: mapPredFields(pred.arg, fn) });
    case 'term':
    case 'phrase':
      return pred;
    default:
      return Object.freeze({ ...pred, field: fn(pred.field) });
  }
}

export function predicates(pred: Pred | undefined): Pred[] {
  if (!pred) return [];
  const out: Pred[] = [];
  const walk = (p: Pred): void => {
    out.push(p);
    if (p.kind === 'and' || p.kind === 'or') p.args.forEach(walk);
    else if (p.kind === 'not') walk(p.arg);
  };
  walk(pred);
  return out;
}

/** The conjuncts of a predicate: `a AND (b AND c)` -> [a, b, c]. */
export function conjuncts(pred: Pred | undefined): Pred[] {
  if (!pred) return [];
  return pred.kind === 'and' ? pred.args.flatMap(conjuncts) : [pred];
}

export function variableRefs(query: Query): VariableRef[] {
  const out: VariableRef[] = [];
  for (const p of [...predicates(query.filter), ...predicates(query.postFilter)]) {
    if (p.kind === 'term' && typeof p.value === 'object') out.push(p.value);
    if (p.kind === 'compare' && typeof p.value === 'object') out.push(p.value);
  }
  return out;
}
