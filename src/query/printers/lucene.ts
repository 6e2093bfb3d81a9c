// Grafana's Elasticsearch datasource: a Lucene query_string for the filter plus a list of
// metric and bucket aggregations (query-languages.md §1.5), and Grafana transformations for
// the sorting and limits that aggregations cannot express. Settings are strings, as Grafana
// stores them. Nothing here parses text: the datasource has no query-time extraction.

import { durationSeconds } from '../duration.js';
import type { Aggregate, Duration, Extract, FieldRef, KeyRef, Measure, Operand, Pred, Query, SortKey, VariableRef } from '../nodes.js';
import { isVariableRef } from '../nodes.js';
import type { GrafanaElasticOutput, GrafanaTransformation } from '../outputs.js';
import { conjuncts } from '../tree.js';
import {
  checkFieldText,
  grafanaLuceneVariable,
  luceneField,
  luceneGlob,
  luceneGlobRegex,
  luceneNumber,
  luceneNumberTerm,
  lucenePhrase,
  luceneRange,
} from './lucene-escape.js';
import { Printer } from './printer.js';

type Metric = GrafanaElasticOutput['metrics'][number];
type BucketAgg = GrafanaElasticOutput['bucketAggs'][number];

/** Groups per terms aggregation when the query sets no limit: Sumo's transpose column cap. */
const DEFAULT_TERMS_SIZE = 300;
/** Grafana's own default for raw_data `size`. */
const DEFAULT_EVENT_SIZE = 500;
/** Elasticsearch's index.max_result_window default. */
const MAX_EVENT_SIZE = 10_000;
/** Bucket spans that divide 15 minutes start at the same instants in every time zone. */
const ZONE_SAFE_SECONDS = 900;
/** The time column of the time-series frames Grafana builds from a date_histogram. */
const TIME_COLUMN = 'Time';
/** Column names Grafana gives metrics (pkg/tsdb/elasticsearch, metricAggType). */
const METRIC_NAMES: Readonly<Record<string, string>> = {
  count: 'Count',
  avg: 'Average',
  sum: 'Sum',
  min: 'Min',
  max: 'Max',
  cardinality: 'Unique Count',
  percentiles: 'Percentiles',
};
const IMPLIED_COUNT: Measure = { kind: 'measure', fn: 'count', as: 'count' };

interface TermsSettings {
  size: string;
  order: 'asc' | 'desc';
  orderBy: string;
  min_doc_count: string;
}

interface Plan {
  readonly metrics: readonly Metric[];
  readonly measures: readonly Measure[];
  readonly groups: readonly FieldRef[];
  readonly terms: readonly TermsSettings[];
  readonly bucket: boolean;
  readonly transformations: GrafanaTransformation[];
}

const preview = (v: string): string => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
const label = (f: FieldRef): string => f.logical ?? f.name;

/** The inner predicate when `p` is a negation (`not`, or `!=` as NOT of `=`). */
function negated(p: Pred): Pred | undefined {
  if (p.kind === 'not') return p.arg;
  if (p.kind === 'compare' && p.op === '!=') return { ...p, op: '=' };
  return undefined;
}

function disjuncts(p: Pred): Pred[] {
  return p.kind === 'or' ? p.args.flatMap(disjuncts) : [p];
}

/** Interval for a fixed-length date_histogram; days and weeks in hours so no reader takes them for calendar units. */
function interval(span: Duration): string {
  if (span.unit === 'd') return `${span.n * 24}h`;
  if (span.unit === 'w') return `${span.n * 168}h`;
  return `${span.n}${span.unit}`;
}

/** How Elasticsearch names a percentile key: Java's Double.toString ("95.0", "99.9"). */
function percentKey(p: number): string {
  return Number.isInteger(p) ? `${p}.0` : String(p);
}

/** A metric's column in the table Grafana builds when terms is the last bucket aggregation. */
function tableColumn(metrics: readonly Metric[], m: Metric): string {
  if (m.type === 'percentiles') return `p${percentKey(Number((m.settings?.['percents'] as string[])[0]))} ${m.field}`;
  const name = METRIC_NAMES[m.type]!;
  const sameType = metrics.filter((x) => x.type === m.type).length;
  return m.type !== 'count' && sameType > 1 ? `${name} ${m.field}` : name;
}

