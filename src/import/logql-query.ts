// Reads LogQL (Grafana Loki targets) into the neutral query, for the subset whose meaning the
// neutral model has exactly: a stream selector, no-op line filters, `| json` / `| logfmt` with
// label filters, and `sum [by (...)] (count_over_time(... [range]))`, with `topk` / `sort_desc`
// for rankings. Anything else is kept raw: substring line filters (the neutral keyword search is
// a case-insensitive word match), `rate`, `count by` (a number of series, not of events),
// `label_format` and the rest.

import type { RegexNode } from '../query/regex/ast.js';
import { parseRegex, RegexSyntaxError } from '../query/regex/parse.js';
import { captureNames, literal } from '../query/regex/ast.js';
import { printRegex } from '../query/regex/print.js';
import { LOKI_REGEX } from '../query/printers/logql-escape.js';
import { identifierProblem } from '../query/identifiers.js';
import type { Cond, ExtractStep, FieldUse, MeasureStep, Value } from './model.js';

// ---- syntax --------------------------------------------------------------------------------

export interface Matcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

export type Stage =
  | { readonly kind: 'line'; readonly op: '|=' | '!=' | '|~' | '!~'; readonly value: string }
  | { readonly kind: 'parser'; readonly parser: 'json' | 'logfmt' }
  | { readonly kind: 'labels'; readonly tests: readonly LabelTest[] }
  | { readonly kind: 'pattern'; readonly template: string }
  | { readonly kind: 'regexp'; readonly regex: string }
  | { readonly kind: 'jsonPaths'; readonly paths: readonly { readonly as: string; readonly path: string }[] }
  | { readonly kind: 'other'; readonly text: string };

/** One comparison of a label filter stage (`| a != "" and b > 5`). */
export interface LabelTest {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~' | '==' | '>' | '>=' | '<' | '<=';
  readonly value: string | number;
}

export interface LogQuery {
  readonly matchers: readonly Matcher[];
  readonly stages: readonly Stage[];
}

export type LogqlExpr =
  | { readonly kind: 'log'; readonly query: LogQuery }
  | { readonly kind: 'range'; readonly fn: string; readonly query: LogQuery; readonly range: string }
  | { readonly kind: 'vector'; readonly fn: string; readonly by?: readonly string[]; readonly param?: number; readonly arg: LogqlExpr };

export class LogqlSyntax extends Error {}

interface Token {
  readonly t: 'str' | 'id' | 'num' | 'op' | 'dur';
  readonly v: string;
}

const OPS = ['|=', '|~', '!=', '!~', '=~', '==', '>=', '<=', '=', '>', '<', '|', '{', '}', '(', ')', '[', ']', ','];

