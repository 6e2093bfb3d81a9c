/// <reference lib="dom" />
// The time range and variable inputs. Their state lives in the page address
// (`?range=last:7d&var-host=node-a`), so a reload keeps what the viewer chose.

import type { DashboardDef, TimeRange, VariableDef } from '../../model/types.js';
import type { VariableValue } from '../eval/types.js';
import { ALL, currentValue } from '../variables.js';
import { el } from './format.js';

const PRESETS = ['15m', '1h', '6h', '24h', '7d', '30d'];

export function rangeFromAddress(def: DashboardDef): { key: string; range: TimeRange } {
  const key = new URLSearchParams(location.search).get('range') ?? 'default';
  const m = /^last:(\d+[smhdw])$/.exec(key);
  return m ? { key, range: { kind: 'relative', last: m[1]! } } : { key: 'default', range: def.time };
}

export function variableFromAddress(v: VariableDef, choices: readonly string[]): VariableValue {
  return currentValue(v, new URLSearchParams(location.search).getAll(`var-${v.name}`), choices);
}

function setAddress(mutate: (p: URLSearchParams) => void): void {
  const params = new URLSearchParams(location.search);
  mutate(params);
  const q = params.toString();
  history.replaceState(null, '', `${location.pathname}${q ? `?${q}` : ''}${location.hash}`);
}

function describeDefault(t: TimeRange): string {
  return t.kind === 'relative' ? `Dashboard default (last ${t.last})` : `Dashboard default (${t.from} to ${t.to})`;
}

export function setUpTimeRange(select: HTMLSelectElement, def: DashboardDef, onChange: () => void): void {
  const current = rangeFromAddress(def).key;
  const options = [['default', describeDefault(def.time)], ...PRESETS.map((p) => [`last:${p}`, `Last ${p}`])] as const;
  for (const [value, label] of options) {
    const o = el('option', undefined, label);
    o.value = value;
    o.selected = value === current;
    select.append(o);
  }
  select.addEventListener('change', () => {
    setAddress((p) => (select.value === 'default' ? p.delete('range') : p.set('range', select.value)));
    onChange();
  });
}

/** One select per variable (multiple for multi-select ones), rebuilt as their choices change. */
export function renderVariableInputs(container: HTMLElement, variables: readonly VariableDef[], choices: ReadonlyMap<string, readonly string[]>, values: Readonly<Record<string, VariableValue>>, onChange: () => void): void {
  container.replaceChildren();
  for (const v of variables) {
    const label = el('label', 'control', `${v.label} `);
    const select = el('select');
    select.name = `var-${v.name}`;
    select.multiple = v.multi;
    select.dataset.variable = v.name;
    const selected = new Set(typeof values[v.name] === 'string' ? [values[v.name] as string] : (values[v.name] as readonly string[]));
    const offered = [...(v.includeAll ? [ALL] : []), ...(choices.get(v.name) ?? [])];
    // A value chosen earlier that is not among today's choices is still shown, not dropped.
    for (const s of selected) if (!offered.includes(s)) offered.push(s);
    for (const value of offered) {
      const o = el('option', undefined, value === ALL ? 'All' : value);
      o.value = value;
      o.selected = selected.has(value);
      select.append(o);
    }
    select.addEventListener('change', () => {
      const chosen = [...select.selectedOptions].map((o) => o.value);
      setAddress((p) => {
        p.delete(`var-${v.name}`);
        for (const c of chosen) p.append(`var-${v.name}`, c);
      });
      onChange();
    });
    label.append(select);
    container.append(label);
  }
}
