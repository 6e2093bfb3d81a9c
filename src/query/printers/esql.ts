// ES|QL for Kibana Lens `textBased` panels. The shape is fixed: FROM, then ONE WHERE with the
// source binding, the full-text functions and every other pre-extraction filter (8.x accepts
// full-text functions only in the first WHERE after FROM), then DISSECT/GROK with a null check
// (ES|QL keeps non-matching rows, the neutral parse drops them), post-extraction filters, STATS,
// SORT with explicit directions and an explicit LIMIT (without one ES|QL stops at 1,000 rows).

import { durationSeconds } from '../duration.js';
import { UnsupportedConstruct } from '../fidelity.js';
import type { AnchorPart, Aggregate, Duration, Extract, FieldRef, KeyRef, Measure, Operand, Pred, Query, Scalar, VariableRef } from '../nodes.js';
import { BUCKET_KEY } from '../nodes.js';
import type { EsqlOutput, VariableFilter } from '../outputs.js';
import { anchorRegex } from '../regex/anchor.js';
import { mandatoryCaptures } from '../regex/ast.js';
import { GROK_REGEX } from '../regex/grok.js';
import { printRegex } from '../regex/print.js';
import { conjuncts, extractedNames, predicates } from '../tree.js';
import {
  checkCaptureName,
  esqlIdentifier,
  esqlIndexPattern,
  esqlLikePattern,
  esqlNumber,
  esqlParam,
  esqlString,
  esqlTimeSpan,
} from './esql-escape.js';
import { Printer } from './printer.js';

type Column = EsqlOutput['columns'][number];

const SEPARATOR = '\n| ';
/** Explicit row limit for aggregates: ES|QL's own cap (esql.query.result_truncation_max_size). */
const AGGREGATE_LIMIT = 10_000;
const EVENT_LIMIT = 100;
/** Terms the standard analyser keeps as one token, so MATCH (an OR of tokens) equals a term search. */
const SINGLE_TOKEN = /^[A-Za-z0-9_]+$/;
const BOOLEAN = {
  and: ' AND ',
  or: ' OR ',
  // Parentheses make NOT's reach obvious; a lone full-text call needs none.
  not: (s: string) => (s.startsWith('(') || /^MATCH(_PHRASE)?\(/.test(s) ? `NOT ${s}` : `NOT (${s})`),
};

interface Context {
  readonly time: string;
  readonly message: string;
}

const isFullText = (p: Pred): boolean => p.kind === 'term' || p.kind === 'phrase';
const hasFullText = (p: Pred): boolean => predicates(p).some(isFullText);
const label = (f: FieldRef): string => f.logical ?? f.name;
const preview = (v: string): string => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);

export class EsqlPrinter extends Printer {
  private readonly parameters: string[] = [];

  print(original: Query): EsqlOutput {
    const { query, variableFilters } = this.liftVariables(original);
    const binding = query.source.elastic;
    if (!binding) return this.unsupported('esql.no-binding', `source "${query.source.id}" has no elastic binding (dataView, optional timeField, messageField, filter)`);
    const ctx: Context = { time: binding.timeField ?? '@timestamp', message: binding.messageField ?? 'message' };
    const stages = [`FROM ${esqlIndexPattern(binding.dataView, `data view of source "${query.source.id}"`)}`];
    const where = this.firstWhere(query, binding.filter ?? {}, ctx);
    if (where) stages.push(`WHERE ${where}`);
    for (const e of query.extract) stages.push(...this.extract(e, query, ctx));
    if (query.postFilter) stages.push(`WHERE ${this.condition(query.postFilter, ctx, false)}`);
    const tail = query.aggregate ? this.aggregate(query.aggregate, query, ctx) : this.events(query, ctx);
    stages.push(...tail.stages);
    const names = tail.columns.map((c) => c.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined) this.unsupported('esql.duplicate-column', `two output columns would both be named ${JSON.stringify(duplicate)}; rename a measure alias`);
    return Object.freeze({
      esql: stages.join(SEPARATOR),
      columns: Object.freeze(tail.columns.map((c) => Object.freeze(c))),
      parameters: Object.freeze([...this.parameters]),
      variableFilters: Object.freeze(variableFilters),
    });
  }

