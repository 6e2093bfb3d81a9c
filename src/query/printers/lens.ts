// Kibana Lens `formBased`: a KQL filter plus one layer of columns (query-languages.md §1.3,
// vendor-formats.md §2.4). Columns are written with the keys and value types of real Kibana
// exports. Text parsing becomes data-view runtime fields (painless.ts); variables become
// dashboard controls, never KQL text.

import { durationSeconds, formatDuration } from '../duration.js';
import type { Aggregate, Duration, Extract, FieldRef, KeyRef, Measure, Pred, Query } from '../nodes.js';
import type { LensColumn, LensOutput, VariableFilter } from '../outputs.js';
import type { RegexNode } from '../regex/ast.js';
import { conjuncts } from '../tree.js';
import { deepFreeze } from '../../util/freeze.js';
import { KqlPrinter } from './kql.js';
import type { Extractor, RuntimeType } from './painless.js';
import { anchorRegex } from '../regex/anchor.js';
import { mandatoryCaptures } from '../regex/ast.js';
import { captureScript, checkCaptureName, grokPattern, matchScript, RuntimeFields } from './painless.js';
import { Printer } from './printer.js';

/**
 * Terms size when the query sets no limit: Sumo Logic's transpose shows at most 300 columns,
 * and query-languages.md §5.2 (Q1) uses 300. A note says when it could cut results.
 */
export const DEFAULT_TERMS_SIZE = 300;
/** Kibana's `histogram:maxBars` default since 8.6 (100 before). */
const MAX_BARS = 1000;
const BUCKET_COLUMN = 'bucket';
const groupColumn = (f: FieldRef): string => `group_${f.logical ?? f.name}`;
const metricColumn = (alias: string): string => `metric_${alias}`;

const METRIC_OPERATION: Record<Measure['fn'], string> = {
  count: 'count',
  countDistinct: 'unique_count',
  sum: 'sum',
  avg: 'average',
  min: 'min',
  max: 'max',
  percentile: 'percentile',
};

/** One parse of the query, as a runtime-field extractor. */
interface Parsing {
  readonly input: string;
  readonly extractor: Extractor;
  readonly captures: readonly string[];
  /** A capture that has a value whenever the line matches (the drop filter tests it). */
  readonly alwaysPresent?: string;
}

/** Prints a mapped query as a Lens layer; raw event queries get KQL only (a saved search). */
export class LensPrinter extends Printer {
  private runtime = new RuntimeFields();
  private parsings: Parsing[] = [];
  private captureOwner = new Map<string, number>();

  print(query: Query): LensOutput {
    const binding = query.source.elastic;
    if (!binding) this.unsupported('lens.no-binding', `source "${query.source.id}" has no elastic binding`);
    this.runtime = new RuntimeFields();
    this.captureOwner = new Map();
    const messageField = binding.messageField ?? 'message';
    const timeField = binding.timeField ?? '@timestamp';
    this.parsings = query.extract.map((e, i) => this.parsing(e, i, messageField));

    const variableFilters: VariableFilter[] = [];
    const filters = [...conjuncts(query.filter), ...conjuncts(query.postFilter)].filter((c) => {
      const v = this.variableFilter(c);
      if (v) variableFilters.push(v);
      return !v;
    });

    const agg = query.aggregate ? this.layer(query, query.aggregate, timeField) : this.events(query);
    // Non-matching lines must be dropped, as the parse drops them: a terms column on a
    // capture already leaves them out; otherwise test that the parse matched.
    const drops: Pred[] = this.parsings.flatMap((_, i) =>
      agg.parsingsInBuckets.has(i) ? [] : [{ kind: 'exists', field: { kind: 'field', name: this.dropField(i) } } as const],
    );
    const bindingFilters: Pred[] = Object.entries(binding.filter ?? {}).map(([name, value]) => ({
      kind: 'compare',
      field: { kind: 'field', name, logical: name },
      op: '=',
      value,
    }));
    const all = [...bindingFilters, ...filters, ...drops];
    const kqlPrinter = new KqlPrinter(messageField, (f, type) => this.runtimeField(f.name, type));
    const kql = kqlPrinter.print(all.length === 0 ? undefined : all.length === 1 ? all[0] : { kind: 'and', args: all });
    for (const d of kqlPrinter.diagnosticsSoFar()) {
      if (d.severity === 'approximate') this.approximate(d.code, d.message);
      else this.note(d.code, d.message);
    }

    return deepFreeze({
      kql,
      ...(agg.layer ? { layer: agg.layer } : {}),
      roles: agg.roles,
      sort: agg.sort,
      runtimeFields: this.runtime.list(),
      variableFilters,
    });
  }

