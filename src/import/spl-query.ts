// Reads dashboard SPL into the neutral query. Recognised: the search command (index,
// sourcetype and source as the source; field tests, keywords, phrases, AND/OR/NOT, IN, and
// input tokens), `search` and `where` filters, `rex` and `spath` when a later step drops events
// they do not match (as the neutral extraction does), `bin`/`timechart`, `stats`, `sort`, `head`
// and trailing `rename`s. Macros, subsearches, tstats, eval, lookup, dedup... keep it raw.

import { captureNames } from '../query/regex/ast.js';
import { anchorParse } from './anchor.js';
import { parseRegex, RegexSyntaxError } from '../query/regex/parse.js';
import { aliasProblem, identifierProblem } from '../query/identifiers.js';
import { autoSpan, durationText, relativeSeconds } from './common.js';
import { type Cond, type ExtractStep, type FieldUse, fieldsOfSteps, type MeasureStep, type QuerySteps, type SourceBinding, type Value } from './model.js';

export class NotRecognised extends Error {}

function fail(why: string): never {
  throw new NotRecognised(why);
}

/** What a dashboard token stands for in a search: `field="<value>"` (maybe several, ORed). */
export interface TokenMeaning {
  readonly field?: string;
  readonly multi: boolean;
}

export interface SplContext {
  /** Tokens of inputs polydash keeps as variables, and what each expands to. */
  readonly tokens: ReadonlyMap<string, TokenMeaning>;
  readonly rangeSeconds: number;
}

export function splitPipes(q: string): string[] {
  const out: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < q.length; i++) {
    const c = q[i]!;
    if (c === '"') {
      for (i++; i < q.length && q[i] !== '"'; i++) if (q[i] === '\\') i++;
    } else if (c === '$') {
      // a token with a filter, `$name|s$`: its | is not a pipe
      const token = /^\$[A-Za-z0-9_.]+\|[a-z]+\$/.exec(q.slice(i));
      if (token) i += token[0].length - 1;
    } else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(q.slice(start, i));
      start = i + 1;
    }
  }
  out.push(q.slice(start));
  return out.map((s) => s.trim());
}

interface Tok {
  readonly t: 'str' | 'word' | 'op';
  readonly v: string;
}

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '`') fail('a macro (its search is defined elsewhere)');
    if (c === '[') fail('a subsearch');
    if (c === '"' || c === "'") {
      let v = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === '\\' && j + 1 < text.length && (text[j + 1] === c || text[j + 1] === '\\')) v += text[++j];
        else v += text[j];
      }
      out.push({ t: c === "'" ? 'word' : 'str', v });
      i = j + 1;
      continue;
    }
    const op = ['!=', '<=', '>=', '==', '=', '<', '>', '(', ')', ','].find((o) => text.startsWith(o, i));
    if (op) {
      out.push({ t: 'op', v: op });
      i += op.length;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s"'()=!<>,]/.test(text[j]!)) j++;
    if (j === i) fail(`the character ${text[i]}`);
    out.push({ t: 'word', v: text.slice(i, j) });
    i = j;
  }
  return out;
}

interface State {
  readonly ctx: SplContext;
  readonly extracted: Set<string>;
  binding: { index?: string; sourcetype?: string; source?: string };
  filters: Cond[];
  extracts: (ExtractStep & { captures: string[]; witnessed: boolean })[];
  timeslice?: string;
  measures: MeasureStep[];
  by: FieldUse[];
  columns: Map<string, string | FieldUse>;
  sort: { key: string | FieldUse; dir: 'asc' | 'desc' }[];
  limit?: number;
  transpose?: { row: string | FieldUse; column: string | FieldUse };
  eventColumns?: string[];
  /** A `fields a, b` projection: what later steps may read from the events (plus extracted names). */
  kept?: { fields: Set<string>; filtersBefore: number; extractsBefore: number };
  approximations: string[];
  phase: 'events' | 'aggregated' | 'sorted' | 'limited' | 'renamed';
}

