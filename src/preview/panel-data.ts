// What a panel draws, from its query evaluated over the sample events. A panel kind asks for
// the same query shape the products are sent: single values read the latest bucket, charts
// split by a field read the bucket × field pivot (src/query/derive.ts).

import type { PanelDef, QueryPanel } from '../model/types.js';
import { latestBucketQuery, seriesQuery } from '../query/derive.js';
import type { Query } from '../query/nodes.js';
import { evaluate } from './eval/evaluate.js';
import type { Cell, Column, EvalContext, ResultTable, TimeWindow } from './eval/types.js';
import { asNumber, asText } from './eval/values.js';

export interface SeriesData {
  readonly kind: 'series';
  /** `time`: x values are epoch milliseconds; `category`: labels in row order. */
  readonly axis: 'time' | 'category';
  readonly xName: string;
  readonly x: readonly Cell[];
  /** For a time axis: the window evaluated, so the axis spans the whole time range. */
  readonly window?: TimeWindow;
  readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
}

export type PanelData =
  | { readonly kind: 'value'; readonly value: number | string | null; readonly label: string }
  | SeriesData
  | { readonly kind: 'slices'; readonly slices: readonly { readonly name: string; readonly value: number }[] }
  | { readonly kind: 'table'; readonly table: ResultTable }
  | { readonly kind: 'raw'; readonly reason: string };

/** The query a panel kind evaluates, as the targets derive it for the products. */
export function panelQuery(panel: QueryPanel & { readonly query: Query }): Query {
  if (panel.type === 'singleValue' || panel.type === 'gauge') return latestBucketQuery(panel.query);
  if (panel.type === 'timeSeries' || panel.type === 'bar') return seriesQuery(panel.query);
  return panel.query;
}

const isKey = (c: Column): boolean => c.kind === 'bucket' || c.kind === 'group';

function label(c: Cell, column: Column | undefined): string {
  if (column?.kind === 'bucket' && typeof c === 'number') return new Date(c).toISOString().replace('T', ' ').replace(/:00\.000Z$/, '').replace(/\.000Z$/, '');
  return asText(c) ?? '';
}

/** Time or category on x; one series per value column (and per other key values). */
export function seriesData(t: ResultTable): SeriesData {
  const keyIdx = t.columns.flatMap((c, i) => (isKey(c) ? [i] : []));
  const valueIdx = t.columns.flatMap((c, i) => (isKey(c) ? [] : [i]));
  if (keyIdx.length === 0) {
    // Measures only: one category per measure.
    return { kind: 'series', axis: 'category', xName: '', x: valueIdx.map((i) => t.columns[i]!.name), series: [{ name: 'value', values: valueIdx.map((i) => asNumber(t.rows[0]?.[i]) ?? null) }] };
  }
  // The pivot's row key is its last key column; an aggregate's x is the bucket, else the first group.
  const xIdx = t.kind === 'pivot' ? keyIdx[keyIdx.length - 1]! : (keyIdx.find((i) => t.columns[i]!.kind === 'bucket') ?? keyIdx[0]!);
  const otherKeys = keyIdx.filter((i) => i !== xIdx);
  const xs: Cell[] = [];
  const xPos = new Map<string, number>();
  const series = new Map<string, (number | null)[]>();
  for (const row of t.rows) {
    const xk = asText(row[xIdx]) ?? '';
    if (!xPos.has(xk)) {
      xPos.set(xk, xs.length);
      xs.push(row[xIdx]!);
      for (const values of series.values()) values.push(null);
    }
    const prefix = otherKeys.map((i) => label(row[i]!, t.columns[i])).join(' / ');
    for (const i of valueIdx) {
      const name = [prefix, valueIdx.length > 1 || !prefix ? t.columns[i]!.name : ''].filter(Boolean).join(' · ');
      let values = series.get(name);
      if (!values) series.set(name, (values = xs.map(() => null)));
      const v = asNumber(row[i]);
      if (v !== undefined) values[xPos.get(xk)!] = v;
    }
  }
  const axis = t.columns[xIdx]!.kind === 'bucket' ? 'time' : 'category';
  return { kind: 'series', axis, xName: t.columns[xIdx]!.name, x: xs, series: [...series].map(([name, values]) => ({ name, values })) };
}

function sliceData(t: ResultTable): PanelData {
  const keyIdx = t.columns.flatMap((c, i) => (isKey(c) ? [i] : []));
  const valueIdx = t.columns.findIndex((c) => !isKey(c));
  const slices = t.rows.flatMap((row) => {
    const v = asNumber(row[valueIdx]);
    if (v === undefined) return [];
    const name = keyIdx.length ? keyIdx.map((i) => label(row[i]!, t.columns[i])).join(' / ') : t.columns[valueIdx]!.name;
    return [{ name, value: v }];
  });
  return { kind: 'slices', slices };
}

function singleValue(panel: QueryPanel & { readonly query: Query }, t: ResultTable): PanelData {
  const idx = t.columns.findIndex((c) => c.kind === 'measure' || c.kind === 'pivot');
  const cell = idx >= 0 ? t.rows[0]?.[idx] : undefined;
  const measure = panel.query.aggregate?.measures[0];
  // No bucket at all means nothing was counted: zero, as Grafana's "no value" for counts says.
  const countsOnly = panel.query.aggregate?.measures.every((m) => m.fn === 'count' || m.fn === 'countDistinct') ?? false;
  const value = cell === undefined || cell === null ? (countsOnly ? 0 : null) : (asNumber(cell) ?? String(cell));
  return { kind: 'value', value, label: measure?.as ?? '' };
}

export function panelData(panel: PanelDef, ctx: EvalContext): PanelData | undefined {
  if (panel.type === 'text') return undefined;
  if (panel.query.kind === 'raw') return { kind: 'raw', reason: 'a hand-written query (raw) is sent to each product as written; the preview cannot evaluate it' };
  const p = panel as QueryPanel & { readonly query: Query };
  const query = panelQuery(p);
  switch (panel.type) {
    case 'singleValue':
    case 'gauge':
      return singleValue(p, evaluate(query, ctx));
    case 'timeSeries':
    case 'bar': {
      const data = seriesData(evaluate(query, ctx));
      return data.axis === 'time' && ctx.window ? { ...data, window: ctx.window } : data;
    }
    case 'pie':
      return sliceData(evaluate(query, ctx));
    case 'table':
      return { kind: 'table', table: evaluate(query, ctx) };
    case 'events':
      return { kind: 'table', table: evaluate(query, ctx, panel.columns ? { eventFields: panel.columns } : {}) };
  }
}