  // ---- parsing → runtime fields ---------------------------------------------------------

  private parsing(e: Extract, index: number, messageField: string): Parsing {
    if (e.kind === 'json') {
      return this.unsupported('lens.json', 'JSON extraction: Elasticsearch parses JSON at ingest, not at query time; map the JSON fields in the source\'s elastic binding (fields) and query them directly');
    }
    if (e.input?.extracted) {
      this.unsupported('lens.parse-extracted-input', `parsing the extracted field ${e.input.name}: a runtime field reads _source and cannot parse another runtime field's value`);
    }
    const input = e.input?.name ?? messageField;
    const captures = e.kind === 'parse' ? e.parts.flatMap((p) => (typeof p === 'string' ? [] : [p.capture])) : [...e.captures];
    for (const c of captures) {
      checkCaptureName(c);
      if (this.captureOwner.has(c)) this.unsupported('lens.duplicate-capture', `${c} is extracted twice; each runtime field needs one definition`);
      this.captureOwner.set(c, index);
    }
    if (e.kind === 'parse') {
      // grok with lazy groups is the anchor parse exactly; dissect is not (a repeated delimiter
      // gives the next key an empty value, and captures run across line breaks).
      return { input, extractor: { kind: 'grok', pattern: grokPattern(anchorRegex(e.parts)) }, captures, alwaysPresent: captures[0]! };
    }
    if (usesShorthand(e.regex)) {
      this.note('lens.grok-dialect', 'grok uses the Oniguruma (Joni) regex engine: \\d, \\w, \\s and \\b may treat non-ASCII characters differently from other products\' engines');
    }
    const mandatory = mandatoryCaptures(e.regex);
    return { input, extractor: { kind: 'grok', pattern: grokPattern(e.regex) }, captures, ...(mandatory[0] ? { alwaysPresent: mandatory[0] } : {}) };
  }

  /** The runtime field holding `capture` as `type`, added to the output on first use. */
  private runtimeField(capture: string, type: RuntimeType): string {
    const index = this.captureOwner.get(capture);
    if (index === undefined) return this.unsupported('lens.internal', `${capture} is marked extracted but no parse produces it`);
    const p = this.parsings[index]!;
    this.note('lens.runtime-source', `captures are data-view runtime fields that parse ${p.input} from _source at query time: text fields have no doc values, so each matching document's _source is loaded and parsed (slower over long time ranges; an ingest pipeline with dissect or grok is faster)`);
    if (type === 'double') {
      this.approximate('lens.numeric-capture', `${capture} is used as a number: the runtime field converts the captured text with Double.parseDouble and skips text that is not a number`);
    }
    return this.runtime.add(capture, type, captureScript(p.input, p.extractor, capture, type));
  }

  private dropField(index: number): string {
    const p = this.parsings[index]!;
    if (p.alwaysPresent) return this.runtimeField(p.alwaysPresent, 'keyword');
    return this.runtime.add('matched', 'keyword', matchScript(p.input, p.extractor));
  }

  private fieldName(f: FieldRef, type: RuntimeType): string {
    return f.extracted ? this.runtimeField(f.name, type) : f.name;
  }