function fieldUse(name: string, st: State): FieldUse {
  if (st.extracted.has(name)) return { extracted: name };
  if (name === '_raw') fail('a test on _raw');
  return { native: name };
}

function tokenOf(text: string): string | undefined {
  const m = /^\$([A-Za-z0-9_.]+)(?:\|[a-z]+)?\$$/.exec(text);
  return m?.[1];
}

class SearchParser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly st: State,
    private readonly head: boolean,
  ) {}

  private peek(o = 0): Tok | undefined {
    return this.toks[this.i + o];
  }

  parse(): Cond[] {
    const out: Cond[] = [];
    while (this.i < this.toks.length) {
      const c = this.or();
      if (c) out.push(c);
    }
    return out;
  }

  private or(): Cond | undefined {
    const args: Cond[] = [];
    const first = this.and();
    if (first) args.push(first);
    while (this.peek()?.v === 'OR') {
      this.i++;
      const next = this.and();
      if (!next) fail('OR with a source test');
      args.push(next);
    }
    return args.length > 1 ? { kind: 'or', args } : args[0];
  }

  private and(): Cond | undefined {
    const args: Cond[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.v === 'OR' || t.v === ')') break;
      if (t.v === 'AND') {
        this.i++;
        continue;
      }
      const c = this.unary();
      if (c) args.push(c);
      if (this.peek()?.v === 'OR' && args.length > 1) fail('AND and OR without parentheses');
      if (this.peek()?.v === 'OR') break;
    }
    return args.length > 1 ? { kind: 'and', args } : args[0];
  }

  private unary(): Cond | undefined {
    if (this.peek()?.v === 'NOT') {
      this.i++;
      const c = this.unary();
      if (!c) fail('NOT on a source test');
      return { kind: 'not', arg: c };
    }
    return this.primary();
  }

  private primary(): Cond | undefined {
    const t = this.peek()!;
    this.i++;
    if (t.t === 'op' && t.v === '(') {
      const c = this.or();
      if (this.peek()?.v !== ')') fail('an unclosed parenthesis');
      this.i++;
      return c;
    }
    const token = tokenOf(t.v);
    if (token !== undefined && t.t === 'word') {
      const meaning = this.st.ctx.tokens.get(token);
      if (!meaning) fail(`the token $${token}$, which is not an input polydash keeps`);
      if (!meaning.field) fail(`the token $${token}$ expands to free text`);
      return { kind: 'compare', field: fieldUse(meaning.field, this.st), op: '=', value: { var: token } as Value };
    }
    const op = this.peek();
    if (t.t === 'word' && op?.t === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(op.v)) {
      this.i++;
      const v = this.peek();
      this.i++;
      if (!v || v.t === 'op') fail(`${t.v}${op.v} without a value`);
      return this.fieldTest(t.v, op.v, v);
    }
    if (t.t === 'word' && this.peek()?.v === 'IN') {
      this.i++;
      if (this.peek()?.v !== '(') fail('IN without a list');
      this.i++;
      const values: (string | number)[] = [];
      while (this.peek() && this.peek()!.v !== ')') {
        const v = this.peek()!;
        this.i++;
        if (v.v === ',') continue;
        if (v.v.includes('*') || tokenOf(v.v)) fail('a wildcard or token in an IN list');
        values.push(v.t === 'word' && /^-?\d+(\.\d+)?$/.test(v.v) ? Number(v.v) : v.v);
      }
      this.i++;
      return { kind: 'in', field: fieldUse(t.v, this.st), values };
    }
    if (t.t === 'word' && /^(earliest|latest|index|sourcetype|source)$/i.test(t.v)) fail(`${t.v} without a value`);
    if (t.t === 'word' && /[*]/.test(t.v)) fail(`the keyword ${t.v} has a wildcard`);
    if (t.t === 'word' && /^(TERM|CASE)$/.test(t.v)) fail(`${t.v}()`);
    if (t.t === 'word' && /\$/.test(t.v)) fail(`the text ${t.v} holds a token`);
    if (t.t === 'str') {
      if (t.v.includes('*')) fail(`the phrase "${t.v}" has a wildcard`);
      if (t.v.includes('$')) fail(`the phrase "${t.v}" holds a token`);
      return /\s/.test(t.v.trim()) ? { kind: 'phrase', value: t.v } : { kind: 'term', value: t.v };
    }
    if (t.t === 'op') fail(`an unexpected ${t.v}`);
    return { kind: 'term', value: t.v };
  }

  private fieldTest(name: string, op: string, v: Tok): Cond | undefined {
    const lower = name.toLowerCase();
    const token = tokenOf(v.v);
    if (this.head && ['index', 'sourcetype', 'source'].includes(lower) && op === '=' && !token) {
      const key = lower as 'index' | 'sourcetype' | 'source';
      if (this.st.binding[key] !== undefined) fail(`two ${lower} tests`);
      this.st.binding[key] = v.v;
      return undefined;
    }
    if (['earliest', 'latest', '_index_earliest', '_index_latest'].includes(lower)) fail(`the time modifier ${name}`);
    if (['index', 'sourcetype', 'source'].includes(lower)) fail(`${name}${op}${v.v} is not part of the source`);
    const field = fieldUse(name, this.st);
    if (token !== undefined) {
      const meaning = this.st.ctx.tokens.get(token);
      if (!meaning) fail(`the token $${token}$, which is not an input polydash keeps`);
      if (meaning.field) fail(`${name}=$${token}$, where the token already holds a field test`);
      if (op !== '=' && op !== '!=') fail(`${name}${op}$${token}$`);
      return { kind: 'compare', field, op: op === '=' ? '=' : '!=', value: { var: token } as Value };
    }
    if (v.v.includes('$')) fail(`the value ${v.v} holds a token`);
    const numeric = v.t === 'word' && /^-?\d+(\.\d+)?$/.test(v.v);
    if (op === '=' || op === '!=') {
      if (v.v === '*') return op === '=' ? { kind: 'exists', field } : { kind: 'not', arg: { kind: 'exists', field } };
      if (v.v.includes('*')) {
        const c: Cond = { kind: 'wildcard', field, pattern: v.v.replace(/\\/g, '\\\\') };
        return op === '=' ? c : { kind: 'not', arg: c };
      }
      // field!=value also drops events without the field, as NOT field=value does not
      if (op === '!=') fail(`${name}!=${v.v} (Splunk drops events without ${name}, unlike NOT ${name}=${v.v})`);
      return { kind: 'compare', field, op: '=', value: numeric ? Number(v.v) : v.v };
    }
    if (!numeric) fail(`${name}${op}${v.v} orders text`);
    return { kind: 'compare', field, op: op as '<', value: Number(v.v) };
  }
}