/** A metric's series name when a date_histogram comes last and there are no terms. */
function seriesName(m: Metric): string {
  if (m.type === 'count') return 'Count';
  if (m.type === 'percentiles') return `p${percentKey(Number((m.settings?.['percents'] as string[])[0]))} ${m.field}`;
  return `${METRIC_NAMES[m.type]!} ${m.field}`;
}

const sortBy = (field: string, desc: boolean): GrafanaTransformation => ({ id: 'sortBy', options: { fields: {}, sort: [{ field, desc }] } });
const limitRows = (n: number): GrafanaTransformation => ({ id: 'limit', options: { limitField: n } });

export class LucenePrinter extends Printer {
  private message = 'message';

  print(query: Query): GrafanaElasticOutput {
    const binding = query.source.elastic;
    if (!binding) return this.unsupported('lucene.no-binding', `source "${query.source.id}" has no elastic binding (dataView, optional timeField, messageField, filter)`);
    if (query.extract.length > 0) this.extraction(query.extract[0]!);
    const timeField = binding.timeField ?? '@timestamp';
    checkFieldText(timeField, `time field of source "${query.source.id}"`);
    this.message = luceneField(binding.messageField ?? 'message');
    const fixed = Object.entries(binding.filter ?? {}).map(
      ([field, value]) => `${luceneField(field)}:${lucenePhrase(value, `filter value of ${field} in source "${query.source.id}"`)}`,
    );
    const items = conjuncts(query.filter);
    const text = fixed.length === 0 && items.length === 0 ? '*' : this.and(items, fixed);
    const { metrics, bucketAggs, transformations } = query.aggregate ? this.aggregate(query, query.aggregate, timeField) : this.events(query);
    return Object.freeze({
      query: text,
      timeField,
      metrics: Object.freeze(metrics),
      bucketAggs: Object.freeze(bucketAggs),
      transformations: Object.freeze(transformations),
    });
  }

  // ---- extraction ---------------------------------------------------------------------
  private extraction(e: Extract): never {
    const what =
      e.kind === 'parse' ? `parse ${preview(e.parts.map((p) => (typeof p === 'string' ? p : '*')).join(''))}`
      : e.kind === 'parseRegex' ? `parseRegex ${preview(e.source)}`
      : `json ${e.paths.map((p) => p.as).join(', ')}`;
    const processor = e.kind === 'json' ? 'a json processor' : 'a dissect or grok processor';
    return this.unsupported(
      e.kind === 'json' ? 'lucene.json' : 'lucene.parse',
      `Grafana's Elasticsearch datasource cannot extract fields from the message at query time (${what}). ` +
        `Extract them at ingest (an Elasticsearch ingest pipeline with ${processor}) and map them in the source's elastic binding ` +
        `(fields: { name: { elastic: '...' } }), or query this source with Grafana's Loki datasource, which parses at query time.`,
    );
  }

  // ---- the Lucene query string --------------------------------------------------------
  /**
   * Conjunction with explicit AND (query_string's default operator is OR). A clause list made
   * only of NOT clauses matches nothing in Lucene, so it is anchored on all documents (`*:*`).
   */
  private and(items: readonly Pred[], fixed: readonly string[] = []): string {
    const parts = [...fixed];
    let positive = fixed.length > 0;
    for (const item of items.flatMap((p) => conjuncts(p))) {
      const inner = negated(item);
      if (inner) parts.push(`NOT ${this.clause(inner)}`);
      else {
        parts.push(this.clause(item));
        positive = true;
      }
    }
    if (!positive) parts.unshift('*:*');
    return parts.join(' AND ');
  }

  /** A predicate as one self-contained clause; and/or/not are always parenthesised (Lucene has no real precedence). */
  private clause(p: Pred): string {
    if (p.kind === 'and') return `(${this.and([p])})`;
    if (p.kind === 'or') return `(${disjuncts(p).map((a) => this.clause(a)).join(' OR ')})`;
    if (negated(p)) return `(${this.and([p])})`;
    return this.leaf(p);
  }