  // ---- variables → controls --------------------------------------------------------------

  /** A top-level `field = variable` (or its negation) becomes a control; anywhere else KQL refuses it. */
  private variableFilter(c: Pred): VariableFilter | undefined {
    const negated = c.kind === 'not';
    const p = c.kind === 'not' ? c.arg : c;
    if (p.kind !== 'compare' || typeof p.value !== 'object') return undefined;
    if (p.op !== '=' && p.op !== '!=') {
      this.unsupported('lens.variable-compare', `variable ${p.value.name} can only be compared with = or !=`);
    }
    const field = this.fieldName(p.field, 'keyword');
    this.note(
      'lens.variable-control',
      `variable ${p.value.name} becomes an options-list control on ${field}: a Kibana control filters every panel of the dashboard built on the same data view, including panels whose query does not use the variable`,
    );
    return { variable: p.value.name, field, negate: negated !== (p.op === '!=') };
  }

  // ---- raw events ------------------------------------------------------------------------

  private events(query: Query): Built {
    for (const k of query.sort) {
      this.resolved(k.ref);
      if (k.ref.kind !== 'bucket' || k.dir !== 'desc') {
        this.unsupported('lens.event-sort', `sort by ${k.key} ${k.dir}: a Kibana saved search lists events newest first`);
      }
    }
    if (query.pivot) this.unsupported('lens.pivot', 'transpose needs an aggregation');
    if (query.bucket) this.note('lens.event-bucket', 'time buckets without an aggregation only label events; a saved search shows event times instead');
    if (query.limit !== undefined) {
      this.note('lens.event-limit', `limit ${query.limit}: a saved search pages through events; the Kibana target must set its sample size to ${query.limit}`);
    }
    return { roles: { groups: [], metrics: [] }, sort: [], parsingsInBuckets: new Set() };
  }

  // ---- the layer -------------------------------------------------------------------------

  private layer(query: Query, agg: Aggregate, timeField: string): Built {
    for (const k of query.sort) this.resolved(k.ref);
    const measures: readonly Measure[] = agg.measures.length ? agg.measures : [{ kind: 'measure', fn: 'count', as: 'count' }];
    const columns: Record<string, LensColumn> = {};
    const add = (id: string, column: LensColumn, what: string): void => {
      if (Object.hasOwn(columns, id)) this.unsupported('lens.duplicate-column', `${what} appears twice`);
      columns[id] = column;
    };

    const metricIds = measures.map((m) => {
      add(metricColumn(m.as), this.metric(m), `measure ${m.as}`);
      return metricColumn(m.as);
    });

    const bucketColumns = agg.by.length + (query.bucket ? 1 : 0);
    if (query.limit !== undefined && (bucketColumns > 1 || query.bucket)) {
      this.approximate('lens.row-limit', `limit ${query.limit} counts rows; Lens cannot cut rows, only values per terms column (size ${query.limit} each), and never date histogram buckets`);
    }
    const parsingsInBuckets = new Set<number>();
    const groupIds = agg.by.map((f) => {
      if (f.extracted) parsingsInBuckets.add(this.captureOwner.get(f.name)!);
      add(groupColumn(f), this.terms(f, query, metricIds[0]!), `group-by field ${f.logical ?? f.name}`);
      return groupColumn(f);
    });
    if (query.bucket) add(BUCKET_COLUMN, this.dateHistogram(query.bucket.span, timeField), 'the time bucket');

    const breakdown = query.pivot ? this.pivotColumn(query) : undefined;
    const groups = groupIds.filter((id) => id !== breakdown);
    const x = query.bucket ? BUCKET_COLUMN : undefined;
    // Lens puts the split (breakdown) terms first, then other terms, then the date histogram:
    // terms outside the histogram pick the top values over the whole time range.
    const columnOrder = [...(breakdown ? [breakdown] : []), ...groups, ...(x ? [x] : []), ...metricIds];

    const sort = query.sort.map((k) => ({ columnId: this.columnOf(k.ref), direction: k.dir }));
    if (sort.length > 1) {
      this.approximate('lens.multi-sort', `Lens tables sort by one column: only ${query.sort[0]!.key} ${query.sort[0]!.dir} applies, later sort keys are ignored`);
    }
    return {
      // Columns listed in column order, for readable output.
      layer: { columnOrder, columns: Object.fromEntries(columnOrder.map((id) => [id, columns[id]!])) },
      roles: { ...(x ? { x } : {}), ...(breakdown ? { breakdown } : {}), groups, metrics: metricIds },
      sort,
      parsingsInBuckets,
    };
  }