  /**
   * Kibana applies a dashboard control's filter to ES|QL panels too, and a control offers All
   * and several values, which an ES|QL parameter cannot. So a variable compared with a source
   * field at the top level of the filter becomes a control filter; anything else stays a
   * parameter (`?name`).
   */
  private liftVariables(query: Query): { query: Query; variableFilters: VariableFilter[] } {
    const variableFilters: VariableFilter[] = [];
    const kept = conjuncts(query.filter).filter((c) => {
      const negated = c.kind === 'not';
      const p = c.kind === 'not' ? c.arg : c;
      if (p.kind !== 'compare' || typeof p.value !== 'object' || p.field.extracted || (p.op !== '=' && p.op !== '!=')) return true;
      variableFilters.push({ variable: p.value.name, field: p.field.name, negate: negated !== (p.op === '!=') });
      this.note(
        'esql.variable-control',
        `variable ${p.value.name} becomes an options-list control on ${p.field.name}: a Kibana control filters every panel of the dashboard, including panels whose query does not use the variable`,
      );
      return false;
    });
    if (variableFilters.length === 0) return { query, variableFilters };
    const filter = kept.length === 0 ? undefined : kept.length === 1 ? kept[0] : ({ kind: 'and', args: kept } as const);
    const { filter: _dropped, ...rest } = query;
    return { query: { ...rest, ...(filter ? { filter } : {}) }, variableFilters };
  }

  // ---- the first WHERE ---------------------------------------------------------------
  private firstWhere(query: Query, fixed: Readonly<Record<string, string>>, ctx: Context): string | undefined {
    const parts = Object.entries(fixed).map(
      ([field, value]) => `${esqlIdentifier(field)} == ${esqlString(value, `filter ${field} of source "${query.source.id}"`)}`,
    );
    if (ctx.time !== '@timestamp') {
      // Kibana applies the dashboard time range by itself only to a field named @timestamp.
      const t = esqlIdentifier(ctx.time);
      parts.push(`${t} >= ?_tstart AND ${t} < ?_tend`);
      this.note('esql.time-params', `the time field ${ctx.time} is not @timestamp, so the query filters on ?_tstart/?_tend, which Kibana binds to the dashboard time range`);
    }
    // Field tests first, full-text functions last: the order of the reference queries.
    const all = conjuncts(query.filter);
    for (const c of [...all.filter((c) => !hasFullText(c)), ...all.filter(hasFullText)]) {
      const text = this.condition(c, ctx, true);
      parts.push(c.kind === 'or' ? `(${text})` : text);
    }
    return parts.length ? parts.join(' AND ') : undefined;
  }

  private condition(pred: Pred, ctx: Context, fullTextAllowed: boolean): string {
    if (predicates(pred).some((p) => p.kind === 'or' && hasFullText(p))) {
      this.note('esql.full-text-in-or', 'a full-text search is OR-ed with another condition; Elasticsearch accepts full-text functions in disjunctions from 8.18 / 9.0 on (earlier versions reject the query)');
    }
    return this.printBoolean(pred, BOOLEAN, (p) => this.leaf(p, ctx, fullTextAllowed));
  }

  private leaf(p: Pred, ctx: Context, fullTextAllowed: boolean): string {
    switch (p.kind) {
      case 'term':
      case 'phrase':
        if (!fullTextAllowed) {
          return this.unsupported('esql.full-text-after-extraction', 'a keyword search is OR-ed with a test on an extracted field; ES|QL full-text functions only work in the WHERE right after FROM, before DISSECT/GROK');
        }
        return this.fullText(p.kind, p.value, ctx);
      case 'compare':
        return this.compare(p.field, p.op, p.value);
      case 'in':
        return this.inList(p.field, p.values);
      case 'wildcard':
        return `${esqlIdentifier(p.field.name)} LIKE ${esqlLikePattern(p.pattern, `pattern for ${label(p.field)}`)}`;
      case 'exists':
        return `${esqlIdentifier(p.field.name)} IS NOT NULL`;
      default:
        return this.unsupported('esql.internal', `unexpected ${p.kind} leaf`);
    }
  }

