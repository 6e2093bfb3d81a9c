// Loki LogQL for Grafana panels. A query becomes a log pipeline
//   {stream selector} line filters [| parser] label filters [extraction] post-filters
// and, when it aggregates, one metric expression per measure around that pipeline.
// Everything LogQL itself cannot do (ordering by label, row limits) becomes a Grafana
// transformation; everything it can only approximate is said in a diagnostic.

import type { Extract as Extraction, FieldRef, Measure, Pred, Query, SortKey, VariableRef } from '../nodes.js';
import type { GrafanaTransformation, LokiOutput } from '../outputs.js';
import { literal, type RegexNode } from '../regex/ast.js';
import { printRegex } from '../regex/print.js';
import { conjuncts, extractedNames, predicates } from '../tree.js';
import {
  LOKI_REGEX,
  logqlDuration,
  logqlJsonPath,
  logqlLabel,
  logqlLegend,
  logqlNumber,
  logqlPatternTemplate,
  logqlQuantile,
  logqlString,
  logqlVariableRegex,
} from './logql-escape.js';
import { Printer } from './printer.js';

type TextPred = Extract<Pred, { kind: 'term' | 'phrase' }>;
type FieldPred = Extract<Pred, { kind: 'compare' | 'in' | 'wildcard' | 'exists' }>;
type Leaf = TextPred | FieldPred;

const ASCII_WORD = /[A-Za-z0-9_]/;
/** What RE2's `\s` matches: a phrase's words may be separated by any run of it. */
const RE2_SPACE_RUN = /[\t\n\f\r ]+/;
const ANY_RUN = { kind: 'repeat', item: { kind: 'any' }, min: 0, lazy: false } as const;
/** Loki's default `max_entries_limit_per_query`. */
const LOKI_MAX_LINES = 5000;
const DEFAULT_MAX_LINES = 1000;

/** Pushes `not` down to the leaves (De Morgan), so that only leaves are ever negated. */
function negationNormalForm(p: Pred, negate = false): Pred {
  switch (p.kind) {
    case 'and':
    case 'or': {
      const kind = negate ? (p.kind === 'and' ? 'or' : 'and') : p.kind;
      return { kind, args: p.args.map((a) => negationNormalForm(a, negate)) };
    }
    case 'not':
      return negationNormalForm(p.arg, !negate);
    default:
      return negate ? { kind: 'not', arg: p } : p;
  }
}

function leavesOf(p: Pred): Leaf[] {
  return predicates(p).filter((x): x is Leaf => x.kind !== 'and' && x.kind !== 'or' && x.kind !== 'not');
}

function alternativesOf(p: Pred): Pred[] {
  return p.kind === 'or' ? p.args.flatMap(alternativesOf) : [p];
}

/** `fn by (labels) (body)`, or `fn(body)` without labels. */
function vectorAggregation(fn: string, labels: readonly string[], body: string): string {
  return labels.length ? `${fn} by (${labels.join(', ')}) (${body})` : `${fn}(${body})`;
}

function isText(p: Leaf): p is TextPred {
  return p.kind === 'term' || p.kind === 'phrase';
}

/** The log query of one target, before the range: a pipeline plus what the measure adds. */
interface LogPipeline {
  readonly selector: readonly string[];
  readonly stages: readonly string[];
  /** A stage may set `__error__` (a parser, a numeric filter): end with `| __error__=""`. */
  readonly mayError: boolean;
}

export class LogqlPrinter extends Printer {
  private mayError = false;

  print(query: Query): LokiOutput {
    const pipeline = this.pipeline(query);
    if (!query.aggregate) return this.rawEvents(query, pipeline);
    return this.metric(query, pipeline);
  }