  private metric(m: Measure): LensColumn {
    const common = { label: m.as, customLabel: true, dataType: 'number', operationType: METRIC_OPERATION[m.fn], isBucketed: false, scale: 'ratio' } as const;
    if (m.fn === 'count') return { ...common, sourceField: '___records___', params: { emptyAsNull: true } };
    const field = m.field;
    if (!field) return this.unsupported('lens.internal', `measure ${m.as} has no field`);
    if (m.fn === 'countDistinct') {
      this.approximate('lens.unique-count', 'Lens unique_count is the Elasticsearch cardinality aggregation (HyperLogLog++): close to exact below 3,000 distinct values, an estimate above');
      return { ...common, sourceField: this.fieldName(field, 'keyword'), params: { emptyAsNull: true } };
    }
    if (!field.extracted && field.type === 'string') {
      this.unsupported('lens.non-numeric-measure', `${m.fn}(${field.logical ?? field.name}): Lens computes it only on numeric fields, and the source declares this field a string`);
    }
    const sourceField = this.fieldName(field, 'double');
    if (m.fn === 'percentile') {
      this.approximate('lens.percentile', 'Lens percentile is the Elasticsearch percentiles aggregation (t-digest): an estimate, exact only for small data sets');
      return { ...common, sourceField, params: { percentile: m.p! } };
    }
    return { ...common, sourceField, params: { emptyAsNull: true } };
  }

  private terms(f: FieldRef, query: Query, firstMetric: string): LensColumn {
    const label = f.logical ?? f.name;
    const key = query.sort.find((k) => (k.ref.kind === 'group' && k.ref.field.name === f.name) || k.ref.kind === 'measure');
    const orderBy =
      key?.ref.kind === 'group' ? { type: 'alphabetical', fallback: false }
      : key?.ref.kind === 'measure' ? { type: 'column', columnId: metricColumn(key.ref.alias) }
      : { type: 'column', columnId: firstMetric };
    const size = query.limit ?? DEFAULT_TERMS_SIZE;
    if (query.limit === undefined) {
      this.note('lens.terms-cap', `${label}: Lens keeps the top ${DEFAULT_TERMS_SIZE} values (terms size, no "Other" bucket); further values are left out`);
    }
    return {
      label,
      customLabel: true,
      dataType: !f.extracted && f.type === 'number' ? 'number' : 'string',
      operationType: 'terms',
      isBucketed: true,
      scale: 'ordinal',
      sourceField: this.fieldName(f, 'keyword'),
      params: {
        size,
        orderBy,
        orderDirection: key?.dir ?? 'desc',
        otherBucket: false,
        missingBucket: false,
        parentFormat: { id: 'terms' },
        include: [],
        exclude: [],
        includeIsRegex: false,
        excludeIsRegex: false,
      },
    };
  }

