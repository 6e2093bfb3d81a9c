import type { QueryBuilder } from '../../src/index.js';
import { compileQuery } from '../../src/query/compile.js';
import type { Diagnostic, Fidelity } from '../../src/query/fidelity.js';
import type { QueryLanguage } from '../../src/query/languages.js';
import type { PanelQuery } from '../../src/query/nodes.js';

export interface Compiled<T> {
  readonly fidelity: Fidelity;
  readonly output?: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** compileQuery with the output typed as the language's output shape. */
export function compiledAs<T>(q: QueryBuilder | PanelQuery, language: QueryLanguage): Compiled<T> {
  const r = compileQuery(q, language);
  return { fidelity: r.fidelity, diagnostics: r.diagnostics, ...(r.output !== undefined ? { output: r.output as T } : {}) };
}
