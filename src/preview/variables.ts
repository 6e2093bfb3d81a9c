// Dashboard variables in the preview: their choices and their current values.

import type { VariableDef } from '../model/types.js';
import { valuesQuery } from '../query/derive.js';
import { evaluate } from './eval/evaluate.js';
import type { PreviewEvent, TimeWindow, VariableValue } from './eval/types.js';
import { asText } from './eval/values.js';

export const ALL = '*';

/** The values a variable offers: its fixed list, or the distinct values of its field in its query's results, most frequent first. */
export function variableChoices(v: VariableDef, events: readonly PreviewEvent[], window: TimeWindow | undefined, variables: Readonly<Record<string, VariableValue>>): string[] {
  if (v.values) return [...v.values];
  if (!v.query || !v.field) return [];
  // The variable's own value does not filter its choices.
  const others = Object.fromEntries(Object.entries(variables).filter(([name]) => name !== v.name));
  const table = evaluate(valuesQuery(v.query, v.field), { events, ...(window ? { window } : {}), variables: others });
  return table.rows.map((r) => asText(r[0]) ?? '').filter((s) => s !== '');
}

/**
 * The current value: from the page address (`?var-host=a&var-host=b`), else the default, else
 * (a variable without All and without a default) its first choice, as the products select it.
 */
export function currentValue(v: VariableDef, fromAddress: readonly string[], choices: readonly string[] = []): VariableValue {
  const given = fromAddress.filter((s) => s !== '');
  const fallback = v.default ?? (v.includeAll ? ALL : choices[0]);
  const values = given.length ? given : fallback === undefined ? [] : [fallback];
  return v.multi ? values : (values[0] ?? ALL);
}
