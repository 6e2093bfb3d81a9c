import { DefinitionUsageError } from '../errors.js';
import { QueryBuilder } from './builder.js';
import type { Diagnostic, Fidelity } from './fidelity.js';
import { fidelityOf, UnsupportedConstruct } from './fidelity.js';
import { isQueryLanguage, LANGUAGES, type QueryLanguage } from './languages.js';
import { mapQuery } from './mapping.js';
import type { PanelQuery } from './nodes.js';

export interface CompiledQuery {
  readonly language: QueryLanguage;
  readonly fidelity: Fidelity;
  /** The query text, or a JSON fragment for languages stored as structure (Lens, Grafana ES). */
  readonly output?: string | object;
  readonly diagnostics: readonly Diagnostic[];
}

const cache = new Map<QueryLanguage, WeakMap<object, CompiledQuery>>();

/**
 * Compiles a neutral query (or the matching entry of a raw query) for one language, with a
 * fidelity verdict. Never throws for what a language cannot express: that is `unsupported`.
 */
export function compileQuery(query: QueryBuilder | PanelQuery, language: QueryLanguage): CompiledQuery {
  if (!isQueryLanguage(language)) {
    throw new DefinitionUsageError(`compileQuery: unknown language ${JSON.stringify(language)}; expected one of ${Object.keys(LANGUAGES).join(', ')}`);
  }
  const q = query instanceof QueryBuilder ? query.build() : query;
  let perLanguage = cache.get(language);
  if (!perLanguage) cache.set(language, (perLanguage = new WeakMap()));
  const hit = perLanguage.get(q);
  if (hit) return hit;
  const result = Object.freeze(compileUncached(q, language));
  perLanguage.set(q, result);
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