function evalCondition(toks: Tok[], st: State): Cond {
  let i = 0;
  const peek = (): Tok | undefined => toks[i];
  const or = (): Cond => {
    const args = [and()];
    while (peek()?.v === 'OR' || peek()?.v === 'or') {
      i++;
      args.push(and());
    }
    return args.length > 1 ? { kind: 'or', args } : args[0]!;
  };
  const and = (): Cond => {
    const args = [unary()];
    while (peek()?.v === 'AND' || peek()?.v === 'and') {
      i++;
      args.push(unary());
    }
    return args.length > 1 ? { kind: 'and', args } : args[0]!;
  };
  const unary = (): Cond => {
    if (peek()?.v === 'NOT' || peek()?.v === 'not') {
      i++;
      return { kind: 'not', arg: unary() };
    }
    return primary();
  };
  const primary = (): Cond => {
    const t = toks[i++];
    if (!t) fail('an incomplete where');
    if (t.v === '(') {
      const c = or();
      if (toks[i++]?.v !== ')') fail('an unclosed parenthesis in where');
      return c;
    }
    if (t.t === 'word' && /^(isnotnull|isnull)$/i.test(t.v) && peek()?.v === '(') {
      const f = toks[i + 1];
      if (!f || toks[i + 2]?.v !== ')') fail(`${t.v}() of an expression`);
      i += 3;
      const c: Cond = { kind: 'exists', field: fieldUse(f.v, st) };
      return /^isnull$/i.test(t.v) ? { kind: 'not', arg: c } : c;
    }
    if (t.t === 'word' && peek()?.v === '(') fail(`the function ${t.v}()`);
    const op = toks[i++];
    const v = toks[i++];
    if (!op || op.t !== 'op' || !v) fail(`the where clause at ${t.v}`);
    const field = fieldUse(t.v, st);
    if (v.t === 'str') {
      if (v.v.includes('$')) fail('a token in where');
      if (op.v === '=' || op.v === '==') return { kind: 'compare', field, op: '=', value: v.v };
      if (op.v === '!=') return { kind: 'compare', field, op: '!=', value: v.v };
      fail(`${t.v}${op.v}"${v.v}" orders text`);
    }
    if (/^-?\d+(\.\d+)?$/.test(v.v)) return { kind: 'compare', field, op: op.v === '==' ? '=' : (op.v as '<'), value: Number(v.v) };
    return fail(`${t.v}${op.v}${v.v} compares two fields`);
  };
  const c = or();
  if (i < toks.length) fail(`the where clause at ${toks[i]!.v}`);
  return c;
}