  /**
   * Keyword search on the message field. MATCH analyses its text and ORs the tokens, so it only
   * equals a whole-word term search for a single token; anything else becomes MATCH_PHRASE
   * (adjacent tokens), which is how a quoted multi-word keyword behaves in Sumo Logic and Splunk.
   */
  private fullText(kind: 'term' | 'phrase', value: string | VariableRef, ctx: Context): string {
    const field = esqlIdentifier(ctx.message, `message field ${JSON.stringify(ctx.message)}`);
    if (typeof value === 'object') {
      this.variableNotes(value);
      this.noteMatchPhrase();
      return `MATCH_PHRASE(${field}, ${this.param(value)})`;
    }
    const what = `${kind === 'term' ? 'search term' : 'phrase'} ${preview(value)}`;
    if (!/[\p{L}\p{N}]/u.test(value)) {
      this.approximate('esql.term-without-words', `${what} has no letters or digits; Elasticsearch's analyser drops punctuation and whitespace, so it matches no document`);
    } else if (/[^\p{L}\p{N}_\s]/u.test(value)) {
      this.approximate('esql.term-punctuation', `${what}: Elasticsearch's analyser splits text at punctuation and drops it, so the words match as a phrase whatever punctuation separates them`);
    }
    if (kind === 'term' && SINGLE_TOKEN.test(value)) return `MATCH(${field}, ${esqlString(value, what)})`;
    if (kind === 'term') {
      this.note('esql.term-as-phrase', `${what} may be several tokens for the analyser; MATCH would accept any one of them, so it is printed as MATCH_PHRASE`);
    }
    this.noteMatchPhrase();
    return `MATCH_PHRASE(${field}, ${esqlString(value, what)})`;
  }

  private noteMatchPhrase(): void {
    this.note('esql.match-phrase-version', 'MATCH_PHRASE needs Elasticsearch 8.19 / 9.1 or later (technical preview there)');
  }

  private compare(field: FieldRef, op: string, value: Operand): string {
    const eq = op === '=' ? '==' : op;
    if (typeof value === 'object') {
      if (op !== '=' && op !== '!=') return this.unsupported('esql.variable-compare', `variable ${value.name} can only be compared with = or !=`);
      this.variableNotes(value);
      return `${esqlIdentifier(field.name)} ${eq} ${this.param(value)}`;
    }
    return `${this.operand(field, typeof value === 'number')} ${eq} ${this.scalar(value, `value of ${label(field)}`)}`;
  }

  private inList(field: FieldRef, values: readonly Scalar[]): string {
    const types = [...new Set(values.map((v) => typeof v))];
    if (types.length > 1) return this.unsupported('esql.mixed-list', `the values listed for ${label(field)} mix ${types.join(' and ')}; ES|QL IN needs values of one type`);
    const list = values.map((v) => this.scalar(v, `value of ${label(field)}`)).join(', ');
    return `${this.operand(field, types[0] === 'number')} IN (${list})`;
  }

  /** Extracted fields are strings; a numeric test converts them, as Sumo's num() does. */
  private operand(field: FieldRef, numeric: boolean): string {
    const id = esqlIdentifier(field.name);
    return field.extracted && numeric ? `TO_DOUBLE(${id})` : id;
  }