  // ---- the log pipeline -------------------------------------------------------------
  private pipeline(query: Query): LogPipeline {
    const b = query.source.loki;
    if (!b) this.unsupported('logql.no-binding', `source "${query.source.id}" has no loki binding`);
    const selector = Object.entries(b.selector).map(([label, value]) => {
      if (value === '') this.unsupported('logql.empty-selector', `source "${query.source.id}": the loki selector label "${label}" has an empty value, which selects no stream`);
      return `${logqlLabel(label, `selector of source "${query.source.id}"`)}=${logqlString(value, `selector value of ${label}`)}`;
    });
    if (selector.length === 0) this.unsupported('logql.empty-selector', `source "${query.source.id}": the loki binding needs at least one selector label`);

    for (const p of predicates(query.filter)) {
      if ('field' in p && p.field.extracted) this.unsupported('logql.filter-order', `a filter before extraction uses the extracted field "${p.field.name}"`);
    }
    const pre = this.filters(query.filter, true);
    const post = this.filters(query.postFilter, false);
    const stages = [...pre.lines, ...this.parserStage(query), ...pre.labels];
    const streamLabels = new Set([...Object.keys(b.selector), ...(b.labels ?? [])]);
    for (const e of query.extract) stages.push(...this.extractStages(e, streamLabels));
    stages.push(...post.lines, ...post.labels);
    return { selector: [...selector, ...pre.matchers], stages, mayError: this.mayError };
  }

  /** The source's parser, when a field that is not a stream label is used. */
  private parserStage(query: Query): string[] {
    const fields: FieldRef[] = [
      ...[...predicates(query.filter), ...predicates(query.postFilter)].flatMap((p) => ('field' in p ? [p.field] : [])),
      ...(query.aggregate?.by ?? []),
      ...(query.aggregate?.measures.flatMap((m) => (m.field ? [m.field] : [])) ?? []),
    ];
    const parsed = fields.find((f) => !f.indexed && !f.extracted);
    if (!parsed) return [];
    const parser = query.source.loki!.parser;
    if (parser !== 'json' && parser !== 'logfmt') {
      this.unsupported(
        'logql.no-parser',
        `field "${parsed.logical ?? parsed.name}" (Loki "${parsed.name}") is not a stream label of source "${query.source.id}" and its loki binding names no parser: add it to loki.labels or set loki.parser to 'json' or 'logfmt'`,
      );
    }
    this.mayError = true; // a line that is not JSON / logfmt gets __error__
    return [`| ${parser}`];
  }

  /** Splits a filter into stream-selector matchers, line filters and label filters. */
  private filters(pred: Pred | undefined, selectorAllowed: boolean): { matchers: string[]; lines: string[]; labels: string[] } {
    const out = { matchers: [] as string[], lines: [] as string[], labels: [] as string[] };
    for (const c of conjuncts(pred ? negationNormalForm(pred) : undefined)) {
      const leaves = leavesOf(c);
      const text = leaves.filter(isText).length;
      if (text === leaves.length) out.lines.push(this.lineFilter(c));
      else if (text > 0) {
        this.unsupported('logql.mixed-boolean', 'LogQL cannot OR a keyword search with a field test: line filters and label filters are separate pipeline stages');
      } else if (selectorAllowed && this.inSelector(c)) out.matchers.push(this.labelExpr(c));
      else out.labels.push(`| ${this.labelExpr(c)}`);
    }
    return out;
  }

  /** Stream-label tests that the selector can hold (string matchers only). */
  private inSelector(c: Pred): boolean {
    const leaf = c.kind === 'not' ? c.arg : c;
    switch (leaf.kind) {
      case 'compare':
        return leaf.field.indexed === true && (leaf.op === '=' || leaf.op === '!=') && typeof leaf.value !== 'number';
      case 'in':
        return leaf.field.indexed === true && leaf.values.every((v) => typeof v !== 'number');
      case 'wildcard':
      case 'exists':
        return leaf.field.indexed === true;
      default:
        return false;
    }
  }