function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"') {
      let v = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length) {
          const n = text[++j]!;
          v += n === 'n' ? '\n' : n === 't' ? '\t' : n === '"' || n === '\\' ? n : `\\${n}`;
        } else v += text[j];
      }
      if (j >= text.length) throw new LogqlSyntax('unterminated string');
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = text.indexOf('`', i + 1);
      if (j < 0) throw new LogqlSyntax('unterminated raw string');
      out.push({ t: 'str', v: text.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    const dur = /^(\$__[A-Za-z_]+|\$\{[A-Za-z0-9_:]+\}|\$[A-Za-z_][A-Za-z0-9_]*|\d+(?:ms|s|m|h|d|w|y))(?=\s*\])/.exec(text.slice(i));
    if (dur && out[out.length - 1]?.v === '[') {
      out.push({ t: 'dur', v: dur[1]! });
      i += dur[1]!.length;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) throw new LogqlSyntax(`unexpected ${JSON.stringify(c)}`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

const RANGE_FUNCTIONS = new Set(['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'absent_over_time', 'sum_over_time', 'avg_over_time', 'min_over_time', 'max_over_time']);
const VECTOR_FUNCTIONS = new Set(['sum', 'count', 'avg', 'min', 'max', 'topk', 'bottomk', 'sort', 'sort_desc', 'stddev', 'stdvar']);

class Parser {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private take(v?: string): Token {
    const t = this.tokens[this.i];
    if (!t || (v !== undefined && t.v !== v)) throw new LogqlSyntax(`expected ${v ?? 'a token'}, got ${t?.v ?? 'the end'}`);
    this.i++;
    return t;
  }

  done(): boolean {
    return this.i >= this.tokens.length;
  }

  expr(): LogqlExpr {
    const t = this.peek();
    if (t?.v === '{') return { kind: 'log', query: this.logQuery() };
    if (t?.t === 'id' && RANGE_FUNCTIONS.has(t.v)) {
      this.take();
      this.take('(');
      const query = this.logQuery();
      this.take('[');
      const range = this.take().v;
      this.take(']');
      this.take(')');
      return { kind: 'range', fn: t.v, query, range };
    }
    if (t?.t === 'id' && VECTOR_FUNCTIONS.has(t.v)) {
      this.take();
      let by = this.grouping();
      this.take('(');
      let param: number | undefined;
      if (this.peek()?.t === 'num' && this.peek(1)?.v === ',') {
        param = Number(this.take().v);
        this.take(',');
      }
      const arg = this.expr();
      this.take(')');
      by ??= this.grouping();
      return { kind: 'vector', fn: t.v, ...(by ? { by } : {}), ...(param !== undefined ? { param } : {}), arg };
    }
    throw new LogqlSyntax(`unsupported expression at ${t?.v ?? 'the end'}`);
  }

  private atStageEnd(offset: number): boolean {
    const t = this.peek(offset);
    return !t || ['|', '[', ')', '|=', '|~', '!=', '!~'].includes(t.v);
  }

  /** `a="path", b="path"` after `| json`; undefined (nothing consumed) for anything else. */
  private jsonParams(): { as: string; path: string }[] | undefined {
    const start = this.i;
    this.i++;
    const out: { as: string; path: string }[] = [];
    for (;;) {
      const name = this.peek();
      const eq = this.peek(1);
      const v = this.peek(2);
      if (name?.t !== 'id' || eq?.v !== '=' || v?.t !== 'str') {
        this.i = start;
        return undefined;
      }
      out.push({ as: name.v, path: v.v });
      this.i += 3;
      if (this.peek()?.v !== ',') break;
      this.i++;
    }
    if (!this.atStageEnd(0)) {
      this.i = start;
      return undefined;
    }
    return out;
  }

  /** `a != "" and b > 5` (also `,` for and); undefined (nothing consumed) for anything else. */
  private labelTests(): LabelTest[] | undefined {
    const start = this.i;
    const out: LabelTest[] = [];
    for (;;) {
      const head = this.peek();
      const op = this.peek(1);
      const val = this.peek(2);
      if (head?.t !== 'id' || !op || !['=', '!=', '=~', '!~', '==', '>', '>=', '<', '<='].includes(op.v) || !val || (val.t !== 'str' && val.t !== 'num')) {
        this.i = start;
        return undefined;
      }
      out.push({ label: head.v, op: op.v as LabelTest['op'], value: val.t === 'num' ? Number(val.v) : val.v });
      this.i += 3;
      const next = this.peek();
      if (next?.v === 'and' || next?.v === ',') {
        this.i++;
        continue;
      }
      if (this.atStageEnd(0)) return out;
      this.i = start;
      return undefined;
    }
  }

  private grouping(): string[] | undefined {
    if (this.peek()?.v !== 'by') {
      if (this.peek()?.v === 'without') throw new LogqlSyntax('without (...) grouping');
      return undefined;
    }
    this.take();
    this.take('(');
    const labels: string[] = [];
    while (this.peek()?.v !== ')') {
      labels.push(this.take().v);
      if (this.peek()?.v === ',') this.take();
    }
    this.take(')');
    return labels;
  }

  private logQuery(): LogQuery {
    this.take('{');
    const matchers: Matcher[] = [];
    while (this.peek()?.v !== '}') {
      const label = this.take().v;
      const op = this.take().v as Matcher['op'];
      if (!['=', '!=', '=~', '!~'].includes(op)) throw new LogqlSyntax(`matcher operator ${op}`);
      const value = this.take();
      if (value.t !== 'str') throw new LogqlSyntax('matcher value');
      matchers.push({ label, op, value: value.v });
      if (this.peek()?.v === ',') this.take();
    }
    this.take('}');
    const stages: Stage[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.v === '[' || t.v === ')') break;
      if (t.v === '|=' || t.v === '|~' || t.v === '!=' || t.v === '!~') {
        this.take();
        const v = this.take();
        if (v.t !== 'str') throw new LogqlSyntax('line filter value');
        stages.push({ kind: 'line', op: t.v as '|=', value: v.v });
        continue;
      }
      if (t.v !== '|') throw new LogqlSyntax(`unexpected ${t.v}`);
      this.take();
      const head = this.peek();
      if (head?.t === 'id' && (head.v === 'json' || head.v === 'logfmt') && (this.peek(1) === undefined || ['|', '[', ')', '|=', '|~', '!=', '!~'].includes(this.peek(1)!.v))) {
        this.take();
        stages.push({ kind: 'parser', parser: head.v });
        continue;
      }
      if (head?.t === 'id' && (head.v === 'pattern' || head.v === 'regexp') && this.peek(1)?.t === 'str' && this.atStageEnd(2)) {
        this.i += 2;
        const text = this.tokens[this.i - 1]!.v;
        stages.push(head.v === 'pattern' ? { kind: 'pattern', template: text } : { kind: 'regexp', regex: text });
        continue;
      }
      if (head?.t === 'id' && head.v === 'json' && this.peek(2)?.v === '=') {
        const paths = this.jsonParams();
        if (paths) {
          stages.push({ kind: 'jsonPaths', paths });
          continue;
        }
      }
      const tests = this.labelTests();
      if (tests) {
        stages.push({ kind: 'labels', tests });
        continue;
      }
      // any other stage (label_format, line_format, regexp, pattern, and/or filters...): keep its text
      let depth = 0;
      const parts: string[] = [];
      while (this.peek() && !(depth === 0 && ['|', '[', ')', '|=', '|~', '!=', '!~'].includes(this.peek()!.v) && parts.length)) {
        const x = this.take();
        if (x.v === '(') depth++;
        if (x.v === ')') depth--;
        parts.push(x.v);
      }
      stages.push({ kind: 'other', text: parts.join(' ') });
    }
    return { matchers, stages };
  }
}

export function parseLogql(text: string): LogqlExpr {
  const p = new Parser(lex(text));
  const e = p.expr();
  if (!p.done()) throw new LogqlSyntax('text after the expression');
  return e;
}

// ---- meaning -------------------------------------------------------------------------------

/** A Grafana variable reference as the whole value: `$x`, `${x}`, `${x:regex}`, `[[x]]`. */
export function grafanaVariable(text: string): string | undefined {
  const m = /^(?:\$([A-Za-z0-9_]+)|\$\{([A-Za-z0-9_]+)(?::[A-Za-z]+)?\}|\[\[([A-Za-z0-9_]+)\]\])$/.exec(text);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

const REGEX_META = /[\\^$.|?*+()[\]{}]/;

/** A label regex as a condition: literal alternatives, `.*x.*` globs, `.+`; undefined otherwise. */
export function regexCondition(field: FieldUse, regex: string): Cond | undefined {
  if (regex === '.+') return { kind: 'exists', field };
  const alternatives = splitAlternatives(regex);
  if (!alternatives) return undefined;
  if (alternatives.every((a) => !REGEX_META.test(a))) {
    return alternatives.length === 1 ? { kind: 'compare', field, op: '=', value: alternatives[0]! } : { kind: 'in', field, values: alternatives };
  }
  const globs = alternatives.map((a) => {
    const pieces = a.split('.*');
    if (pieces.some((p) => REGEX_META.test(p)) || pieces.length < 2) return undefined;
    return pieces.map((p) => p.replace(/\*/g, '\\*')).join('*');
  });
  if (globs.some((g) => g === undefined)) return undefined;
  const conds: Cond[] = globs.map((g) => ({ kind: 'wildcard', field, pattern: g! }));
  return conds.length === 1 ? conds[0] : { kind: 'or', args: conds };
}

/** Top-level `|` alternatives of a regex without groups; undefined when it has groups or classes. */
function splitAlternatives(regex: string): string[] | undefined {
  if (/[()[\]\\]/.test(regex)) return undefined;
  const parts = regex.split('|');
  return parts.some((p) => p === '') ? undefined : parts;
}

export interface LokiRecognition {
  readonly filters: readonly Cond[];
  /** Labels tested in the selector (stream labels). */
  readonly labels: readonly string[];
  readonly parser?: 'json' | 'logfmt';
  readonly extracts: readonly ExtractStep[];
  readonly measures: readonly MeasureStep[];
  readonly by: readonly FieldUse[];
  /** The range of count_over_time, when there is one. */
  readonly range?: string;
  readonly sortDesc: boolean;
  readonly limit?: number;
}

export class NotRecognised extends Error {}

function fail(why: string): never {
  throw new NotRecognised(why);
}

const ASCII_WORD = /[A-Za-z0-9_]/;

function flatten(n: RegexNode): RegexNode[] {
  if (n.kind === 'seq') return n.items.flatMap(flatten);
  if (n.kind === 'group' && !n.capture) return flatten(n.item);
  return [n];
}

/** `\bword\b` or `\bsome\s+words\b` as the text it matches; undefined for any other regex. */
function keywordText(n: RegexNode): { text: string; phrase: boolean } | undefined {
  const items = flatten(n);
  const leading = items[0]?.kind === 'assert' && items[0].name === 'wordBoundary';
  const trailing = items.length > 1 && items[items.length - 1]?.kind === 'assert' && (items[items.length - 1] as { name?: string }).name === 'wordBoundary';
  let text = '';
  let phrase = false;
  for (const it of items.slice(leading ? 1 : 0, trailing ? -1 : undefined)) {
    if (it.kind === 'char') text += it.ch;
    else if (it.kind === 'repeat' && it.min === 1 && it.max === undefined && !it.lazy && it.item.kind === 'shorthand' && it.item.name === 's' && text && !text.endsWith(' ')) {
      text += ' ';
      phrase = true;
    } else return undefined;
  }
  if (!text || text.endsWith(' ')) return undefined;
  // polydash writes \b exactly on the sides that are ASCII word characters
  if (leading !== ASCII_WORD.test(text[0]!) || trailing !== ASCII_WORD.test(text[text.length - 1]!)) return undefined;
  return { text, phrase };
}

/** A case-insensitive whole-word regex line filter: what polydash's keyword search writes for Loki. */
export function keywordCondition(regex: string): Cond | undefined {
  let node: RegexNode;
  try {
    node = parseRegex(regex);
  } catch (e) {
    if (e instanceof RegexSyntaxError) return undefined;
    throw e;
  }
  if (node.kind !== 'caseInsensitive') return undefined;
  const inner = node.item.kind === 'group' && !node.item.capture ? node.item.item : node.item;
  const alternatives = inner.kind === 'alt' ? inner.items : [inner];
  const conds: Cond[] = [];
  for (const a of alternatives) {
    const k = keywordText(a);
    if (!k) return undefined;
    conds.push(k.phrase ? { kind: 'phrase', value: k.text } : { kind: 'term', value: k.text });
  }
  return conds.length === 1 ? conds[0] : { kind: 'or', args: conds };
}

function matcherCondition(m: Matcher, variables: ReadonlySet<string>, extracted: boolean): Cond {
  const field: FieldUse = extracted ? { extracted: m.label } : { native: m.label };
  const v = grafanaVariable(m.value);
  if (v !== undefined) {
    if (!variables.has(v)) fail(`it uses $${v}, which is not a dashboard variable polydash keeps`);
    if (m.op === '=' || m.op === '!=') fail(`${m.label}${m.op}"$${v}" compares with the variable's text, which polydash writes as a regex match (All and multi-select differ)`);
    return { kind: 'compare', field, op: m.op === '=~' ? '=' : '!=', value: { var: v } as Value };
  }
  if (/\$/.test(m.value)) fail(`${m.label} ${m.op} ${JSON.stringify(m.value)} mixes a variable with text`);
  if (m.op === '=' || m.op === '!=') return { kind: 'compare', field, op: m.op, value: m.value };
  const c = regexCondition(field, m.value);
  if (!c) fail(`the regex ${JSON.stringify(m.value)} on ${m.label} is not a list of values or a * pattern`);
  return m.op === '=~' ? c : { kind: 'not', arg: c };
}

interface Parts {
  filters: Cond[];
  labels: string[];
  parser?: 'json' | 'logfmt';
  extracts: ExtractStep[];
  extracted: Set<string>;
}

/** The line filter polydash writes before a parse: the texts in order (it drops lines the parse cannot match). */
function anchorFilter(texts: readonly string[]): Stage | undefined {
  if (texts.length === 0) return undefined;
  if (texts.length === 1) return { kind: 'line', op: '|=', value: texts[0]! };
  const inOrder: RegexNode = { kind: 'seq', items: texts.flatMap((t, i) => (i === 0 ? [literal(t)] : [ANY_RUN, literal(t)])) };
  return { kind: 'line', op: '|~', value: `(?s)${printRegex(inOrder, LOKI_REGEX)}` };
}

const ANY_RUN = { kind: 'repeat', item: { kind: 'any' }, min: 0, lazy: false } as const;

/** `<_>text<name>text<name>` as the parts of an anchor parse. */
function templateParts(template: string): (string | { capture: string })[] | undefined {
  const body = template.startsWith('<_>') ? template.slice(3) : template;
  if (!template.startsWith('<_>') && !body.startsWith('<')) return undefined;
  const parts: (string | { capture: string })[] = [];
  let rest = body;
  while (rest) {
    const m = /^<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
    if (m) {
      if (m[1] === '_') return undefined;
      parts.push({ capture: m[1]! });
      rest = rest.slice(m[0].length);
    } else {
      const next = rest.search(/<[A-Za-z_][A-Za-z0-9_]*>/);
      parts.push(next < 0 ? rest : rest.slice(0, next));
      rest = next < 0 ? '' : rest.slice(next);
    }
  }
  return parts;
}

function sameStage(a: Stage | undefined, b: Stage | undefined): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

function addExtracted(names: readonly string[], parts: Parts, selector: Readonly<Record<string, string>>): void {
  for (const n of names) {
    const problem = identifierProblem(n);
    if (problem) fail(`the extracted label ${n} (${problem})`);
    if (parts.extracted.has(n) || n in selector || parts.labels.includes(n)) fail(`${n} is extracted twice or is a stream label`);
    parts.extracted.add(n);
  }
}

function logQueryParts(q: LogQuery, selector: Readonly<Record<string, string>>, variables: ReadonlySet<string>): Parts {
  const parts: Parts = { filters: [], labels: [], extracts: [], extracted: new Set() };
  for (const m of q.matchers) {
    if (m.op === '=' && selector[m.label] === m.value) continue;
    parts.filters.push(matcherCondition(m, variables, false));
    parts.labels.push(m.label);
  }
  for (const l of Object.keys(selector)) {
    if (!q.matchers.some((m) => m.op === '=' && m.label === l && m.value === selector[l])) fail(`its selector does not select ${l}="${selector[l]}"`);
  }
  const stages = q.stages;
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i]!;
    const next = stages[i + 1];
    switch (s.kind) {
      case 'line': {
        if ((s.op === '|=' || s.op === '|~') && s.value === '') continue; // matches every line
        // polydash's anchor parse: the texts in order, then `| pattern`
        if (next?.kind === 'pattern') {
          const p = templateParts(next.template);
          const texts = (p ?? []).filter((x): x is string => typeof x === 'string');
          if (p && sameStage(anchorFilter(texts), s) && !texts.some((t) => t.includes('*'))) {
            const fields = p.filter((x): x is { capture: string } => typeof x !== 'string').map((x) => x.capture);
            addExtracted(fields, parts, selector);
            parts.extracts.push({ kind: 'parse', pattern: p.map((x) => (typeof x === 'string' ? x : '*')).join(''), fields });
            i++;
            continue;
          }
        }
        // polydash's parse regex: the same regex as a line filter, then `| regexp`
        if (s.op === '|~' && next?.kind === 'regexp' && next.regex === s.value) {
          const regex = s.value.replace(/\(\?P</g, '(?<');
          let names: string[];
          try {
            names = captureNames(parseRegex(regex));
          } catch (e) {
            if (e instanceof RegexSyntaxError) fail(`the regex ${JSON.stringify(s.value)} (${e.message})`);
            throw e;
          }
          if (!names.length) fail('a regexp without named groups');
          addExtracted(names, parts, selector);
          parts.extracts.push({ kind: 'parseRegex', regex });
          i++;
          continue;
        }
        const keyword = s.op === '|~' || s.op === '!~' ? keywordCondition(s.value) : undefined;
        if (keyword) {
          parts.filters.push(s.op === '|~' ? keyword : { kind: 'not', arg: keyword });
          continue;
        }
        fail(`the line filter ${s.op} ${JSON.stringify(s.value)} matches ${s.op.endsWith('~') ? 'a regex' : 'a case-sensitive substring'}; polydash keyword search matches whole words, case-insensitively`);
        break;
      }
      case 'pattern':
      case 'regexp':
        fail(`| ${s.kind} keeps lines it does not match (polydash's parse drops them with a line filter before it)`);
        break;
      case 'jsonPaths': {
        // polydash's json extraction: the paths, then a test that each one has a value
        const tests = next?.kind === 'labels' ? next.tests : [];
        const names = s.paths.map((x) => x.as);
        if (tests.length !== names.length || !tests.every((t) => t.op === '!=' && t.value === '' && names.includes(t.label))) fail('| json with paths keeps lines without them (polydash drops them)');
        addExtracted(names, parts, selector);
        parts.extracts.push({ kind: 'json', paths: s.paths.map((x) => ({ as: x.as, path: jsonPathSegments(x.path) })) });
        i++;
        break;
      }
      case 'parser':
        if (parts.parser) fail('it runs two parsers');
        parts.parser = s.parser;
        break;
      case 'labels':
        for (const t of s.tests) {
          if (t.label === '__error__' && t.op === '=' && t.value === '' && (parts.parser || parts.extracts.length)) continue;
          const extracted = parts.extracted.has(t.label);
          if (!parts.parser && !extracted) fail(`the label filter on ${t.label} comes before any parser`);
          if (!extracted && (parts.labels.includes(t.label) || t.label in selector)) fail(`the label filter on ${t.label} tests a stream label after the parser`);
          const field: FieldUse = extracted ? { extracted: t.label } : { native: t.label };
          if (typeof t.value === 'number') {
            if (t.op === '=~' || t.op === '!~') fail('a regex compared with a number');
            parts.filters.push({ kind: 'compare', field, op: t.op === '==' || t.op === '=' ? '=' : (t.op as '<'), value: t.value });
          } else {
            if (!['=', '!=', '=~', '!~'].includes(t.op)) fail(`the label filter ${t.label} ${t.op} compares text by order`);
            if (t.op === '!=' && t.value === '') {
              parts.filters.push({ kind: 'exists', field });
              continue;
            }
            parts.filters.push(matcherCondition({ label: t.label, op: t.op as Matcher['op'], value: t.value }, variables, extracted));
          }
        }
        break;
      case 'other':
        fail(`the stage | ${s.text} has no neutral equivalent`);
    }
  }
  return parts;
}

/** A `| json` path (`a.b[0]`, `["key"]`) as keys and indexes. */
function jsonPathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/\["([^"\]]*)"\]|\[(\d+)\]|([^.[\]]+)/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3]!);
  }
  return out;
}