function options(toks: Tok[]): { opts: Record<string, string>; rest: Tok[] } {
  const opts: Record<string, string> = {};
  let i = 0;
  while (toks[i]?.t === 'word' && toks[i + 1]?.v === '=' && toks[i + 2] && /^[a-z_]+$/.test(toks[i]!.v)) {
    opts[toks[i]!.v] = toks[i + 2]!.v;
    i += 3;
  }
  return { opts, rest: toks.slice(i) };
}

function checkName(name: string, st: State): void {
  const problem = identifierProblem(name);
  if (problem) fail(`the extracted field ${name} (${problem})`);
  if (st.extracted.has(name)) fail(`${name} is extracted twice`);
}

function rexStage(text: string, st: State): void {
  const { opts, rest } = options(tokens(text.replace(/^rex\b/, '')));
  if (opts.mode || opts.max_match || opts.offset_field) fail('rex with mode, max_match or offset_field');
  if (rest.length !== 1 || rest[0]!.t !== 'str') fail('rex without one regex');
  const regex = rest[0]!.v;
  let names: string[];
  try {
    names = captureNames(parseRegex(regex));
  } catch (e) {
    if (e instanceof RegexSyntaxError) fail(`the regex ${JSON.stringify(regex)}: ${e.message}`);
    throw e;
  }
  if (!names.length) fail('rex without named groups');
  names.forEach((n) => checkName(n, st));
  const input = opts.field && opts.field !== '_raw' ? fieldUse(opts.field, st) : undefined;
  names.forEach((n) => st.extracted.add(n));
  const anchor = anchorParse(regex);
  st.extracts.push(anchor ? { kind: 'parse', ...anchor, ...(input ? { input } : {}), captures: names, witnessed: false } : { kind: 'parseRegex', regex, ...(input ? { input } : {}), captures: names, witnessed: false });
}

function spathStage(text: string, st: State): void {
  const { opts, rest } = options(tokens(text.replace(/^spath\b/, '')));
  if (rest.length || !opts.path || !opts.output) fail('spath without path= and output=');
  checkName(opts.output, st);
  const path = opts.path.split('.').flatMap((seg) => {
    const m = /^([^{}]*)((?:\{\d+\})*)$/.exec(seg);
    if (!m) fail(`the spath path ${opts.path}`);
    return [...(m[1] ? [m[1]] : []), ...[...m[2]!.matchAll(/\{(\d+)\}/g)].map((x) => Number(x[1]))];
  });
  const input = opts.input && opts.input !== '_raw' ? fieldUse(opts.input, st) : undefined;
  st.extracted.add(opts.output);
  st.extracts.push({ kind: 'json', paths: [{ as: opts.output, path }], ...(input ? { input } : {}), captures: [opts.output], witnessed: false });
}