  // ---- keywords: line filters ----------------------------------------------------------
  private lineFilter(c: Pred): string {
    this.approximate(
      'logql.term-regex',
      'keywords are matched as a case-insensitive RE2 regex on the raw line with \\b word boundaries: RE2 \\b knows only ASCII letters, digits and _, a keyword that begins or ends with another character gets no boundary check on that side, and Loki does not tokenise lines the way Sumo Logic and Splunk do (_ . - differ)',
    );
    const negated = c.kind === 'not';
    const op = negated ? '!~' : '|~';
    const positive = negated ? c.arg : c;
    if (positive.kind === 'term' && typeof positive.value === 'object') return `${op} ${this.variableWord(positive.value)}`;
    const words = alternativesOf(positive).map((a) => {
      if ((a.kind !== 'term' && a.kind !== 'phrase') || typeof a.value !== 'string') {
        return this.unsupported('logql.line-filter-boolean', 'LogQL line filters can only OR plain keywords (one regex alternation); AND or NOT inside an OR, or a variable in an OR, cannot be expressed');
      }
      return this.wordRegex(a.value);
    });
    const regex: RegexNode = { kind: 'caseInsensitive', item: words.length === 1 ? words[0]! : { kind: 'alt', items: words } };
    return `${op} ${logqlString(printRegex(regex, LOKI_REGEX), 'search text')}`;
  }

  /** `word` or adjacent words, with `\b` on the sides that are ASCII word characters. */
  private wordRegex(value: string): RegexNode {
    const words = value.split(RE2_SPACE_RUN).filter(Boolean);
    if (words.length === 0) this.unsupported('logql.blank-keyword', `keyword ${JSON.stringify(value)} holds only whitespace and matches no word`);
    const items: RegexNode[] = [];
    const boundary = { kind: 'assert', name: 'wordBoundary' } as const;
    if (ASCII_WORD.test(words[0]![0]!)) items.push(boundary);
    words.forEach((w, i) => {
      if (i > 0) items.push({ kind: 'repeat', item: { kind: 'shorthand', name: 's' }, min: 1, lazy: false });
      items.push(literal(w));
    });
    const last = words[words.length - 1]!;
    if (ASCII_WORD.test(last[last.length - 1]!)) items.push(boundary);
    return { kind: 'seq', items };
  }

  private variableWord(v: VariableRef): string {
    this.variableNote(v);
    return logqlVariableRegex('(?i)\\b', v, '\\b');
  }

  private variableNote(v: VariableRef): void {
    this.note(
      'logql.variable-regex',
      `variable $${v.name} is written \${${v.name}:regex} inside backticks: Grafana's regex format escapes with single backslashes, which a double-quoted LogQL string rejects, and it turns multi-select and All into (a|b); it does not escape backticks, so the variable's values must not contain one`,
    );
  }

  // ---- fields: selector matchers and label filters ------------------------------------
  /** A label filter expression (or selector matcher) for a conjunct in negation normal form. */
  private labelExpr(p: Pred): string {
    switch (p.kind) {
      case 'and':
      case 'or':
        return p.args
          .map((a) => {
            const s = this.labelExpr(a);
            return (a.kind === 'and' || a.kind === 'or') && a.kind !== p.kind ? `(${s})` : s;
          })
          .join(` ${p.kind} `);
      case 'not':
        return this.labelLeaf(p.arg as FieldPred, true);
      default:
        return this.labelLeaf(p as FieldPred, false);
    }
  }

