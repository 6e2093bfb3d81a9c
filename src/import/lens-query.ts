// Kibana aggregations into neutral measures, grouping, buckets, order and limits: Lens
// `formBased` layers (columns) and legacy visualisations (visState aggs). What Lens does that the
// neutral model does not (formulas, last value, nested top-N terms, time shifts) is refused, or
// dropped with the difference said when it is only a column beside the ones kept.

import { autoSpan, durationText, relativeSeconds } from './common.js';
import type { FieldUse, MeasureStep, QuerySteps } from './model.js';

export class NotRecognised extends Error {}

function fail(why: string): never {
  throw new NotRecognised(why);
}

export interface Aggregation {
  readonly steps: Pick<QuerySteps, 'timeslice' | 'measures' | 'by' | 'sort' | 'limit'>;
  readonly approximations: string[];
}

interface Bucket {
  readonly kind: 'terms' | 'date';
  readonly field: string;
  readonly size?: number;
  /** Terms ordered by a metric (its id) or alphabetically. */
  readonly orderBy?: { readonly metric: string } | 'alphabetical';
  readonly direction?: 'asc' | 'desc';
  readonly interval?: string;
  readonly otherBucket?: boolean;
  readonly missingBucket?: boolean;
  /** A fixed span (not a calendar interval). */
  readonly fixed?: boolean;
}

interface Metric {
  readonly id: string;
  readonly fn: MeasureStep['fn'];
  readonly field?: string;
  readonly p?: number;
  readonly label?: string;
}

/** A measure alias from a column label, when the label is an identifier; else the default. */
function aliasFor(m: Metric, taken: Set<string>): string {
  const base = m.fn === 'count' ? 'count' : m.fn === 'countDistinct' ? `distinct_${m.field}` : m.fn === 'percentile' ? `p${String(m.p).replace('.', '_')}_${m.field}` : `${m.fn}_${m.field}`;
  let alias = base.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^[^A-Za-z]+/, '').slice(0, 31).replace(/_+$/, '') || 'value';
  for (let n = 2; taken.has(alias); n++) alias = `${alias.slice(0, 28)}_${n}`;
  taken.add(alias);
  return alias;
}

function interval(b: Bucket, rangeSeconds: number, approximations: string[]): string {
  const text = b.interval ?? 'auto';
  const normalised = /^[smhdw]$/.test(text) ? `1${text}` : text;
  const seconds = relativeSeconds(normalised);
  if (seconds !== undefined && durationText(seconds)) {
    if (!b.fixed && /^1?[dw]$/.test(text)) approximations.push(`Kibana's ${text} interval is a calendar ${text === 'w' || text === '1w' ? 'week' : 'day'} in the browser's time zone; polydash buckets by fixed 24-hour spans`);
    return durationText(seconds)!;
  }
  const span = autoSpan(rangeSeconds);
  approximations.push(`Kibana chooses the "${text}" interval from the time range; polydash uses a fixed ${span} (about 50 buckets over the dashboard's default range)`);
  return span;
}