  private scalar(v: Scalar, what: string): string {
    if (typeof v === 'number') return esqlNumber(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return esqlString(v, what);
  }

  private param(v: VariableRef): string {
    const token = esqlParam(v.name);
    if (!this.parameters.includes(v.name)) this.parameters.push(v.name);
    return token;
  }

  private variableNotes(v: VariableRef): void {
    if (v.includeAll) {
      this.approximate('esql.variable-all', `variable ${v.name} is the ES|QL parameter ?${v.name}; a Kibana ES|QL control binds exactly one value and offers no "All", so the panel always filters by one selected value`);
    }
    if (v.multi) {
      this.approximate('esql.variable-multi', `variable ${v.name} allows several values, but the ES|QL parameter ?${v.name} binds one value`);
    }
  }

  // ---- extraction --------------------------------------------------------------------
  private extract(e: Extract, query: Query, ctx: Context): string[] {
    const input = esqlIdentifier(e.input?.name ?? ctx.message);
    switch (e.kind) {
      case 'json':
        return this.unsupported(
          'esql.json',
          'ES|QL cannot extract JSON (JSON_EXTRACT is only a 9.4 preview). Elasticsearch parses JSON at ingest: map each path to its field in the source\'s fields (e.g. { user: { elastic: "user.name" } }) and filter or group on it directly',
        );
      case 'parse': {
        const parts = anchorParts(e.parts);
        const names = parts.flatMap((p) => (typeof p === 'string' ? [] : [p.capture]));
        // GROK with lazy groups is the anchor parse exactly; DISSECT is not (a repeated delimiter
        // gives the next key an empty value instead of ending the capture).
        const grok = printRegex(anchorRegex(parts), GROK_REGEX);
        return [`GROK ${input} ${esqlString(grok, 'GROK pattern')}`, this.dropUnmatched(names, names, query)];
      }
      case 'parseRegex': {
        e.captures.forEach(checkCaptureName);
        const grok = printRegex(e.regex, GROK_REGEX);
        return [`GROK ${input} ${esqlString(grok, 'GROK pattern')}`, this.dropUnmatched(e.captures, mandatoryCaptures(e.regex), query)];
      }
    }
  }

  /**
   * Non-matching rows get null in every capture, and a capture that took part in a match is
   * never null (an empty match is ""), so one always-set capture tells matched rows apart.
   * Prefer the one the rest of the query uses, as the reference queries do.
   */
  private dropUnmatched(captures: readonly string[], mandatory: readonly string[], query: Query): string {
    if (mandatory.length === 0) {
      this.approximate('esql.grok-optional-captures', 'every named group of the regex is optional, so a line the regex matches without setting any group is dropped as if it had not matched');
      return `WHERE ${captures.map((c) => `${esqlIdentifier(c)} IS NOT NULL`).join(' OR ')}`;
    }
    const used = usedFieldNames(query);
    const check = mandatory.find((c) => used.has(c)) ?? mandatory[0]!;
    return `WHERE ${esqlIdentifier(check)} IS NOT NULL`;
  }

  // ---- aggregation -------------------------------------------------------------------
  private aggregate(a: Aggregate, query: Query, ctx: Context): { stages: string[]; columns: Column[] } {
    const breakdown = this.pivotColumn(query);
    const measures = a.measures.map((m) => `${esqlIdentifier(m.as, `alias ${JSON.stringify(m.as)}`)} = ${this.measure(m)}`);
    const by: string[] = [];
    const columns: Column[] = a.measures.map((m) => ({ name: m.as, type: measureType(m), role: 'metric' }));
    if (query.bucket) {
      by.push(`${BUCKET_KEY} = BUCKET(${esqlIdentifier(ctx.time)}, ${esqlTimeSpan(query.bucket.span)})`);
      columns.push({ name: BUCKET_KEY, type: 'date', role: 'x' });
      this.bucketNotes(query.bucket.span);
    }
    for (const f of a.by) {
      by.push(esqlIdentifier(f.name));
      columns.push({ name: f.name, type: fieldType(f), role: f.name === breakdown ? 'breakdown' : 'group' });
    }
    const stats = ['STATS', ...(measures.length ? [measures.join(', ')] : []), ...(by.length ? [`BY ${by.join(', ')}`] : [])].join(' ');
    const stages = [stats];
    const keys = query.sort.length
      ? query.sort.map((k) => `${this.key(k.ref)} ${k.dir === 'asc' ? 'ASC' : 'DESC'}`)
      : query.bucket
        ? [`${BUCKET_KEY} ASC`] // STATS output has no defined order; time series read oldest first
        : [];
    if (keys.length) stages.push(`SORT ${keys.join(', ')}`);
    stages.push(`LIMIT ${this.limit(query.limit, AGGREGATE_LIMIT)}`);
    if (query.limit === undefined && query.bucket) this.rowLimitNote(query.bucket.span, a.by);
    return { stages, columns };
  }

  private measure(m: Measure): string {
    if (m.fn === 'count') return 'COUNT(*)';
    if (!m.field) return this.unsupported('esql.internal', `${m.fn} ${m.as} has no field`);
    const id = esqlIdentifier(m.field.name);
    const numeric = m.field.extracted ? `TO_DOUBLE(${id})` : id;
    switch (m.fn) {
      case 'countDistinct':
        this.approximate('esql.count-distinct', 'Elasticsearch COUNT_DISTINCT is a HyperLogLog++ estimate: near exact below its precision threshold (3,000 distinct values by default), estimated above');
        return `COUNT_DISTINCT(${id})`;
      case 'percentile':
        if (m.p === undefined) return this.unsupported('esql.internal', `percentile ${m.as} has no p`);
        this.approximate('esql.percentile', 'Elasticsearch PERCENTILE is a t-digest estimate, not an exact percentile');
        return `PERCENTILE(${numeric}, ${esqlNumber(m.p)})`;
      case 'sum':
        return `SUM(${numeric})`;
      case 'avg':
        return `AVG(${numeric})`;
      case 'min':
        return `MIN(${numeric})`;
      case 'max':
        return `MAX(${numeric})`;
    }
  }

  /** The group field Lens shows as the breakdown dimension (ES|QL has no transpose). */
  private pivotColumn(query: Query): string | undefined {
    const p = query.pivot;
    if (!p) return undefined;
    for (const ref of [p.row, p.column]) {
      if (ref.kind === 'unresolved') this.unresolved(ref);
      if (ref.kind === 'measure') this.unsupported('esql.pivot-key', `pivot key ${JSON.stringify(ref.alias)} is a measure; a pivot row or column must be the time bucket or a group-by field`);
    }
    const n = query.aggregate?.measures.length ?? 0;
    if (n !== 1) this.approximate('esql.pivot-measures', `the pivot has ${n} measures; Lens shows one series per measure and column value instead of one value per cell`);
    if (p.column.kind !== 'group') {
      this.approximate('esql.pivot-layout', 'a pivot with time buckets as columns has no Lens textBased equivalent; the time bucket stays on the x axis');
      return undefined;
    }
    if (p.row.kind !== 'bucket') {
      this.approximate('esql.pivot-layout', `Lens textBased shows ${label(p.column.field)} as a breakdown dimension; with a row key other than the time bucket that is one series per value, not a transposed table`);
    }
    return p.column.field.name;
  }

  private key(ref: KeyRef): string {
    switch (ref.kind) {
      case 'bucket':
        return BUCKET_KEY;
      case 'measure':
        return esqlIdentifier(ref.alias);
      case 'group':
        return esqlIdentifier(ref.field.name);
      case 'unresolved':
        return this.unresolved(ref);
    }
  }

  private unresolved(ref: KeyRef & { kind: 'unresolved' }): never {
    return this.unsupported('query.unresolved-key', `key ${JSON.stringify(ref.key)} is not a measure, group-by field or the time bucket`);
  }

  // ---- raw events --------------------------------------------------------------------
  private events(query: Query, ctx: Context): { stages: string[]; columns: Column[] } {
    if (query.pivot) this.unsupported('esql.pivot-key', 'a pivot needs an aggregation');
    const time = esqlIdentifier(ctx.time);
    const stages: string[] = [];
    const columns: Column[] = [{ name: ctx.time, type: 'date', role: 'field' }];
    if (query.bucket) {
      stages.push(`EVAL ${BUCKET_KEY} = DATE_TRUNC(${esqlTimeSpan(query.bucket.span)}, ${time})`);
      columns.push({ name: BUCKET_KEY, type: 'date', role: 'field' });
      this.bucketNotes(query.bucket.span);
    }
    const keys = query.sort.map((k) => `${this.key(k.ref)} ${k.dir === 'asc' ? 'ASC' : 'DESC'}`);
    stages.push(`SORT ${[...keys, `${time} DESC`].join(', ')}`);
    // KEEP names the columns: without it a logs-* row carries every mapped field, which a
    // Lens table cannot show (Kibana stops at 50 columns) and the output could not describe.
    const fields = [query.filter, query.postFilter].flatMap((p) =>
      predicates(p).flatMap((x) => (x.kind === 'term' || x.kind === 'phrase' || x.kind === 'and' || x.kind === 'or' || x.kind === 'not' ? [] : [x.field])),
    );
    for (const f of fields) columns.push({ name: f.name, type: fieldType(f), role: 'field' });
    for (const name of query.extract.flatMap(extractedNames)) columns.push({ name, type: 'string', role: 'field' });
    columns.push({ name: ctx.message, type: 'string', role: 'field' });
    const unique = columns.filter((c, i) => columns.findIndex((d) => d.name === c.name) === i);
    stages.push(`KEEP ${unique.map((c) => esqlIdentifier(c.name)).join(', ')}`);
    if (query.limit === undefined) this.note('esql.event-limit', `the query sets no limit: the ${EVENT_LIMIT} newest events are shown`);
    stages.push(`LIMIT ${this.limit(query.limit, EVENT_LIMIT)}`);
    return { stages, columns: unique };
  }

  // ---- shared notes ------------------------------------------------------------------
  private limit(n: number | undefined, fallback: number): string {
    if (n !== undefined && n > AGGREGATE_LIMIT) {
      this.approximate('esql.row-cap', `LIMIT ${n}: Elasticsearch returns at most 10,000 rows per ES|QL query unless esql.query.result_truncation_max_size is raised`);
    }
    return esqlNumber(n ?? fallback);
  }

  private bucketNotes(span: Duration): void {
    if (durationSeconds(span) >= 86_400) {
      this.approximate('esql.bucket-utc', `${esqlTimeSpan(span)} buckets are counted from the Unix epoch in UTC (days start at midnight UTC, 7-day buckets on Thursdays); Sumo Logic and Splunk align day buckets to the viewer's time zone`);
    }
  }

  private rowLimitNote(span: Duration, by: readonly FieldRef[]): void {
    const perDay = Math.ceil(86_400 / durationSeconds(span));
    if (by.length) {
      this.note('esql.row-limit', `one row per ${esqlTimeSpan(span)} bucket (${perDay} per day) and ${by.map(label).join(', ')} value: past ${AGGREGATE_LIMIT} rows, LIMIT ${AGGREGATE_LIMIT} cuts the result (and ES|QL would stop at 1,000 without it)`);
    } else if (perDay * 7 > AGGREGATE_LIMIT) {
      this.note('esql.row-limit', `${perDay} buckets per day: over more than ${Math.floor(AGGREGATE_LIMIT / perDay)} days, LIMIT ${AGGREGATE_LIMIT} cuts the result`);
    }
  }
}

// ---- helpers -------------------------------------------------------------------------

/** Drops empty literals and refuses captures with nothing between them (ambiguous in every language). */
function anchorParts(parts: readonly AnchorPart[]): AnchorPart[] {
  const out = parts.filter((p) => typeof p !== 'string' || p !== '');
  if (!out.some((p) => typeof p !== 'string')) {
    throw new UnsupportedConstruct('esql.parse-pattern', 'the parse pattern has no capture');
  }
  out.forEach((p, i) => {
    if (typeof p !== 'string' && typeof out[i + 1] === 'object') {
      throw new UnsupportedConstruct('esql.parse-pattern', `captures ${p.capture} and ${(out[i + 1] as { capture: string }).capture} have no literal text between them`);
    }
    if (typeof p !== 'string') checkCaptureName(p.capture);
  });
  return out;
}

/** Field names the query reads after extraction: filters, groups, measures. */
function usedFieldNames(query: Query): Set<string> {
  const out = new Set<string>();
  for (const p of predicates(query.postFilter)) if ('field' in p) out.add(p.field.name);
  for (const f of query.aggregate?.by ?? []) out.add(f.name);
  for (const m of query.aggregate?.measures ?? []) if (m.field) out.add(m.field.name);
  return out;
}

function fieldType(f: FieldRef): Column['type'] {
  return !f.extracted && f.type === 'number' ? 'number' : 'string';
}

function measureType(m: Measure): Column['type'] {
  return (m.fn === 'min' || m.fn === 'max') && m.field && !m.field.extracted && m.field.type === 'string' ? 'string' : 'number';
}