  private labelLeaf(p: FieldPred, negated: boolean): string {
    const f = logqlLabel(p.field.name, `field ${p.field.logical ?? p.field.name}`);
    const what = `value of ${p.field.logical ?? p.field.name}`;
    switch (p.kind) {
      case 'compare': {
        const { op, value } = p;
        if (typeof value === 'object') {
          this.variableNote(value);
          return `${f}${(op === '!=') !== negated ? '!~' : '=~'}${logqlVariableRegex('', value, '')}`;
        }
        if (typeof value === 'number') return this.numeric(f, op, value, negated);
        if (op !== '=' && op !== '!=') this.unsupported('logql.string-order', `${p.field.logical ?? p.field.name} ${op} needs a number`);
        return `${f}${(op === '!=') !== negated ? '!=' : '='}${logqlString(String(value), what)}`;
      }
      case 'in': {
        if (p.values.every((v) => typeof v === 'number')) {
          const parts = p.values.map((v) => this.numeric(f, '=', v as number, negated));
          return parts.length === 1 ? parts[0]! : `(${parts.join(negated ? ' and ' : ' or ')})`;
        }
        const alternatives: RegexNode = { kind: 'alt', items: p.values.map((v) => literal(String(v))) };
        return `${f}${negated ? '!~' : '=~'}${logqlString(printRegex(alternatives, LOKI_REGEX), what)}`;
      }
      case 'wildcard': {
        // Loki anchors label regexes itself (^(?s:...)$), so no ^ and $, and . matches newlines.
        const glob: RegexNode = { kind: 'seq', items: p.pattern.map((part) => (typeof part === 'string' ? literal(part) : ANY_RUN)) };
        return `${f}${negated ? '!~' : '=~'}${logqlString(printRegex(glob, LOKI_REGEX), `pattern for ${p.field.logical ?? p.field.name}`)}`;
      }
      case 'exists':
        if (!p.field.indexed) {
          this.approximate('logql.exists-empty', `Loki cannot tell a missing field from an empty one: "${p.field.name}" set to "" counts as missing`);
        }
        return `${f}${negated ? '=' : '!='}""`;
    }
  }