/** Buckets and metrics (in Kibana's order) as neutral steps. */
export function aggregation(buckets: readonly Bucket[], metrics: readonly Metric[], rangeSeconds: number): Aggregation {
  const approximations: string[] = [];
  if (!metrics.length) fail('no metric');
  const taken = new Set<string>();
  const measures = metrics.map((m): MeasureStep & { id: string } => ({ id: m.id, fn: m.fn, ...(m.field ? { field: { native: m.field } } : {}), ...(m.p !== undefined ? { p: m.p } : {}), as: aliasFor(m, taken) }));
  const dates = buckets.filter((b) => b.kind === 'date');
  const terms = buckets.filter((b) => b.kind === 'terms');
  if (dates.length > 1) fail('two date histograms');
  if (terms.length > 1) fail('terms inside terms (Kibana keeps the top values per parent value, which a row limit cannot say)');
  const timeslice = dates[0] ? interval(dates[0], rangeSeconds, approximations) : undefined;
  const by: FieldUse[] = terms.map((t) => ({ native: t.field }));
  const sort: QuerySteps['sort'][number][] = [];
  let limit: number | undefined;
  const t = terms[0];
  if (t) {
    if (t.missingBucket) approximations.push(`the "missing" bucket of ${t.field} is not kept`);
    if (t.otherBucket) approximations.push(`Kibana groups the values after the top ${t.size ?? 10} into "Other"; polydash leaves them out`);
    if (timeslice) {
      approximations.push(`Kibana draws the top ${t.size ?? 10} values of ${t.field} over the whole range; polydash draws every value`);
    } else {
      if (t.orderBy === 'alphabetical') sort.push({ key: { native: t.field }, dir: t.direction ?? 'asc' });
      else if (t.orderBy && 'metric' in t.orderBy) {
        const id = t.orderBy.metric;
        const m = measures.find((x) => x.id === id);
        if (!m) fail(`terms ordered by a column (${id}) that is not kept`);
        sort.push({ key: m.as, dir: t.direction ?? 'desc' });
      } else fail(`the terms order of ${t.field}`);
      limit = t.size;
    }
  }
  return {
    steps: {
      ...(timeslice ? { timeslice } : {}),
      measures: measures.map(({ id: _id, ...m }) => m),
      by,
      sort,
      ...(limit !== undefined ? { limit } : {}),
    },
    approximations,
  };
}

const LENS_METRICS: Record<string, MeasureStep['fn']> = { count: 'count', unique_count: 'countDistinct', sum: 'sum', average: 'avg', min: 'min', max: 'max', percentile: 'percentile', median: 'percentile' };

export interface LensColumn {
  readonly operationType: string;
  readonly sourceField?: string;
  readonly label?: string;
  readonly params?: Record<string, unknown>;
  readonly filter?: { readonly query?: string; readonly language?: string };
  readonly timeShift?: string;
  readonly reducedTimeRange?: string;
  readonly isBucketed?: boolean;
}

/**
 * A Lens layer's columns. `ignoredFilter` is the KQL a column filter may repeat without changing
 * anything (the dashboard's own data-stream filter).
 */
export function lensAggregation(order: readonly string[], columns: Readonly<Record<string, LensColumn>>, rangeSeconds: number, ignoredFilter: (kql: string) => boolean): Aggregation {
  const buckets: Bucket[] = [];
  const metrics: Metric[] = [];
  const dropped: string[] = [];
  let reduced: string | undefined;
  for (const id of order) {
    const c = columns[id];
    if (!c) continue;
    const params = (c.params ?? {}) as Record<string, unknown>;
    if (c.timeShift) fail(`the column ${c.label ?? id} has a time shift`);
    if (c.reducedTimeRange) {
      // the last R of the time range: what a single value of R-long buckets shows (the latest one)
      const seconds = relativeSeconds(c.reducedTimeRange);
      if (!c.isBucketed && c.operationType !== 'date_histogram' && seconds !== undefined && durationText(seconds) && (reduced === undefined || reduced === durationText(seconds))) reduced = durationText(seconds)!;
      else fail(`the column ${c.label ?? id} has the reduced time range ${c.reducedTimeRange}`);
    }
    if (c.filter?.query && c.filter.query.trim() && !ignoredFilter(c.filter.query)) {
      if (c.operationType === 'last_value') {
        dropped.push(c.label ?? id);
        continue;
      }
      fail(`the column ${c.label ?? id} has its own filter ${JSON.stringify(c.filter.query)}`);
    }
    switch (c.operationType) {
      case 'date_histogram':
        buckets.push({ kind: 'date', field: String(c.sourceField), interval: String(params.interval ?? 'auto') });
        break;
      case 'terms': {
        const orderBy = params.orderBy as { type?: string; columnId?: string } | undefined;
        if (Array.isArray(params.secondaryFields) && params.secondaryFields.length) fail(`terms on several fields (${c.label ?? id})`);
        buckets.push({
          kind: 'terms',
          field: String(c.sourceField),
          size: Number(params.size ?? 5),
          ...(orderBy?.type === 'alphabetical' ? { orderBy: 'alphabetical' as const } : orderBy?.type === 'column' && orderBy.columnId ? { orderBy: { metric: orderBy.columnId } } : {}),
          direction: params.orderDirection === 'asc' ? 'asc' : 'desc',
          otherBucket: params.otherBucket === true,
          missingBucket: params.missingBucket === true,
        });
        break;
      }
      case 'last_value':
        dropped.push(c.label ?? id);
        break;
      default: {
        const fn = LENS_METRICS[c.operationType];
        if (!fn) fail(`the ${c.operationType} column ${c.label ?? id}`);
        const p = c.operationType === 'median' ? 50 : c.operationType === 'percentile' ? Number(params.percentile ?? 95) : undefined;
        metrics.push({ id, fn, ...(fn === 'count' ? {} : { field: String(c.sourceField) }), ...(p !== undefined ? { p } : {}), ...(c.label ? { label: c.label } : {}) });
      }
    }
  }
  if (!metrics.length && dropped.length) fail(`only last-value columns (${dropped.join(', ')})`);
  if (reduced) {
    if (buckets.length) fail('a reduced time range beside buckets');
    buckets.push({ kind: 'date', field: '@timestamp', interval: reduced, fixed: true });
  }
  const result = aggregation(buckets, metrics, rangeSeconds);
  if (reduced) result.approximations.push(`Kibana counts the last ${reduced} of the time range; polydash shows the latest ${reduced} bucket`);
  if (dropped.length) result.approximations.push(`the last-value column${dropped.length > 1 ? 's' : ''} ${dropped.map((d) => JSON.stringify(d)).join(', ')} (polydash has no last-value measure)`);
  return result;
}

