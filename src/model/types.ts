// The definition model: what `dashboard(...)` returns. Plain frozen data, validated by the
// shipped JSON schema (schema/dashboard.schema.json) plus semantic checks.

import type { PanelQuery, Query } from '../query/nodes.js';

export interface GridPos {
  readonly x: number;
  readonly y: number;
  /** Width in columns of a 24-column grid. */
  readonly w: number;
  /** Height in grid rows. */
  readonly h: number;
}

/** Named colours map to each product's palette; any `#rrggbb` works too. */
export type Color = 'green' | 'yellow' | 'orange' | 'red' | 'blue' | 'purple' | 'gray' | `#${string}`;

/** A contiguous value range; `from` inclusive, `to` exclusive, either end may be open. */
export interface ColorRange {
  readonly from?: number;
  readonly to?: number;
  readonly color: Color;
}

/** Per-product choices for one panel. */
export interface KibanaPanelOptions {
  /** Force the Lens form: KQL + formBased columns, or ES|QL (textBased). Default: chosen per query. */
  readonly form?: 'lens' | 'esql';
}

interface PanelCommon {
  readonly kind: 'panel';
  /** Stable key within the dashboard: product panel ids derive from it. */
  readonly key: string;
  readonly title: string;
  readonly description?: string;
  readonly gridPos: GridPos;
}

interface QueryPanelCommon extends PanelCommon {
  readonly kibana?: KibanaPanelOptions;
}

export interface SingleValuePanel extends QueryPanelCommon {
  readonly type: 'singleValue';
  readonly query: PanelQuery;
  readonly ranges?: readonly ColorRange[];
  readonly unit?: string;
  readonly decimals?: number;
}

export interface TimeSeriesPanel extends QueryPanelCommon {
  readonly type: 'timeSeries';
  readonly query: PanelQuery;
  readonly style: 'line' | 'area' | 'stacked';
  readonly legend: boolean;
}

export interface BarPanel extends QueryPanelCommon {
  readonly type: 'bar';
  readonly query: PanelQuery;
  readonly orientation: 'column' | 'bar';
  readonly stacked: boolean;
  readonly legend: boolean;
}

export interface PiePanel extends QueryPanelCommon {
  readonly type: 'pie';
  readonly query: PanelQuery;
  readonly donut: boolean;
  readonly legend: boolean;
}

export interface TablePanel extends QueryPanelCommon {
  readonly type: 'table';
  readonly query: PanelQuery;
  readonly pageSize?: number;
}

export interface GaugePanel extends QueryPanelCommon {
  readonly type: 'gauge';
  readonly query: PanelQuery;
  readonly min: number;
  readonly max: number;
  readonly ranges?: readonly ColorRange[];
  readonly unit?: string;
}

export interface TextPanel extends PanelCommon {
  readonly type: 'text';
  readonly markdown: string;
}

export interface EventsPanel extends QueryPanelCommon {
  readonly type: 'events';
  readonly query: PanelQuery;
  /** Fields shown beside the raw message, where the product supports columns. */
  readonly columns?: readonly string[];
}

export type PanelDef =
  | SingleValuePanel
  | TimeSeriesPanel
  | BarPanel
  | PiePanel
  | TablePanel
  | GaugePanel
  | TextPanel
  | EventsPanel;

export type PanelType = PanelDef['type'];
export type QueryPanel = Exclude<PanelDef, TextPanel>;

export interface VariableDef {
  readonly kind: 'variable';
  readonly name: string;
  readonly label: string;
  /** The logical field the variable's values belong to (for query-valued variables). */
  readonly field?: string;
  /** A fixed list of values. */
  readonly values?: readonly string[];
  /** Values are the distinct values of `field` in this query's results. */
  readonly query?: Query;
  readonly multi: boolean;
  readonly includeAll: boolean;
  /** The default selection; `*` selects all. */
  readonly default: string;
}

export type TimeRange =
  | { readonly kind: 'relative'; readonly last: string }
  | { readonly kind: 'absolute'; readonly from: string; readonly to: string };

export interface DashboardDef {
  readonly kind: 'dashboard';
  readonly uid: string;
  readonly title: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly time: TimeRange;
  readonly refresh?: string;
  readonly variables: readonly VariableDef[];
  readonly panels: readonly PanelDef[];
  readonly splunk?: SplunkDashboardOptions;
  /** Who may see and change the dashboard, by logical group; absent means the environment's default. */
  readonly access?: AccessDef;
}

/**
 * Logical groups (e.g. `auditors`, `secops`), mapped per environment to each product's own
 * principals in polydash.config.ts. Editors can also view.
 */
export interface AccessDef {
  readonly view?: readonly string[];
  readonly edit?: readonly string[];
}

export interface SplunkDashboardOptions {
  /** Classic Simple XML (default) or Dashboard Studio. */
  readonly format?: 'simplexml' | 'studio';
}