  private numeric(f: string, op: string, value: number, negated: boolean): string {
    const flip: Record<string, string> = { '=': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
    if (negated) {
      this.approximate('logql.negated-number', `a negated numeric test on "${f}" still drops lines where the field is missing or not a number`);
    }
    this.mayError = true; // a value that is not a number sets __error__ and would pass the filter
    const printed = negated ? flip[op]! : op === '=' ? '==' : op;
    return `${f} ${printed} ${logqlNumber(value)}`;
  }

  // ---- extraction -----------------------------------------------------------------------
  private extractStages(e: Extraction, streamLabels: ReadonlySet<string>): string[] {
    if (e.input) this.unsupported('logql.extract-field', `LogQL parsers read the log line only; parsing the field "${e.input.name}" cannot be expressed`);
    const names = extractedNames(e);
    for (const [i, name] of names.entries()) {
      logqlLabel(name, 'extracted field');
      if (names.indexOf(name) !== i) this.unsupported('logql.duplicate-capture', `the extraction names "${name}" twice, which Loki's parsers refuse`);
      if (streamLabels.has(name)) {
        this.unsupported('logql.label-collision', `extracted field "${name}" has the name of a stream label; Loki would rename it to ${name}_extracted`);
      }
    }
    switch (e.kind) {
      case 'parse':
        return this.anchorParse(e.parts);
      case 'parseRegex': {
        // `| regexp` keeps lines it cannot match: the same regex as a line filter drops them.
        const re = logqlString(printRegex(e.regex, LOKI_REGEX), 'parse regex');
        return [`|~ ${re}`, `| regexp ${re}`];
      }
      case 'json': {
        this.mayError = true; // a line that is not JSON gets __error__
        this.approximate('logql.json-empty-value', 'Loki gives a missing JSON path, a null and an empty string the same empty value, so lines where the value is "" or null are dropped too');
        const paths = e.paths.map((p) => `${logqlLabel(p.as, 'JSON field')}=${logqlString(logqlJsonPath(p.path), `JSON path of ${p.as}`)}`);
        return [`| json ${paths.join(', ')}`, `| ${e.paths.map((p) => `${p.as}!=""`).join(' and ')}`];
      }
    }
  }

  /**
   * Sumo-style anchor parse. `pattern` captures like it (first occurrence of each text, lazily),
   * but keeps lines that do not match, and when a later text is missing it lets the capture
   * before it run to the end of the line: a `name != ""` test would keep such lines. So the
   * texts, in order, become a line filter, which drops exactly the lines the parse cannot match.
   */
  private anchorParse(parts: readonly (string | { readonly capture: string })[]): string[] {
    const texts = parts.filter((p): p is string => typeof p === 'string');
    const stages: string[] = [];
    if (texts.length === 1) stages.push(`|= ${logqlString(texts[0]!, 'parse text')}`);
    else if (texts.length > 1) {
      const inOrder: RegexNode = { kind: 'seq', items: texts.flatMap((t, i) => (i === 0 ? [literal(t)] : [ANY_RUN, literal(t)])) };
      stages.push(`|~ ${logqlString(`(?s)${printRegex(inOrder, LOKI_REGEX)}`, 'parse text')}`);
    }
    const template = logqlPatternTemplate(parts);
    if (template !== undefined) {
      stages.push(`| pattern ${logqlString(template, 'parse pattern')}`);
      return stages;
    }
    this.note('logql.parse-as-regexp', 'the parse text looks like a <capture> or has two captures side by side, so it is printed as the equivalent | regexp');
    const captures: RegexNode = {
      kind: 'seq',
      items: parts.map((p, i) =>
        typeof p === 'string' ? literal(p) : { kind: 'group', capture: p.capture, item: { ...ANY_RUN, lazy: i < parts.length - 1 } },
      ),
    };
    // (?s): `pattern` captures across newlines, and so does its regexp equivalent.
    stages.push(`| regexp ${logqlString(`(?s)${printRegex(captures, LOKI_REGEX)}`, 'parse pattern')}`);
    return stages;
  }

  /** The log query text, with what a measure appends before the closing error filter. */
  private logQuery(p: LogPipeline, extra: readonly string[] = [], unwrap?: string): string {
    const stages = [...p.stages, ...extra];
    if (unwrap !== undefined) stages.push(`| unwrap ${unwrap}`, '| __error__=""');
    else if (p.mayError) stages.push('| __error__=""');
    return [`{${p.selector.join(', ')}}`, ...stages].join(' ');
  }

  // ---- raw events ---------------------------------------------------------------------
  private rawEvents(query: Query, p: LogPipeline): LokiOutput {
    for (const k of query.sort) {
      // Loki returns the newest lines first: that is the only order a log query has.
      if (k.ref.kind !== 'bucket' || k.dir !== 'desc') this.unsupported('logql.event-sort', `a log query cannot be sorted by ${JSON.stringify(k.key)} ${k.dir}; Loki returns the newest lines first`);
    }
    if (query.pivot) this.unsupported('logql.pivot', 'a log query without aggregation cannot be transposed');
    if (query.bucket) this.note('logql.bucket-ignored', 'time buckets without an aggregation do not change a log query');
    if (query.limit === undefined) this.note('logql.default-max-lines', `no limit was given: Grafana fetches at most ${DEFAULT_MAX_LINES} lines`);
    else if (query.limit > LOKI_MAX_LINES) this.approximate('logql.max-lines', `Loki returns at most max_entries_limit_per_query lines (default ${LOKI_MAX_LINES}), fewer than the limit ${query.limit}`);
    return { queryType: 'range', targets: [{ expr: this.logQuery(p) }], transformations: [], maxLines: query.limit ?? DEFAULT_MAX_LINES };
  }

  // ---- metrics --------------------------------------------------------------------------
  private metric(query: Query, p: LogPipeline): LokiOutput {
    const agg = query.aggregate!;
    const groups = agg.by.map((f) => logqlLabel(f.name, `group-by field ${f.logical ?? f.name}`));
    const measures: readonly Measure[] = agg.measures.length ? agg.measures : [{ kind: 'measure', fn: 'count', as: 'count' }];
    const range = query.bucket ? logqlDuration(query.bucket.span) : '$__range';
    // avg, min, max and quantile group their samples in the range aggregation itself: exact (a
    // vector avg over per-stream averages would not be), and one series per group rather than
    // one per parsed label set. Without groups, a selector label (one value for every selected
    // stream) puts all samples in one group, whatever a Loki release makes of `by ()`.
    const sampleGroups = groups.length ? groups : [logqlLabel(Object.keys(query.source.loki!.selector)[0]!, 'selector label')];
    const exprs = measures.map((m) => this.measureExpr(m, p, groups, sampleGroups, range));
    if (groups.length) this.note('logql.series-limit', 'Loki returns at most max_query_series series (default 500): more groups make the query fail');
    if (query.bucket) {
      this.approximate('logql.bucket-alignment', `each point covers the ${range} window ending at its step, not starting there, and steps align to Grafana's time grid rather than to the bucket starts of the other products`);
    }
    if (query.pivot) this.pivot(query, groups);
    const transformations = query.bucket ? this.rangeOrder(query, measures, exprs, groups) : this.instantOrder(query, measures, exprs);
    const legend = (m: Measure): string => logqlLegend([...groups.map((label) => ({ label })), ...(groups.length === 0 || measures.length > 1 ? [m.as] : [])]);
    return {
      queryType: query.bucket ? 'range' : 'instant',
      ...(query.bucket ? { step: range } : {}),
      targets: measures.map((m, i) => ({ expr: exprs[i]!, legendFormat: legend(m) })),
      transformations,
    };
  }

  private measureExpr(m: Measure, p: LogPipeline, groups: readonly string[], sampleGroups: readonly string[], range: string): string {
    const by = (labels: readonly string[]): string => (labels.length ? ` by (${labels.join(', ')})` : '');
    if (m.fn === 'count') return vectorAggregation('sum', groups, `count_over_time(${this.logQuery(p)} [${range}])`);
    if (!m.field) return this.unsupported('logql.measure-field', `measure ${m.as} (${m.fn}) needs a field`);
    const f = logqlLabel(m.field.name, `field ${m.field.logical ?? m.field.name} of ${m.as}`);
    switch (m.fn) {
      case 'countDistinct': {
        this.approximate('logql.count-distinct-series', `count distinct is counted from one series per distinct ${f}${groups.length ? ' and group' : ''}, so it fails when there are more than max_query_series (default 500)`);
        const perValue = vectorAggregation('sum', [...new Set([f, ...groups])], `count_over_time(${this.logQuery(p, [`| ${f}!=""`])} [${range}])`);
        return vectorAggregation('count', groups, perValue);
      }
      case 'sum':
        // sum_over_time takes no grouping; Loki pushes the outer sum's grouping down into it.
        return vectorAggregation('sum', groups, `sum_over_time(${this.logQuery(p, [], f)} [${range}])`);
      case 'min':
      case 'max':
      case 'avg':
        return `${m.fn}_over_time(${this.logQuery(p, [], f)} [${range}])${by(sampleGroups)}`;
      case 'percentile':
        this.note('logql.quantile', 'quantile_over_time interpolates linearly between the two nearest values (the Prometheus definition)');
        return `quantile_over_time(${logqlQuantile(m.p ?? NaN)}, ${this.logQuery(p, [], f)} [${range}])${by(sampleGroups)}`;
      default:
        return this.unsupported('logql.measure', `measure ${JSON.stringify(m.fn)} has no LogQL form`);
    }
  }

  /** A Grafana range query draws one series per group: that is the bucket × column pivot. */
  private pivot(query: Query, groups: readonly string[]): void {
    const { row, column } = query.pivot!;
    if (!query.bucket || row.kind !== 'bucket' || column.kind !== 'group' || !groups.includes(column.field.name)) {
      this.unsupported('logql.pivot', 'LogQL has no pivot: only time buckets as rows and a group-by field as columns map to Grafana series');
    }
  }

  // ---- order and limits -------------------------------------------------------------------
  private checkKeys(keys: readonly SortKey[]): void {
    for (const k of keys) {
      if (k.ref.kind === 'unresolved') this.unsupported('query.unresolved-key', `key ${JSON.stringify(k.key)} is not a measure, group-by field or the time bucket`);
    }
  }

  /**
   * Instant queries return one row per group: Grafana's Loki datasource makes each target one
   * table (Time, a column per label, `Value #<refId>`) in Loki's order. A value sort is LogQL's
   * own `sort`/`sort_desc` (with `topk`/`bottomk` for a limit). LogQL cannot sort by label, so
   * label order is a Grafana "Sort by" transformation on the label column: the rows are the
   * same, only Grafana orders them, so it is exact. "Sort by" uses one key but is stable, so one
   * transformation per key, least significant first, sorts by all of them. With several
   * measures, "Merge" first joins their tables into one.
   */
  private instantOrder(query: Query, measures: readonly Measure[], exprs: string[]): GrafanaTransformation[] {
    const keys = query.sort;
    this.checkKeys(keys);
    const first = keys[0];
    if (first?.ref.kind === 'measure') {
      const alias = first.ref.alias;
      const i = measures.findIndex((m) => m.as === alias);
      const desc = first.dir === 'desc';
      const ranked = query.limit === undefined ? exprs[i]! : `${desc ? 'topk' : 'bottomk'}(${query.limit}, ${exprs[i]!})`;
      exprs[i] = `${desc ? 'sort_desc' : 'sort'}(${ranked})`;
      if (measures.length > 1) {
        this.approximate('logql.multi-measure-order', `each measure is its own Grafana target: only ${alias} is sorted${query.limit === undefined ? '' : ' and limited'}, the other targets are merged in by label`);
      }
      if (keys.length > 1) this.approximate('logql.sort-ties', `rows with equal ${alias} are not ordered by ${keys.slice(1).map((k) => k.key).join(', ')}`);
      return [];
    }
    const labelKeys: SortKey[] = [];
    for (const k of keys) {
      if (k.ref.kind !== 'group') {
        this.approximate('logql.sort-ties', `rows are ordered by label only; ${k.key} after a label key is not used`);
        break;
      }
      labelKeys.push(k);
    }
    const out: GrafanaTransformation[] = [];
    if ((labelKeys.length || query.limit !== undefined) && measures.length > 1) out.push({ id: 'merge', options: {} });
    for (const k of [...labelKeys].reverse()) out.push(this.sortBy((k.ref as { field: FieldRef }).field.name, k.dir));
    if (query.limit !== undefined) out.push({ id: 'limit', options: { limitField: query.limit } });
    return out;
  }

  /**
   * Range queries return one series per group, in time order. Newest-first is a "Sort by"
   * on Time; a value order cannot be expressed (sort and topk are re-evaluated at every step).
   */
  private rangeOrder(query: Query, measures: readonly Measure[], exprs: string[], groups: readonly string[]): GrafanaTransformation[] {
    const keys = query.sort;
    this.checkKeys(keys);
    const out: GrafanaTransformation[] = [];
    const first = keys[0];
    if (first?.ref.kind === 'bucket') {
      if (first.dir === 'desc') out.push(this.sortBy('Time', 'desc'));
    } else if (first) {
      this.approximate('logql.range-order', `a range query returns one series per group in time order; rows are not ordered by ${first.key}`);
    }
    if (keys.length > 1) this.approximate('logql.sort-ties', `points of equal time are not ordered by ${keys.slice(1).map((k) => k.key).join(', ')}`);
    if (query.limit !== undefined) {
      if (first?.ref.kind === 'measure') {
        const alias = first.ref.alias;
        const i = measures.findIndex((m) => m.as === alias);
        exprs[i] = `${first.dir === 'desc' ? 'topk' : 'bottomk'}(${query.limit}, ${exprs[i]!})`;
        this.approximate('logql.topk-per-step', `topk in a range query is evaluated at every step: up to ${query.limit} series per step, and more than ${query.limit} over the whole range`);
      } else {
        out.push({ id: 'limit', options: { limitField: query.limit } });
        if (groups.length) this.approximate('logql.limit-per-series', `Grafana's Limit keeps ${query.limit} points of each series, not ${query.limit} rows in all`);
      }
    }
    return out;
  }

  private sortBy(field: string, dir: 'asc' | 'desc'): GrafanaTransformation {
    return { id: 'sortBy', options: { fields: {}, sort: [{ field, desc: dir === 'desc' }] } };
  }
}