  private leaf(p: Pred): string {
    switch (p.kind) {
      case 'term':
        if (isVariableRef(p.value)) return this.termVariable(p.value);
        return `${this.message}:${lucenePhrase(p.value, `search term ${preview(p.value)}`)}`;
      case 'phrase':
        return `${this.message}:${lucenePhrase(p.value, `phrase ${preview(p.value)}`)}`;
      case 'compare':
        return this.compare(p.field, p.op, p.value);
      case 'in': {
        const f = luceneField(p.field.name);
        const values = p.values.map((v) =>
          typeof v === 'number' ? luceneNumberTerm(v) : typeof v === 'boolean' ? String(v) : lucenePhrase(v, `value of ${label(p.field)}`),
        );
        return values.length === 1 ? `${f}:${values[0]}` : `${f}:(${values.join(' OR ')})`;
      }
      case 'wildcard': {
        const f = luceneField(p.field.name);
        const what = `pattern for ${label(p.field)}`;
        // without a wildcard it is plain equality
        if (p.pattern.every((part) => typeof part === 'string')) return `${f}:${lucenePhrase(p.pattern.join(''), what)}`;
        const glob = luceneGlob(p.pattern, what);
        if (glob !== undefined) return `${f}:${glob}`;
        this.note(
          'lucene.glob-as-regex',
          `the ${what} holds <, > or $, which an unquoted query_string wildcard cannot carry safely; it is written as the equivalent (anchored) Lucene regular expression`,
        );
        return `${f}:${luceneGlobRegex(p.pattern, what)}`;
      }
      case 'exists':
        return `_exists_:${luceneField(p.field.name)}`;
      default:
        return this.unsupported('lucene.internal', `unexpected ${p.kind} in a leaf position`);
    }
  }

  private compare(field: FieldRef, op: string, value: Operand): string {
    const f = luceneField(field.name);
    if (isVariableRef(value)) {
      if (op !== '=') this.unsupported('lucene.variable-compare', `variable $${value.name} can only be compared with = or !=`);
      this.variableNotes(value);
      return `${f}:${grafanaLuceneVariable(value)}`;
    }
    if (typeof value === 'number') return op === '=' ? `${f}:${luceneNumberTerm(value)}` : `${f}:${luceneRange(op as '<' | '<=' | '>' | '>=', value)}`;
    if (op !== '=') return this.unsupported('lucene.string-order', `${label(field)} ${op} needs a number`);
    if (typeof value === 'boolean') return `${f}:${value}`;
    return `${f}:${lucenePhrase(value, `value of ${label(field)}`)}`;
  }

  private termVariable(v: VariableRef): string {
    this.variableNotes(v);
    this.approximate(
      'lucene.variable-term-words',
      `keyword variable $${v.name}: Grafana inserts one chosen value as a single unquoted term; if the message analyser splits it into several words, query_string ORs them, which matches more than the whole keyword`,
    );
    return `${this.message}:${grafanaLuceneVariable(v)}`;
  }

  private variableNotes(v: VariableRef): void {
    this.note(
      'lucene.variable-format',
      `variable $${v.name} is written \${${v.name}:lucene}: Grafana backslash-escapes one chosen value (several become ("a" OR "b")), ` +
        `but inserts a value JavaScript reads as a number unescaped (-1, +1, " 1", 0x10, 1e5, Infinity, an empty or blank value): ` +
        `a leading - or + or a blank value makes the query fail to parse, and surrounding blanks are dropped. ` +
        `It does not escape the words AND, OR and NOT (a parse error), and a value starting with < or > becomes a range query, because Elasticsearch reads the operator after unescaping. ` +
        `It leaves $ as is and Grafana interpolates the target a second time, so a value containing $name or \${name} is substituted again. ` +
        `The Grafana target should restrict the variable's values (a variable regex excluding these) to rule them out.`,
    );
    if (v.includeAll) {
      this.note(
        'lucene.variable-all',
        `variable $${v.name}: "All" becomes every option as ("a" OR "b" …), or the variable's custom all value inserted verbatim (a custom * matches only documents that have the field)`,
      );
    }
  }

