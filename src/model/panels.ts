// Panel factories. Each returns a panel spec; `dashboard(...)` gives it a place on the grid.

import { DefinitionUsageError } from '../errors.js';
import { QueryBuilder } from '../query/builder.js';
import type { PanelQuery } from '../query/nodes.js';
import type { LayoutHint } from './layout.js';
import type {
  BarPanel,
  ColorRange,
  EventsPanel,
  KibanaPanelOptions,
  GaugePanel,
  PanelDef,
  PiePanel,
  SingleValuePanel,
  TablePanel,
  TextPanel,
  TimeSeriesPanel,
} from './types.js';

/** A panel before layout: its definition without `gridPos`, plus size and position hints. */
export type PanelSpec = PanelDef extends infer P ? (P extends PanelDef ? Omit<P, 'gridPos' | 'key'> & { readonly key?: string; readonly layout: LayoutHint } : never) : never;

export interface PanelLayoutInput {
  /** Stable key; defaults to a slug of the title. */
  readonly key?: string;
  /** Width on the 24-column grid and height in rows. */
  readonly size?: { readonly w: number; readonly h: number };
  /** Top-left corner; omit to flow left to right, top to bottom. */
  readonly position?: { readonly x: number; readonly y: number };
}

interface CommonInput extends PanelLayoutInput {
  readonly title: string;
  readonly description?: string;
  /** A query builder or a built query. */
  readonly query: QueryBuilder | PanelQuery;
  /** Kibana: force the Lens form (`lens`) or ES|QL (`esql`); by default polydash chooses per query. */
  readonly kibana?: KibanaPanelOptions;
}

const DEFAULT_SIZE: Record<PanelDef['type'], { w: number; h: number }> = {
  singleValue: { w: 6, h: 4 },
  gauge: { w: 6, h: 6 },
  timeSeries: { w: 12, h: 8 },
  bar: { w: 12, h: 8 },
  pie: { w: 8, h: 8 },
  table: { w: 12, h: 8 },
  text: { w: 24, h: 3 },
  events: { w: 24, h: 10 },
};

function toQuery(q: unknown, what: string): PanelQuery {
  if (q instanceof QueryBuilder) return q.build();
  const kind = (q as { kind?: unknown } | null)?.kind;
  if (kind === 'query' || kind === 'raw') return q as PanelQuery;
  throw new DefinitionUsageError(`${what}: expected query to be from(source)... or raw({...})`);
}

function spec<T extends PanelDef['type']>(type: T, input: CommonInput | (PanelLayoutInput & { title?: string }), rest: object): PanelSpec {
  if (typeof input !== 'object' || input === null) throw new DefinitionUsageError(`${type}: expected an options object`);
  const { size, position, query, ...own } = input as CommonInput;
  const what = `${type} ${JSON.stringify(input.title ?? '')}`;
  const layout: LayoutHint = { size: size ?? DEFAULT_SIZE[type], ...(position ? { position } : {}) };
  return {
    ...own,
    kind: 'panel',
    type,
    ...(query === undefined && type === 'text' ? {} : { query: toQuery(query, what) }),
    ...rest,
    layout,
  } as unknown as PanelSpec;
}

export interface SingleValueInput extends CommonInput {
  /** Colour ranges, e.g. `[{ from: 1, to: 31, color: 'green' }, { from: 31, to: 71, color: 'orange' }, { from: 71, color: 'red' }]`. */
  readonly ranges?: readonly ColorRange[];
  readonly unit?: string;
  readonly decimals?: number;
}
export function singleValue(input: SingleValueInput): PanelSpec {
  return spec('singleValue', input, {});
}

export interface TimeSeriesInput extends CommonInput {
  readonly style?: TimeSeriesPanel['style'];
  readonly legend?: boolean;
}
export function timeSeries(input: TimeSeriesInput): PanelSpec {
  return spec('timeSeries', input, { style: input.style ?? 'line', legend: input.legend ?? true });
}

export interface BarInput extends CommonInput {
  readonly orientation?: BarPanel['orientation'];
  readonly stacked?: boolean;
  readonly legend?: boolean;
}
export function bar(input: BarInput): PanelSpec {
  return spec('bar', input, { orientation: input.orientation ?? 'column', stacked: input.stacked ?? false, legend: input.legend ?? false });
}

export interface PieInput extends CommonInput {
  readonly donut?: boolean;
  readonly legend?: boolean;
}
export function pie(input: PieInput): PanelSpec {
  return spec('pie', input, { donut: input.donut ?? false, legend: input.legend ?? true } satisfies Partial<PiePanel>);
}

export interface TableInput extends CommonInput {
  readonly pageSize?: number;
}
export function table(input: TableInput): PanelSpec {
  return spec('table', input, {} satisfies Partial<TablePanel>);
}

export interface GaugeInput extends CommonInput {
  readonly min?: number;
  readonly max: number;
  readonly ranges?: readonly ColorRange[];
  readonly unit?: string;
}
export function gauge(input: GaugeInput): PanelSpec {
  return spec('gauge', input, { min: input.min ?? 0 } satisfies Partial<GaugePanel>);
}

export interface TextInput extends PanelLayoutInput {
  readonly title?: string;
  /** Markdown; each product renders it with its own (safe) markdown support. */
  readonly markdown: string;
}
export function text(input: TextInput): PanelSpec {
  return spec('text', input, { title: input.title ?? '' } satisfies Partial<TextPanel>);
}

export interface EventsInput extends CommonInput {
  readonly columns?: readonly string[];
}
export function events(input: EventsInput): PanelSpec {
  return spec('events', input, {} satisfies Partial<EventsPanel>);
}