/** The equality matchers of a log query, e.g. to find the selector shared by a dashboard. */
export function equalityMatchers(e: LogqlExpr): Record<string, string> {
  const q = e.kind === 'vector' ? logQueryOf(e) : e.query;
  return Object.fromEntries((q?.matchers ?? []).filter((m) => m.op === '=' && !m.value.includes('$')).map((m) => [m.label, m.value]));
}

function logQueryOf(e: LogqlExpr): LogQuery | undefined {
  return e.kind === 'vector' ? logQueryOf(e.arg) : e.query;
}

/** The neutral reading of a LogQL expression, or NotRecognised with the reason. */
export function recogniseLogql(e: LogqlExpr, selector: Readonly<Record<string, string>>, variables: ReadonlySet<string>): LokiRecognition {
  if (e.kind === 'log') {
    const { extracted: _x, ...parts } = logQueryParts(e.query, selector, variables);
    return { ...parts, measures: [], by: [], sortDesc: false };
  }
  let sortDesc = false;
  let limit: number | undefined;
  let node: LogqlExpr = e;
  if (node.kind === 'vector' && node.fn === 'sort_desc') {
    sortDesc = true;
    node = node.arg;
  }
  if (node.kind === 'vector' && node.fn === 'topk') {
    if (node.param === undefined || !Number.isInteger(node.param) || node.param < 1) fail('topk without a whole number');
    sortDesc = true;
    limit = node.param;
    node = node.arg;
  }
  if (node.kind === 'vector' && node.fn === 'sort_desc' && !sortDesc) {
    sortDesc = true;
    node = node.arg;
  }
  if (node.kind === 'range') fail(`${node.fn}(...) alone gives one series per stream, not one total; polydash counts with sum(count_over_time(...))`);
  if (node.kind !== 'vector') fail('it is not an aggregation');
  if (node.fn !== 'sum') fail(`${node.fn} by (...) aggregates series (e.g. count counts streams), not events`);
  const inner = node.arg;
  if (inner.kind !== 'range') fail('sum(...) of something other than count_over_time');
  if (inner.fn !== 'count_over_time') fail(`${inner.fn} has no neutral measure (polydash counts events per time bucket)`);
  const { extracted, ...parts } = logQueryParts(inner.query, selector, variables);
  const by = (node.by ?? []).map((l): FieldUse => (extracted.has(l) ? { extracted: l } : { native: l }));
  return { ...parts, measures: [{ fn: 'count', as: 'count' }], by, range: inner.range, sortDesc, ...(limit !== undefined ? { limit } : {}) };
}