  // ---- raw events ---------------------------------------------------------------------
  private events(query: Query): { metrics: Metric[]; bucketAggs: BucketAgg[]; transformations: GrafanaTransformation[] } {
    for (const k of query.sort) {
      if (!(k.ref.kind === 'bucket' && k.dir === 'desc')) {
        if (k.ref.kind === 'unresolved') this.unresolved(k.ref);
        this.unsupported('lucene.event-sort', `a raw event list in Grafana's Elasticsearch datasource is always newest first; it cannot be sorted by ${k.key} ${k.dir}`);
      }
    }
    if (query.bucket) this.note('lucene.bucket-ignored', 'a raw event list has no time buckets: the timeslice is ignored');
    let size = query.limit ?? DEFAULT_EVENT_SIZE;
    if (query.limit === undefined) this.note('lucene.event-size', `no limit was given: the raw event list shows the newest ${DEFAULT_EVENT_SIZE} events (Grafana's default size)`);
    if (size > MAX_EVENT_SIZE) {
      this.approximate('lucene.event-size-cap', `Elasticsearch returns at most ${MAX_EVENT_SIZE} events per search (index.max_result_window), not ${size}`);
      size = MAX_EVENT_SIZE;
    }
    return { metrics: [{ id: '1', type: 'raw_data', settings: { size: String(size) } }], bucketAggs: [], transformations: [] };
  }

  // ---- aggregations -------------------------------------------------------------------
  private aggregate(query: Query, agg: Aggregate, timeField: string): { metrics: Metric[]; bucketAggs: BucketAgg[]; transformations: GrafanaTransformation[] } {
    if (!query.bucket && agg.by.length === 0) {
      this.unsupported(
        'lucene.no-buckets',
        "Grafana's Elasticsearch datasource needs at least one bucket aggregation: group by a field or add a timeslice (a single-value panel can reduce the series to one number)",
      );
    }
    const measures = agg.measures.length ? agg.measures : [IMPLIED_COUNT];
    const metrics = measures.map((m, i) => this.metric(m, String(i + 1)));
    const terms: TermsSettings[] = agg.by.map(() => ({ size: String(DEFAULT_TERMS_SIZE), order: 'desc', orderBy: '_count', min_doc_count: '1' }));
    const plan: Plan = { metrics, measures, groups: agg.by, terms, bucket: query.bucket !== undefined, transformations: [] };

    const [primary, ...secondary] = query.sort;
    if (primary && secondary.length) {
      this.approximate(
        'lucene.secondary-sort',
        `only the first sort key (${primary.key}) is applied: terms ordering and Grafana's sortBy transformation take one key, so ties keep Elasticsearch's order`,
      );
    }
    const explicitSize = plan.bucket ? this.orderSeries(plan, primary, query.limit) : this.orderTable(plan, primary, query.limit);
    if (query.pivot) this.pivot(plan, query.pivot.row, query.pivot.column);
    const defaulted = agg.by.filter((_, i) => i !== explicitSize);
    if (defaulted.length) {
      this.note(
        'lucene.terms-size',
        `each terms aggregation (${defaulted.map(label).join(', ')}) returns at most ${DEFAULT_TERMS_SIZE} groups, like Sumo Logic's transpose column cap; Sumo Logic and Splunk otherwise return every group`,
      );
    }

    let nextId = metrics.length + 1;
    const bucketAggs: BucketAgg[] = agg.by.map((f, i) => ({ id: String(nextId++), type: 'terms', field: this.aggField(f), settings: { ...terms[i]! } }));
    if (query.bucket) {
      const span = query.bucket.span;
      const seconds = durationSeconds(span);
      if (seconds > ZONE_SAFE_SECONDS || ZONE_SAFE_SECONDS % seconds !== 0) {
        this.approximate(
          'lucene.bucket-alignment',
          `${interval(span)} buckets start at multiples of the span from the UTC epoch (Grafana sends no time zone by default), while Sumo Logic and Splunk align them in the viewer's time zone`,
        );
      }
      // min_doc_count 1: empty buckets are omitted, as Sumo Logic aggregates and Splunk stats omit them.
      bucketAggs.push({ id: String(nextId++), type: 'date_histogram', field: timeField, settings: { interval: interval(span), min_doc_count: '1' } });
    }
    return { metrics, bucketAggs, transformations: plan.transformations };
  }