  private dateHistogram(span: Duration, timeField: string): LensColumn {
    const text = formatDuration(span);
    const seconds = durationSeconds(span);
    this.note('lens.interval-scaling', `Kibana widens a ${text} interval when the time range would need more than histogram:maxBars buckets (${MAX_BARS} by default since 8.6, 100 before): at ${text}, time ranges longer than ${formatSpan(seconds * MAX_BARS)}`);
    if (900 % seconds !== 0) {
      this.approximate('lens.bucket-alignment', `Kibana starts ${text} buckets in the viewer's time zone (advanced setting dateFormat:tz); other products may align them in UTC or another zone, so bucket boundaries can differ`);
    }
    return {
      label: 'timeslice',
      customLabel: true,
      dataType: 'date',
      operationType: 'date_histogram',
      isBucketed: true,
      scale: 'interval',
      sourceField: timeField,
      params: { interval: fixedInterval(span), includeEmptyRows: false, dropPartials: false },
    };
  }

  /** Transpose = the XY breakdown (split) of the column field. */
  private pivotColumn(query: Query): string {
    const { row, column } = query.pivot!;
    this.resolved(row);
    this.resolved(column);
    if (column.kind !== 'group') {
      return this.unsupported('lens.pivot', `transpose column ${query.pivot!.columnKey}: Lens splits series by a group-by field only`);
    }
    if (row.kind === 'measure') return this.unsupported('lens.pivot', `transpose row ${query.pivot!.rowKey}: rows must be the time bucket or a group-by field`);
    if (row.kind === 'group') {
      this.note('lens.pivot-table', `transpose with rows by ${query.pivot!.rowKey}: shown as a Lens table whose metric columns are split by ${query.pivot!.columnKey}`);
    }
    return groupColumn(column.field);
  }

  private columnOf(ref: KeyRef): string {
    switch (ref.kind) {
      case 'bucket':
        return BUCKET_COLUMN;
      case 'measure':
        return metricColumn(ref.alias);
      case 'group':
        return groupColumn(ref.field);
      case 'unresolved':
        return this.unresolved(ref.key);
    }
  }

  private resolved(ref: KeyRef): void {
    if (ref.kind === 'unresolved') this.unresolved(ref.key);
  }

  private unresolved(key: string): never {
    return this.unsupported('query.unresolved-key', `key ${JSON.stringify(key)} is not a measure, group-by field or the time bucket`);
  }
}

interface Built {
  readonly layer?: LensOutput['layer'];
  readonly roles: LensOutput['roles'];
  readonly sort: LensOutput['sort'];
  /** Parsings whose captures a terms column uses (those already drop non-matching lines). */
  readonly parsingsInBuckets: ReadonlySet<number>;
}

/**
 * A fixed interval string. Kibana turns a single m, h or d unit (`1m`, `1h`, `1d`) into a
 * calendar interval; a day must be 24 fixed hours, so those are written `60s`, `60m`, `24h`.
 */
export function fixedInterval(span: Duration): string {
  switch (span.unit) {
    case 's':
      return `${span.n}s`;
    case 'm':
      return span.n === 1 ? '60s' : `${span.n}m`;
    case 'h':
      return span.n === 1 ? '60m' : `${span.n}h`;
    case 'd':
      return `${span.n * 24}h`;
    case 'w':
      return `${span.n * 168}h`;
  }
}

function formatSpan(seconds: number): string {
  const units: [number, string][] = [[86400, 'd'], [3600, 'h'], [60, 'm'], [1, 's']];
  const out: string[] = [];
  let rest = seconds;
  for (const [size, unit] of units) {
    if (rest >= size) {
      out.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return out.join(' ');
}

function usesShorthand(n: RegexNode): boolean {
  switch (n.kind) {
    case 'seq':
    case 'alt':
      return n.items.some(usesShorthand);
    case 'group':
    case 'repeat':
    case 'caseInsensitive':
      return usesShorthand(n.item);
    case 'shorthand':
      return true;
    case 'class':
      return n.items.some((i) => i.kind === 'shorthand');
    case 'assert':
      return n.name === 'wordBoundary' || n.name === 'notWordBoundary';
    default:
      return false;
  }
}