const STATS: Record<string, MeasureStep['fn']> = { dc: 'countDistinct', distinct_count: 'countDistinct', sum: 'sum', avg: 'avg', mean: 'avg', min: 'min', max: 'max' };

function measureList(toks: Tok[], st: State): { measures: { m: MeasureStep; column: string }[]; rest: Tok[] } {
  const measures: { m: MeasureStep; column: string }[] = [];
  let i = 0;
  const taken = new Set<string>();
  for (;;) {
    const t = toks[i];
    if (!t || t.t !== 'word' || /^by$/i.test(t.v)) break;
    let m: MeasureStep;
    let column: string;
    const name = t.v.toLowerCase();
    if ((name === 'count' || name === 'c') && toks[i + 1]?.v !== '(') {
      m = { fn: 'count', as: 'count' };
      column = 'count';
      i++;
    } else if (toks[i + 1]?.v === '(') {
      const f = toks[i + 2];
      if (!f || toks[i + 3]?.v !== ')') fail(`${t.v}() of an expression`);
      const pct = /^(exactperc|perc|p|upperperc)(\d+(?:\.\d+)?)$/.exec(name);
      let fn = STATS[name];
      let p: number | undefined;
      if (pct) {
        fn = 'percentile';
        p = Number(pct[2]);
        if (pct[1] !== 'exactperc') st.approximations.push(`${t.v}() is Splunk's approximate percentile; polydash prints exactperc`);
      }
      if (name === 'count') fail('count(field) counts events that have the field');
      if (!fn) fail(`the stats function ${t.v}()`);
      const field = fieldUse(f.v, st);
      const base = identifierProblem(f.v) ? undefined : f.v;
      if (!base) fail(`${t.v}(${f.v}) of a field whose name is not an identifier`);
      m = { fn, field, ...(p !== undefined ? { p } : {}), as: fn === 'countDistinct' ? `distinct_${f.v}` : fn === 'percentile' ? `p${String(p).replace('.', '_')}_${f.v}` : `${fn}_${f.v}` };
      column = `${t.v}(${f.v})`;
      i += 4;
    } else fail(`the stats function ${t.v}`);
    if (/^as$/i.test(toks[i]?.v ?? '')) {
      const alias = toks[i + 1]?.v ?? '';
      const problem = aliasProblem(alias);
      if (problem) fail(`the alias ${alias} (${problem})`);
      m = { ...m, as: alias };
      column = alias;
      i += 2;
    }
    if (taken.has(m.as)) fail(`two columns named ${m.as}`);
    taken.add(m.as);
    measures.push({ m, column });
    if (toks[i]?.v === ',') i++;
  }
  if (!measures.length) fail('an aggregation without a function');
  return { measures, rest: toks.slice(i) };
}

function byList(toks: Tok[]): string[] {
  if (!toks.length) return [];
  if (!/^by$/i.test(toks[0]!.v)) fail(`text after the aggregation: ${toks.map((t) => t.v).join(' ')}`);
  const out = toks.slice(1).filter((t) => t.v !== ',').map((t) => {
    if (t.t === 'op') fail('an expression in by');
    return t.v;
  });
  if (!out.length) fail('by without fields');
  return out;
}

function setAggregation(st: State, measures: { m: MeasureStep; column: string }[], by: string[]): void {
  if (st.phase !== 'events') fail('a second aggregation');
  st.measures = measures.map((x) => x.m);
  for (const x of measures) st.columns.set(x.column, x.m.as);
  st.by = by.map((b) => fieldUse(b, st));
  by.forEach((b, k) => st.columns.set(b, st.by[k]!));
  for (const e of st.extracts) if (e.captures.some((c) => by.includes(c))) e.witnessed = true;
  st.phase = 'aggregated';
}