  private metric(m: Measure, id: string): Metric {
    const field = (): string => {
      if (!m.field) return this.unsupported('lucene.internal', `measure ${m.as} has no field`);
      return this.aggField(m.field);
    };
    switch (m.fn) {
      case 'count':
        return { id, type: 'count' };
      case 'countDistinct':
        this.approximate(
          'lucene.cardinality',
          `${m.as}: Elasticsearch's cardinality aggregation is a HyperLogLog++ estimate (close to exact below its precision_threshold, 3,000 by default), not an exact distinct count`,
        );
        return { id, type: 'cardinality', field: field() };
      case 'percentile':
        this.approximate('lucene.percentiles', `${m.as}: Elasticsearch's percentiles aggregation is a t-digest estimate`);
        return { id, type: 'percentiles', field: field(), settings: { percents: [luceneNumber(m.p!)] } };
      default:
        return { id, type: m.fn, field: field() };
    }
  }

  private aggField(f: FieldRef): string {
    checkFieldText(f.name, `field name ${JSON.stringify(f.name)}`);
    return f.name;
  }

  /** The metric a measure sort key names. */
  private metricFor(plan: Plan, ref: KeyRef): Metric {
    const i = ref.kind === 'measure' ? plan.measures.findIndex((m) => m.as === ref.alias) : -1;
    if (i < 0) return this.unsupported('lucene.internal', 'a measure sort key without its measure');
    return plan.metrics[i]!;
  }

  /** terms `orderBy` for a measure: `_count`, a metric id, or undefined (percentiles need a bucket path Grafana does not write). */
  private orderByMeasure(plan: Plan, ref: KeyRef): string | undefined {
    const m = this.metricFor(plan, ref);
    if (m.type === 'count') return '_count';
    if (m.type === 'percentiles') return undefined;
    return m.id;
  }

  private groupIndex(plan: Plan, ref: KeyRef): number {
    return ref.kind === 'group' ? plan.groups.findIndex((g) => g.name === ref.field.name) : -1;
  }

  private checkKey(plan: Plan, key: SortKey): void {
    const { ref } = key;
    if (ref.kind === 'unresolved') this.unresolved(ref);
    if (ref.kind === 'bucket' && !plan.bucket) this.unresolved({ kind: 'unresolved', key: key.key });
    if (ref.kind === 'group' && this.groupIndex(plan, ref) < 0) this.unresolved({ kind: 'unresolved', key: key.key });
  }

  /**
   * Without time buckets Grafana returns one table. One group field: the terms aggregation
   * sorts and cuts the rows itself. Several: nested terms, then Grafana sorts and cuts the
   * flattened table. Returns the index of the terms aggregation whose size the limit set.
   */
  private orderTable(plan: Plan, key: SortKey | undefined, limit: number | undefined): number | undefined {
    const single = plan.groups.length === 1;
    let viaTerms = true;
    if (key) {
      this.checkKey(plan, key);
      const { ref } = key;
      if (ref.kind === 'bucket') return this.unsupported('lucene.internal', 'a bucket sort without a bucket');
      if (ref.kind === 'group') {
        const i = this.groupIndex(plan, ref);
        if (i === 0) Object.assign(plan.terms[0]!, { orderBy: '_term', order: key.dir });
        else {
          viaTerms = false;
          plan.transformations.push(sortBy(ref.field.name, key.dir === 'desc'));
          this.note('lucene.sort-transformation', `rows are sorted by ${key.key} ${key.dir} with Grafana's sortBy transformation (column "${ref.field.name}")`);
        }
      } else {
        const orderBy = this.orderByMeasure(plan, ref);
        // every level ordered by the measure keeps the best groups when sizes cut
        if (orderBy) for (const t of plan.terms) Object.assign(t, { orderBy, order: key.dir });
        if (!single || !orderBy) {
          viaTerms = false;
          const column = tableColumn(plan.metrics, this.metricFor(plan, ref));
          plan.transformations.push(sortBy(column, key.dir === 'desc'));
          this.note('lucene.sort-transformation', `rows are sorted by ${key.key} ${key.dir} with Grafana's sortBy transformation (column "${column}")`);
        }
      }
    }
    if (limit === undefined) return undefined;
    if (single && viaTerms) {
      plan.terms[0]!.size = String(limit);
      if (plan.terms[0]!.orderBy !== '_term') {
        this.approximate(
          'lucene.terms-top-n',
          `the limit of ${limit} is the terms size: Elasticsearch takes the top terms on each shard and merges them, so with data on several shards the groups near the cut and their counts can be slightly off (doc_count_error_upper_bound)`,
        );
      }
      return 0;
    }
    plan.transformations.push(limitRows(limit));
    this.note('lucene.limit-transformation', `the first ${limit} rows are kept with Grafana's limit transformation, after sorting`);
    return undefined;
  }