const VIS_METRICS: Record<string, MeasureStep['fn']> = { count: 'count', cardinality: 'countDistinct', sum: 'sum', avg: 'avg', min: 'min', max: 'max', median: 'percentile', percentiles: 'percentile' };

export interface VisAgg {
  readonly id: string;
  readonly enabled?: boolean;
  readonly type: string;
  readonly schema?: string;
  readonly params?: Record<string, unknown>;
}

/** Legacy visualisation aggs (Kibana 5 to 7). */
export function visAggregation(aggs: readonly VisAgg[], rangeSeconds: number): Aggregation {
  const buckets: Bucket[] = [];
  const metrics: Metric[] = [];
  for (const a of aggs.filter((x) => x.enabled !== false)) {
    const params = a.params ?? {};
    if (a.schema === 'radius') continue; // dot size of a line chart: presentation only
    if (a.type === 'terms') {
      const orderBy = String(params.orderBy ?? '1');
      buckets.push({
        kind: 'terms',
        field: String(params.field),
        size: Number(params.size ?? 5),
        ...(orderBy === '_key' || orderBy === '_term' ? { orderBy: 'alphabetical' as const } : { orderBy: { metric: orderBy } }),
        direction: params.order === 'asc' ? 'asc' : 'desc',
        otherBucket: params.otherBucket === true,
        missingBucket: params.missingBucket === true,
      });
      if ((params.exclude as { pattern?: string } | undefined)?.pattern || (typeof params.exclude === 'string' && params.exclude)) fail(`terms on ${String(params.field)} exclude values`);
    } else if (a.type === 'date_histogram') {
      buckets.push({ kind: 'date', field: String(params.field ?? '@timestamp'), interval: String(params.interval ?? 'auto') });
    } else {
      const fn = VIS_METRICS[a.type];
      if (!fn) fail(`the ${a.type} aggregation`);
      let p: number | undefined;
      if (a.type === 'median') p = 50;
      if (a.type === 'percentiles') {
        const percents = params.percents as number[] | undefined;
        if (!percents || percents.length !== 1) fail('several percentiles in one aggregation');
        p = percents[0];
      }
      if (fn !== 'count' && typeof params.field !== 'string') fail(`${a.type} without a field`);
      metrics.push({ id: a.id, fn, ...(fn === 'count' ? {} : { field: String(params.field) }), ...(p !== undefined ? { p } : {}) });
    }
  }
  return aggregation(buckets, metrics, rangeSeconds);
}