function statsStage(text: string, st: State): void {
  const { opts, rest } = options(tokens(text.replace(/^stats\b/, '')));
  if (Object.keys(opts).length) fail(`stats options ${Object.keys(opts).join(', ')}`);
  const { measures, rest: after } = measureList(rest, st);
  let by = byList(after);
  if (by.includes('_time')) {
    if (!st.timeslice) fail('stats by _time without bin (one row per distinct time)');
    by = by.filter((b) => b !== '_time');
    st.columns.set('_time', 'timeslice');
  } else if (st.timeslice) fail('a bin that stats does not group by');
  setAggregation(st, measures, by);
}

function timechartStage(text: string, st: State): void {
  const { opts, rest } = options(tokens(text.replace(/^timechart\b/, '')));
  for (const k of Object.keys(opts)) if (!['span', 'limit', 'useother', 'usenull', 'cont'].includes(k)) fail(`timechart ${k}=`);
  const { measures, rest: after } = measureList(rest, st);
  const by = byList(after);
  if (by.length > 1) fail('timechart by several fields');
  if (opts.span) {
    const seconds = relativeSeconds(opts.span);
    if (seconds === undefined || !durationText(seconds)) fail(`the span ${opts.span}`);
    st.timeslice = durationText(seconds)!;
  } else {
    st.timeslice = autoSpan(st.ctx.rangeSeconds);
    st.approximations.push(`timechart chooses its span from the time range; polydash uses a fixed ${st.timeslice}`);
  }
  if (by.length) {
    if (opts.limit !== '0') st.approximations.push(`timechart shows the top ${opts.limit ?? 10} series${opts.useother === 'f' || opts.useother === 'false' ? '' : ' and OTHER'}; polydash shows every series`);
    if (opts.usenull !== 'f' && opts.usenull !== 'false') st.approximations.push('timechart shows events without the split field as NULL; polydash leaves them out');
  }
  if (opts.cont !== 'f' && opts.cont !== 'false') st.approximations.push('timechart shows empty time buckets as 0; polydash leaves them out');
  setAggregation(st, measures, by);
  st.columns.set('_time', 'timeslice');
  if (by.length) {
    if (measures.length !== 1) fail('timechart of several functions by a field');
    st.transpose = { row: 'timeslice', column: st.by[0]! };
  }
}

function sortStage(text: string, st: State): void {
  if (st.phase !== 'aggregated') fail(st.phase === 'events' ? 'a sort of raw events (polydash lists events newest first)' : 'a sort after head');
  const toks = tokens(text.replace(/^sort\b/, ''));
  let i = 0;
  if (toks[0]?.t === 'word' && /^\d+$/.test(toks[0].v)) {
    const n = Number(toks[0].v);
    if (n > 0) st.limit = n;
    i = 1;
  }
  for (; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.v === ',' || /^by$/i.test(t.v)) continue;
    let name = t.v;
    let dir: 'asc' | 'desc' = 'asc';
    if (name === '-' || name === '+') {
      dir = name === '-' ? 'desc' : 'asc';
      name = toks[++i]?.v ?? '';
    } else if (/^[-+]/.test(name)) {
      dir = name.startsWith('-') ? 'desc' : 'asc';
      name = name.slice(1);
    }
    if (/^(asc|desc|d)$/i.test(toks[i + 1]?.v ?? '')) {
      if (/^(desc|d)$/i.test(toks[i + 1]!.v)) dir = dir === 'asc' ? 'desc' : 'asc';
      i++;
    }
    if (/^(num|str|ip|auto)$/i.test(name)) fail(`sort ${name}()`);
    const key = st.columns.get(name);
    if (key === undefined) fail(`sort by ${name}, which is not a column of the aggregation`);
    st.sort.push({ key, dir });
  }
  st.phase = st.limit !== undefined ? 'limited' : 'sorted';
}

