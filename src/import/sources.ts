// The sources an imported dashboard reads: one per distinct binding (Sumo scope, Splunk
// index/sourcetype, data view, Loki selector), each with the product fields its queries use.
// Logical names are chosen last, so that no source field takes a name a query extracts.

import type { SourceBinding } from './model.js';
import { constantFor, identifierFor, slugFor, unique } from './names.js';

export interface ImportedSource {
  readonly id: string;
  /** The TypeScript constant holding it. */
  readonly constant: string;
  readonly binding: SourceBinding;
  /** Product field name -> logical name, in first-use order. */
  readonly fields: Map<string, string>;
  /** Loki: fields that are stream labels (the others come from the parser). */
  readonly labels: readonly string[];
}

export interface SourceUse {
  /** Product field names the query reads from the source. */
  readonly natives: readonly string[];
  /** Names the query extracts (source fields must not take them). */
  readonly extracted?: readonly string[];
  /** Loki: which of `natives` are stream labels. */
  readonly labels?: readonly string[];
}

/** Sources are the same when they read the same events: notes and the Loki parser do not count. */
function bindingKey(b: SourceBinding): string {
  const { note: _note, ...rest } = b as SourceBinding & { note?: string; parser?: string };
  delete (rest as { parser?: string }).parser;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

function baseName(b: SourceBinding): string {
  switch (b.product) {
    case 'sumologic':
      return b.sourceCategory ?? b.index ?? Object.values(b.metadata ?? {})[0] ?? 'sumo';
    case 'splunk':
      return b.sourcetype ?? b.index ?? b.source ?? 'splunk';
    case 'elastic':
      return Object.values(b.filter ?? {})[0] ?? b.dataView;
    case 'loki':
      return Object.values(b.selector).join('-');
  }
}

export class SourceRegistry {
  private readonly byKey = new Map<string, { binding: SourceBinding; natives: string[]; extracted: Set<string>; labels: Set<string> }>();

  /** Registers a source (once per binding) with what one query or variable reads from it. */
  use(binding: SourceBinding, use: SourceUse): void {
    const key = bindingKey(binding);
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { binding, natives: [], extracted: new Set(), labels: new Set() };
      this.byKey.set(key, entry);
    }
    // the Loki parser is needed as soon as one query reads a parsed field
    if (binding.product === 'loki' && binding.parser && !(entry.binding as { parser?: string }).parser) entry.binding = { ...entry.binding, parser: binding.parser } as SourceBinding;
    for (const n of use.natives) if (!entry.natives.includes(n)) entry.natives.push(n);
    for (const e of use.extracted ?? []) entry.extracted.add(e.toLowerCase());
    for (const l of use.labels ?? []) entry.labels.add(l);
  }

  /** The registered binding equal to `b` (with the notes and parser gathered so far). */
  find(b: SourceBinding): SourceBinding | undefined {
    return this.byKey.get(bindingKey(b))?.binding;
  }

  /** Names every source and its fields; `taken` holds the file's other constant names. */
  finish(takenConstants: Set<string>): ImportedSource[] {
    const ids = new Set<string>();
    return [...this.byKey.values()].map(({ binding, natives, extracted, labels }) => {
      const slug = slugFor(baseName(binding), 50).replace(/^[^a-z]+/, '') || 'source';
      const id = unique(slug, ids, '-');
      const constant = unique(constantFor(id, 'source'), takenConstants, '');
      const taken = new Set(extracted);
      const fields = new Map<string, string>();
      for (const native of natives) fields.set(native, unique(identifierFor(native), taken));
      return { id, constant, binding, fields, labels: [...labels] };
    });
  }
}

export function sameBinding(a: SourceBinding, b: SourceBinding): boolean {
  return bindingKey(a) === bindingKey(b);
}

export function sourceFor(sources: readonly ImportedSource[], b: SourceBinding): ImportedSource {
  const s = sources.find((x) => sameBinding(x.binding, b));
  if (!s) throw new Error(`import: source ${JSON.stringify(b)} was not registered`);
  return s;
}
