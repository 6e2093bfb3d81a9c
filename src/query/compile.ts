import { DefinitionUsageError } from '../errors.js';
import { QueryBuilder } from './builder.js';
import type { Diagnostic, Fidelity } from './fidelity.js';
import { fidelityOf, UnsupportedConstruct } from './fidelity.js';
import { isQueryLanguage, LANGUAGES, type QueryLanguage } from './languages.js';
import { mapQuery } from './mapping.js';
import type { PanelQuery, Query } from './nodes.js';

export interface CompiledQuery {
  readonly language: QueryLanguage;
  readonly fidelity: Fidelity;
  /** The query text, or a JSON fragment for languages stored as structure (Lens, Grafana ES). */
  readonly output?: string | object;
  readonly diagnostics: readonly Diagnostic[];
}

/** By identity: the same query object asked for again (the common case inside one render). */
const byIdentity = new Map<QueryLanguage, WeakMap<object, CompiledQuery>>();
/**
 * By structure, per source: equal queries built separately (one per dashboard, or derived for a
 * variable) translate once per language. Keyed under the source object so that a source edited
 * in a watch session starts afresh and the old entries are collected with it.
 */
const byStructure = new WeakMap<object, Map<QueryLanguage, Map<string, CompiledQuery>>>();
const structureKeys = new WeakMap<object, string>();

function structureKey(q: Query): string {
  let key = structureKeys.get(q);
  if (key === undefined) {
    // The source is the map's key; everything else in a query is plain JSON data.
    const { source: _bySource, ...rest } = q;
    key = JSON.stringify(rest);
    structureKeys.set(q, key);
  }
  return key;
}

/**
 * Compiles a neutral query (or the matching entry of a raw query) for one language, with a
 * fidelity verdict. Never throws for what a language cannot express: that is `unsupported`.
 */
export function compileQuery(query: QueryBuilder | PanelQuery, language: QueryLanguage): CompiledQuery {
  if (!isQueryLanguage(language)) {
    throw new DefinitionUsageError(`compileQuery: unknown language ${JSON.stringify(language)}; expected one of ${Object.keys(LANGUAGES).join(', ')}`);
  }
  const q = query instanceof QueryBuilder ? query.build() : query;
  let perLanguage = byIdentity.get(language);
  if (!perLanguage) byIdentity.set(language, (perLanguage = new WeakMap()));
  const hit = perLanguage.get(q);
  if (hit) return hit;
  const result = q.kind === 'query' ? compileStructural(q, language) : Object.freeze(compileUncached(q, language));
  perLanguage.set(q, result);
  return result;
}

function compileStructural(q: Query, language: QueryLanguage): CompiledQuery {
  let perSource = byStructure.get(q.source);
  if (!perSource) byStructure.set(q.source, (perSource = new Map()));
  let perLanguage = perSource.get(language);
  if (!perLanguage) perSource.set(language, (perLanguage = new Map()));
  // The same key string every time: its hash is computed once.
  const key = structureKey(q);
  let result = perLanguage.get(key);
  if (!result) perLanguage.set(key, (result = Object.freeze(compileUncached(q, language))));
  return result;
}

function compileUncached(q: PanelQuery, language: QueryLanguage): CompiledQuery {
  const printer = LANGUAGES[language];
  if (q.kind === 'raw') {
    const text = q.queries[printer.rawKey];
    if (text === undefined) {
      return unsupported(language, { code: 'raw.missing', severity: 'unsupported', message: `the raw query has no ${printer.rawKey} entry` });
    }
    return { language, fidelity: 'exact', output: text, diagnostics: [{ code: 'raw.verbatim', severity: 'info', message: 'hand-written query, used verbatim' }] };
  }
  try {
    const mapped = mapQuery(q, printer.product);
    const { output, diagnostics } = printer.print(mapped);
    return { language, fidelity: fidelityOf(diagnostics), output, diagnostics };
  } catch (e) {
    if (e instanceof UnsupportedConstruct) return unsupported(language, { code: e.code, severity: 'unsupported', message: e.message });
    throw e;
  }
}

function unsupported(language: QueryLanguage, d: Diagnostic): CompiledQuery {
  return { language, fidelity: 'unsupported', diagnostics: [d] };
}