function headStage(text: string, st: State): void {
  const m = /^head\s+(?:limit=)?(\d+)\s*$/.exec(text);
  if (!m) fail(text);
  if (st.phase === 'events') fail('head of raw events (polydash lists events newest first, up to a product limit)');
  if (st.limit !== undefined) fail('two limits');
  st.limit = Number(m[1]);
  st.phase = 'limited';
}

function renameStage(text: string, st: State): void {
  if (st.phase === 'events') fail('rename of raw events');
  st.approximations.push(`the column labels of ${text.replace(/^rename\s+/, '')} (a rename after the aggregation)`);
  st.phase = 'renamed';
}

function tableStage(text: string, st: State): void {
  if (st.phase !== 'events' || st.eventColumns) fail('table after an aggregation');
  st.eventColumns = tokens(text.replace(/^table\b/, '')).filter((t) => t.v !== ',').map((t) => t.v);
}

export interface SplRecognition {
  readonly source: SourceBinding;
  readonly steps: QuerySteps;
  readonly approximations: string[];
  /** Event list columns from `table`. */
  readonly columns?: string[];
}

/** Recognises one search (a base search and its post-process already joined). */
export function recogniseSpl(query: string, ctx: SplContext): SplRecognition {
  let text = query.trim().replace(/^search\s+/i, '');
  if (text.startsWith('|')) fail(`the generating command ${text.slice(1).trim().split(/\s/)[0]}`);
  // a search that starts with a macro: the app's idiom for "where the data is" (e.g. `pan_logs`)
  const macro = /^`([A-Za-z0-9_]+)`(?=\s|$)/.exec(text)?.[1];
  if (macro) text = text.slice(macro.length + 2);
  const [head, ...stages] = splitPipes(text);
  const st: State = { ctx, extracted: new Set(), binding: {}, filters: [], extracts: [], measures: [], by: [], columns: new Map(), sort: [], approximations: [], phase: 'events' };
  st.filters.push(...new SearchParser(tokens(head ?? ''), st, true).parse());
  if (macro) {
    if (st.binding.index !== undefined) fail(`the macro \`${macro}\` besides index=${st.binding.index}`);
    st.binding.index = macro;
    st.approximations.push(`the macro \`${macro}\` is read as the source (its definition is not in the dashboard; see the source)`);
  }
  if (st.binding.index === undefined && st.binding.sourcetype === undefined && st.binding.source === undefined) fail('the search names no index, sourcetype or source');
  for (const stage of stages) {
    const cmd = /^[a-z]+/.exec(stage)?.[0] ?? stage;
    if (st.phase !== 'events' && ['search', 'where', 'rex', 'spath', 'bin', 'bucket', 'table'].includes(cmd)) fail(`${cmd} after the aggregation`);
    switch (cmd) {
      case 'search':
        st.filters.push(...new SearchParser(tokens(stage.replace(/^search\b/, '')), st, false).parse());
        break;
      case 'where': {
        const c = evalCondition(tokens(stage.replace(/^where\b/, '')), st);
        // `rex ... | where isnotnull(capture)`: the test that drops what rex did not match is part of the extraction
        const last = st.extracts[st.extracts.length - 1];
        const tested = (c.kind === 'and' ? c.args : [c]).map((x) => (x.kind === 'exists' && 'extracted' in x.field ? x.field.extracted : undefined));
        if (last && !last.witnessed && tested.every((t) => t !== undefined && last.captures.includes(t)) && (last.kind !== 'json' || last.captures.every((x) => tested.includes(x)))) {
          last.witnessed = true;
          break;
        }
        st.filters.push(c);
        break;
      }
      case 'rex':
        rexStage(stage, st);
        break;
      case 'spath':
        spathStage(stage, st);
        break;
      case 'bin':
      case 'bucket': {
        const m = /^(?:bin|bucket)\s+(?:_time\s+span=(\S+)|span=(\S+)\s+_time)\s*$/.exec(stage);
        const span = m?.[1] ?? m?.[2];
        const seconds = span ? relativeSeconds(span) : undefined;
        if (seconds === undefined || !durationText(seconds)) fail(`${stage} (polydash buckets _time by a fixed span)`);
        st.timeslice = durationText(seconds)!;
        break;
      }
      case 'stats':
        statsStage(stage, st);
        break;
      case 'timechart':
        timechartStage(stage, st);
        break;
      case 'sort':
        sortStage(stage, st);
        break;
      case 'head':
        headStage(stage, st);
        break;
      case 'rename':
        renameStage(stage, st);
        break;
      case 'table':
        tableStage(stage, st);
        break;
      case 'fields': {
        // a projection keeps every row: harmless when later steps read only fields it keeps
        const names = tokens(stage.replace(/^fields\b/, '')).filter((t) => t.v !== ',').map((t) => t.v);
        if (!names.length || names[0] === '-' || names[0]!.startsWith('-') || names[0] === '+' || st.kept) fail(`${stage} (only one "fields" that keeps a list is read)`);
        st.kept = { fields: new Set(names), filtersBefore: st.filters.length, extractsBefore: st.extracts.length };
        break;
      }
      default:
        fail(`the ${cmd} command has no neutral equivalent`);
    }
  }
  // rex and spath keep events they do not match; the neutral extraction drops them
  const existsOn = (name: string): boolean => st.filters.some((c) => c.kind === 'exists' && 'extracted' in c.field && c.field.extracted === name);
  for (const e of st.extracts) {
    if (!e.witnessed && !e.captures.some(existsOn)) fail(`${e.kind === 'json' ? 'spath' : 'rex'} keeps events it does not match, and no later step drops them (the neutral extraction does)`);
  }
  if (st.timeslice && st.phase === 'events') fail('a bin without an aggregation');
  if (st.kept) {
    const later: QuerySteps = { filters: st.filters.slice(st.kept.filtersBefore), extracts: st.extracts.slice(st.kept.extractsBefore), measures: st.measures, by: st.by, sort: [] };
    const needs = fieldsOfSteps(later).flatMap((f) => ('native' in f ? [f.native] : []));
    if (later.extracts.some((e) => !e.input)) needs.push('_raw');
    const missing = needs.filter((n) => !st.kept!.fields.has(n));
    if (missing.length) fail(`fields drops ${missing.join(', ')}, which later steps read`);
  }
  const b = st.binding;
  return {
    source: {
      product: 'splunk',
      ...(b.index !== undefined ? { index: b.index } : {}),
      ...(b.sourcetype !== undefined ? { sourcetype: b.sourcetype } : {}),
      ...(b.source !== undefined ? { source: b.source } : {}),
      ...(macro ? { note: `the searches began with the macro \`${macro}\`: write the index (and sourcetype) it stands for` } : {}),
    },
    steps: {
      filters: st.filters,
      extracts: st.extracts.map(({ captures: _c, witnessed: _w, ...e }) => e as ExtractStep),
      ...(st.timeslice ? { timeslice: st.timeslice } : {}),
      measures: st.measures,
      by: st.by,
      sort: st.sort,
      ...(st.limit !== undefined ? { limit: st.limit } : {}),
      ...(st.transpose ? { transpose: st.transpose } : {}),
    },
    approximations: st.approximations,
    ...(st.eventColumns ? { columns: st.eventColumns } : {}),
  };
}

/** Just the source of a search, for inputs whose populating search is not recognised. */
export function splSourceOf(query: string): SourceBinding | undefined {
  const head = splitPipes(query.trim().replace(/^search\s+/i, ''))[0] ?? '';
  const b: Record<string, string> = {};
  for (const m of head.matchAll(/\b(index|sourcetype|source)\s*=\s*("([^"]*)"|(\S+))/gi)) b[m[1]!.toLowerCase()] = m[3] ?? m[4]!;
  return Object.keys(b).length ? ({ product: 'splunk', ...b } as SourceBinding) : undefined;
}
