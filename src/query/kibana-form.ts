// Kibana shows a query in one of two forms: KQL + Lens formBased columns, or ES|QL (Lens
// textBased). The choice is made per panel, can be forced, and is always explained.

import { type CompiledQuery, compileQuery } from './compile.js';
import type { Fidelity } from './fidelity.js';
import type { PanelQuery } from './nodes.js';

export type KibanaForm = 'lens' | 'esql';

export interface KibanaFormChoice {
  readonly form: KibanaForm;
  readonly compiled: CompiledQuery;
  /** Why this form, for the build report. */
  readonly reason: string;
}

const RANK: Record<Fidelity, number> = { exact: 2, approximate: 1, unsupported: 0 };
const LANGUAGE = { lens: 'kibana-lens', esql: 'esql' } as const;

function compile(query: PanelQuery, form: KibanaForm): CompiledQuery {
  return compileQuery(query, LANGUAGE[form]);
}

/**
 * Text parsing favours ES|QL (DISSECT/GROK at query time, nothing added to the shared data
 * view); everything else favours Lens formBased (the editor Kibana users know, on every
 * supported version). A form that is more faithful for this query wins over the preference.
 */
export function chooseKibanaForm(query: PanelQuery, forced?: KibanaForm): KibanaFormChoice {
  if (forced) return { form: forced, compiled: compile(query, forced), reason: `the panel sets kibana.form: '${forced}'` };
  if (query.kind === 'raw') {
    const form: KibanaForm = query.queries.esql !== undefined ? 'esql' : 'lens';
    return { form, compiled: compile(query, form), reason: form === 'esql' ? 'the raw query has an esql entry' : 'the raw query has no esql entry' };
  }
  const parses = query.extract.some((e) => e.kind !== 'json');
  const preferred: KibanaForm = parses ? 'esql' : 'lens';
  const other: KibanaForm = parses ? 'lens' : 'esql';
  const first = compile(query, preferred);
  // Nothing beats exact: the other form is only worth compiling when the preferred one is not.
  const second = first.fidelity === 'exact' ? undefined : compile(query, other);
  if (second && RANK[second.fidelity] > RANK[first.fidelity]) {
    return { form: other, compiled: second, reason: `${other === 'esql' ? 'ES|QL' : 'Lens'} is ${second.fidelity} for this query where ${preferred === 'esql' ? 'ES|QL' : 'Lens'} is ${first.fidelity}` };
  }
  return {
    form: preferred,
    compiled: first,
    reason: parses ? 'the query parses text, which ES|QL does at query time (GROK) without adding runtime fields to the data view' : 'Lens formBased is the native, editable form for this query',
  };
}