  /**
   * With time buckets the date_histogram comes last and Grafana returns one time series per
   * combination of group values, each in time order.
   */
  private orderSeries(plan: Plan, key: SortKey | undefined, limit: number | undefined): number | undefined {
    const grouped = plan.groups.length > 0;
    if (key) {
      this.checkKey(plan, key);
      const { ref } = key;
      if (ref.kind === 'bucket') {
        // ascending is the date_histogram's own order
        if (key.dir === 'desc') {
          plan.transformations.push(sortBy(TIME_COLUMN, true));
          this.note('lucene.sort-transformation', `rows are sorted newest first with Grafana's sortBy transformation (column "${TIME_COLUMN}")${grouped ? ', within each series' : ''}`);
        }
      } else if (ref.kind === 'group') {
        const i = this.groupIndex(plan, ref);
        Object.assign(plan.terms[i]!, { orderBy: '_term', order: key.dir });
        if (i === 0) this.note('lucene.series-order', `series are ordered by ${key.key} ${key.dir}; the rows of each series by time`);
        else this.approximate('lucene.sort-across-series', `only the series, not the rows, can be ordered by ${key.key}, and only within each value of ${label(plan.groups[0]!)}`);
      } else if (!grouped) {
        const m = this.metricFor(plan, ref);
        plan.transformations.push(sortBy(seriesName(m), key.dir === 'desc'));
        this.note('lucene.sort-transformation', `rows are sorted by ${key.key} ${key.dir} with Grafana's sortBy transformation (column "${seriesName(m)}")`);
      } else {
        const orderBy = this.orderByMeasure(plan, ref);
        if (orderBy) for (const t of plan.terms) Object.assign(t, { orderBy, order: key.dir });
        this.approximate(
          'lucene.sort-across-series',
          `rows cannot be sorted by ${key.key} across series: each series stays in time order${orderBy ? `, and the series are ordered by their overall ${key.key}` : ''}`,
        );
      }
    }
    if (limit !== undefined) {
      plan.transformations.push(limitRows(limit));
      if (grouped) this.approximate('lucene.limit-per-series', `Grafana's limit transformation keeps the first ${limit} rows of each series, not ${limit} rows in all`);
      else this.note('lucene.limit-transformation', `the first ${limit} rows are kept with Grafana's limit transformation, after sorting`);
    }
    return undefined;
  }

  /**
   * Terms before the date_histogram already give one series per value, which is the pivot of
   * time rows by a group column. Two group fields become Grafana's grouping-to-matrix.
   */
  private pivot(plan: Plan, row: KeyRef, column: KeyRef): void {
    for (const ref of [row, column]) if (ref.kind === 'unresolved') this.unresolved(ref);
    if (row.kind === 'bucket' && column.kind === 'group') {
      if (plan.groups.length > 1) {
        this.approximate('lucene.pivot-extra-groups', `besides ${label(column.field)}, the query groups by ${plan.groups.filter((g) => g.name !== column.field.name).map(label).join(', ')}: there is one series per combination of values`);
      }
      return;
    }
    if (row.kind === 'group' && column.kind === 'group' && !plan.bucket && plan.metrics.length === 1) {
      const valueField = tableColumn(plan.metrics, plan.metrics[0]!);
      plan.transformations.push({ id: 'groupingToMatrix', options: { columnField: column.field.name, rowField: row.field.name, valueField } });
      this.note('lucene.pivot-matrix', `the pivot is Grafana's groupingToMatrix transformation (rows "${row.field.name}", columns "${column.field.name}", values "${valueField}")`);
      return;
    }
    this.unsupported(
      'lucene.pivot',
      'Grafana\'s Elasticsearch datasource can pivot time-bucket rows by one group field (terms before the date_histogram), or one group field by another with a single measure; not this transpose',
    );
  }

  private unresolved(ref: KeyRef): never {
    return this.unsupported('query.unresolved-key', `key ${ref.kind === 'unresolved' ? JSON.stringify(ref.key) : ''} is not a measure, group-by field or the time bucket`);
  }
}
