import { DefinitionUsageError } from '../errors.js';
import { deepFreeze } from '../util/freeze.js';
import { layoutPanels } from './layout.js';
import type { PanelSpec } from './panels.js';
import type { AccessDef, DashboardDef, PanelDef, SplunkDashboardOptions, TimeRange, VariableDef } from './types.js';

export interface DashboardInput {
  /** Stable id: the Grafana uid, Splunk view name and Kibana id seed. 1-40 of [A-Za-z0-9_-]. */
  readonly uid: string;
  readonly title: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  /** `{ last: '24h' }`, or absolute ISO-8601 `{ from, to }`. */
  readonly time: { readonly last: string } | { readonly from: string; readonly to: string };
  /** Auto-refresh: one of 30s, 1m, 2m, 5m, 15m, 30m, 1h, 2h, 1d. */
  readonly refresh?: string;
  readonly variables?: readonly VariableDef[];
  readonly panels: readonly PanelSpec[];
  /** Splunk: `{ format: 'studio' }` for Dashboard Studio instead of Simple XML. */
  readonly splunk?: SplunkDashboardOptions;
  /**
   * Who may see and change it, by logical group: `{ view: ['auditors', 'secops'], edit: ['secops-admins'] }`.
   * Each environment maps the groups to the products' own principals; without `access` the
   * environment's default applies.
   */
  readonly access?: AccessDef;
}

/** A slug usable as a panel key. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s || 'panel';
}

function timeRange(time: DashboardInput['time']): TimeRange {
  if (typeof time === 'object' && time !== null && 'last' in time) return { kind: 'relative', last: time.last };
  if (typeof time === 'object' && time !== null && 'from' in time) return { kind: 'absolute', from: time.from, to: time.to };
  return time as unknown as TimeRange; // left for validation to report with its path
}

/** A dashboard: panels are laid out on the 24-column grid in the order given. */
export function dashboard(input: DashboardInput): DashboardDef {
  if (typeof input !== 'object' || input === null) throw new DefinitionUsageError('dashboard: expected an options object');
  const { panels, variables, time, tags, ...rest } = input;
  if (!Array.isArray(panels)) throw new DefinitionUsageError(`dashboard ${JSON.stringify(input.uid)}: expected panels to be an array`);
  const grid = layoutPanels(panels.map((p, i) => {
    if (typeof p !== 'object' || p === null || !('layout' in p)) {
      throw new DefinitionUsageError(`dashboard ${JSON.stringify(input.uid)}: panels[${i}] is not a panel; use singleValue(...), timeSeries(...), ...`);
    }
    return p.layout;
  }));
  const usedKeys = new Set(panels.flatMap((p) => (p.key ? [p.key] : [])));
  const defs = panels.map((p, i): PanelDef => {
    const { layout: _layout, ...panel } = p;
    let key = p.key;
    if (!key) {
      const base = slug(p.title || p.type);
      key = base;
      for (let n = 2; usedKeys.has(key); n++) key = `${base}-${n}`;
      usedKeys.add(key);
    }
    return { ...panel, key, gridPos: grid[i]! } as PanelDef;
  });
  return deepFreeze({
    ...rest,
    kind: 'dashboard',
    tags: tags ?? [],
    time: timeRange(time),
    variables: variables ?? [],
    panels: defs,
  } as DashboardDef);
}
