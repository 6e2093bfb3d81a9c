// Reads a Sumo Logic log search into the neutral query. Recognised: the scope (source metadata,
// keywords, phrases, AND/OR/NOT), `parse`, `parse regex`, `json`, `where` (comparisons,
// matches, in, isNull), `timeslice`, `count`/`count_distinct`/`sum`/`avg`/`min`/`max`/`pct`
// `by`, `sort`, `limit` and `transpose`, in the order the neutral model runs them. Anything
// else (nodrop, lookup, if, fields, outlier...) keeps the query raw, and the reason says which
// operator.

import { captureNames } from '../query/regex/ast.js';
import { anchorParse } from './anchor.js';
import { parseRegex, RegexSyntaxError } from '../query/regex/parse.js';
import { aliasProblem, identifierProblem } from '../query/identifiers.js';
import { durationText, relativeSeconds } from './common.js';
import type { Cond, ExtractStep, FieldUse, MeasureStep, QuerySteps, SourceBinding, Value } from './model.js';

export class NotRecognised extends Error {}

function fail(why: string): never {
  throw new NotRecognised(why);
}

// ---- text ----------------------------------------------------------------------------------

/** Removes `//` and `/* *\/` comments outside strings and regexes. */
export function stripComments(q: string): string {
  let out = '';
  for (let i = 0; i < q.length; i++) {
    const c = q[i]!;
    if (c === '"') {
      const end = stringEnd(q, i);
      out += q.slice(i, end);
      i = end - 1;
    } else if (c === '/' && q[i + 1] === '/') {
      while (i < q.length && q[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && q[i + 1] === '*') {
      const end = q.indexOf('*/', i + 2);
      i = end < 0 ? q.length : end + 1;
    } else out += c;
  }
  return out;
}

function stringEnd(q: string, start: number): number {
  for (let j = start + 1; j < q.length; j++) {
    if (q[j] === '\\') j++;
    else if (q[j] === '"') return j + 1;
  }
  return q.length;
}

/** Splits at `|` outside strings, regexes, parentheses and brackets. */
export function splitPipes(q: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < q.length; i++) {
    const c = q[i]!;
    if (c === '"') i = stringEnd(q, i) - 1;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '/' && /matches\s*$|\(\s*[A-Za-z_]+\s*,\s*$/.test(q.slice(Math.max(0, i - 40), i))) {
      // a regex literal: /.../
      let j = i + 1;
      for (; j < q.length && q[j] !== '/'; j++) if (q[j] === '\\') j++;
      i = j;
    } else if (c === '|' && depth === 0) {
      out.push(q.slice(start, i));
      start = i + 1;
    }
  }
  out.push(q.slice(start));
  return out.map((s) => s.trim());
}

interface Tok {
  readonly t: 'str' | 'field' | 'word' | 'punct' | 'regex';
  readonly v: string;
}

const PUNCT = ['!=', '<>', '<=', '>=', '==', '=', '<', '>', '(', ')', ',', '!'];

/** Decodes a Sumo string literal: only `\"` and `\\` are escapes; other backslashes stay. */
function decode(body: string): string {
  return body.replace(/\\(["\\])/g, '$1');
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
    if (c === '"') {
      const end = stringEnd(text, i);
      if (text[end - 1] !== '"' || end - 1 === i) fail('an unterminated string');
      out.push({ t: 'str', v: decode(text.slice(i + 1, end - 1)) });
      i = end;
      continue;
    }
    if (c === '%' && text[i + 1] === '"') {
      const end = stringEnd(text, i + 1);
      out.push({ t: 'field', v: decode(text.slice(i + 2, end - 1)) });
      i = end;
      continue;
    }
    if (c === '/' && out[out.length - 1]?.v.toLowerCase() === 'matches') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '/'; j++) if (text[j] === '\\') j++;
      out.push({ t: 'regex', v: text.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    const p = PUNCT.find((x) => text.startsWith(x, i));
    if (p) {
      out.push({ t: 'punct', v: p });
      i += p.length;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s"(),=!<>]/.test(text[j]!)) j++;
    out.push({ t: 'word', v: text.slice(i, j) });
    i = j;
  }
  return out;
}

// ---- scope ---------------------------------------------------------------------------------

type ScopeNode =
  | { kind: 'and' | 'or'; args: ScopeNode[] }
  | { kind: 'not'; arg: ScopeNode }
  | { kind: 'keyword'; text: string; quoted: boolean }
  | { kind: 'var'; name: string }
  | { kind: 'placeholder'; text: string }
  | { kind: 'field'; key: string; value: string; quoted: boolean };

function scopeTokens(text: string): { t: 'open' | 'close' | 'op' | 'item'; node?: ScopeNode; v: string }[] {
  const out: { t: 'open' | 'close' | 'op' | 'item'; node?: ScopeNode; v: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ t: c === '(' ? 'open' : 'close', v: c });
      i++;
      continue;
    }
    if (c === '"') {
      const end = stringEnd(text, i);
      out.push({ t: 'item', v: text.slice(i, end), node: { kind: 'keyword', text: decode(text.slice(i + 1, end - 1)), quoted: true } });
      i = end;
      continue;
    }
    if (c === '<') {
      const end = text.indexOf('>', i);
      if (end < 0) fail('an unterminated <placeholder>');
      out.push({ t: 'item', v: text.slice(i, end + 1), node: { kind: 'placeholder', text: text.slice(i, end + 1) } });
      i = end + 1;
      continue;
    }
    if (text.startsWith('{{', i)) {
      const end = text.indexOf('}}', i);
      if (end < 0) fail('an unterminated {{variable}}');
      out.push({ t: 'item', v: text.slice(i, end + 2), node: { kind: 'var', name: text.slice(i + 2, end).trim() } });
      i = end + 2;
      continue;
    }
    if (c === '[') fail('a subquery');
    let j = i;
    while (j < text.length && !/[\s()"=]/.test(text[j]!)) j++;
    const word = text.slice(i, j);
    if (text[j] === '=' || (text[j] === '!' && text[j + 1] === '=')) {
      if (text[j] === '!') fail(`the scope test ${word}!=`);
      // key=value, key="value" or key=<placeholder>
      let k = j + 1;
      while (text[k] === ' ') k++;
      let value: string;
      let quoted = false;
      if (text[k] === '"') {
        const end = stringEnd(text, k);
        value = decode(text.slice(k + 1, end - 1));
        quoted = true;
        k = end;
      } else if (text[k] === '<') {
        const end = text.indexOf('>', k);
        if (end < 0) fail('an unterminated <placeholder>');
        value = text.slice(k, end + 1);
        k = end + 1;
      } else if (text.startsWith('{{', k)) {
        const end = text.indexOf('}}', k);
        value = text.slice(k, end + 2);
        k = end + 2;
      } else {
        let e = k;
        while (e < text.length && !/[\s()]/.test(text[e]!)) e++;
        value = text.slice(k, e);
        k = e;
      }
      out.push({ t: 'item', v: text.slice(i, k), node: { kind: 'field', key: word, value, quoted } });
      i = k;
      continue;
    }
    if (/^(and|or|not)$/i.test(word)) out.push({ t: 'op', v: word.toLowerCase() });
    else if (word.startsWith('$$')) out.push({ t: 'item', v: word, node: { kind: 'placeholder', text: word } });
    else out.push({ t: 'item', v: word, node: { kind: 'keyword', text: word, quoted: false } });
    i = j;
  }
  return out;
}

function parseScope(text: string): ScopeNode | undefined {
  const toks = scopeTokens(text);
  let i = 0;
  const or = (): ScopeNode => {
    const args = [and()];
    while (toks[i]?.v === 'or') {
      i++;
      args.push(and());
    }
    return args.length === 1 ? args[0]! : { kind: 'or', args };
  };
  const and = (): ScopeNode => {
    const args = [not()];
    while (toks[i] && toks[i]!.t !== 'close' && toks[i]!.v !== 'or') {
      if (toks[i]!.v === 'and') i++;
      args.push(not());
    }
    return args.length === 1 ? args[0]! : { kind: 'and', args };
  };
  const not = (): ScopeNode => {
    if (toks[i]?.v === 'not') {
      i++;
      return { kind: 'not', arg: not() };
    }
    const t = toks[i++];
    if (!t) fail('an incomplete scope');
    if (t.t === 'open') {
      const inner = or();
      if (toks[i++]?.t !== 'close') fail('an unclosed parenthesis in the scope');
      return inner;
    }
    if (t.t !== 'item') fail(`an unexpected ${t.v} in the scope`);
    return t.node!;
  };
  if (toks.length === 0) return undefined;
  const node = or();
  if (i < toks.length) fail('an unexpected ) in the scope');
  return node;
}

const METADATA: Record<string, string> = {
  _sourcecategory: '_sourceCategory',
  _source: '_source',
  _sourcehost: '_sourceHost',
  _sourcename: '_sourceName',
  _collector: '_collector',
  _index: '_index',
  _view: '_view',
};

/** The source binding (metadata tests of the scope) and the scope's other filters. */
function scopeParts(scope: ScopeNode | undefined, variables: ReadonlySet<string>, lenient = false): { source: SourceBinding; filters: Cond[] } {
  const conjuncts = !scope ? [] : scope.kind === 'and' ? scope.args : [scope];
  const binding: { sourceCategory?: string; index?: string; metadata: Record<string, string> } = { metadata: {} };
  const notes: string[] = [];
  const filters: Cond[] = [];
  for (const c of conjuncts) {
    if (c.kind === 'field' && METADATA[c.key.toLowerCase()] && !c.value.includes('{{')) {
      const key = METADATA[c.key.toLowerCase()]!;
      const placeholder = /^<.*>$|^\$\$/.test(c.value);
      const value = placeholder ? placeholderValue(c.value) : c.value;
      if (placeholder) notes.push(`${key} was the install-time placeholder ${c.value}: set it to your ${key}`);
      if (key === '_sourceCategory' && binding.sourceCategory === undefined) binding.sourceCategory = value;
      else if ((key === '_index' || key === '_view') && binding.index === undefined) binding.index = value;
      else if (binding.metadata[key] === undefined) binding.metadata[key] = value;
      else fail(`two ${key} tests in the scope`);
      continue;
    }
    if (c.kind === 'placeholder' && c.text.startsWith('$$') && binding.sourceCategory === undefined) {
      binding.sourceCategory = placeholderValue(c.text);
      notes.push(`the scope was the app-install placeholder ${c.text}: set the source category (or index) it stands for`);
      continue;
    }
    try {
      filters.push(scopeCondition(c, variables));
    } catch (e) {
      if (!lenient || !(e instanceof NotRecognised)) throw e;
    }
  }
  const { metadata, ...rest } = binding;
  if (rest.sourceCategory === undefined && rest.index === undefined && Object.keys(metadata).length === 0) {
    fail('its scope names no source category, index or other source metadata, which a polydash source needs');
  }
  return {
    source: {
      product: 'sumologic',
      ...rest,
      ...(Object.keys(metadata).length ? { metadata } : {}),
      ...(notes.length ? { note: notes.join('; ') } : {}),
    },
    filters,
  };
}

function placeholderValue(text: string): string {
  const name = text.replace(/^\$\$|^<|>$/g, '').replace(/_?SOURCE_?CATEGORY$/i, '').trim();
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'source';
}

function scopeCondition(n: ScopeNode, variables: ReadonlySet<string>): Cond {
  switch (n.kind) {
    case 'and':
    case 'or':
      return { kind: n.kind, args: n.args.map((a) => scopeCondition(a, variables)) };
    case 'not':
      return { kind: 'not', arg: scopeCondition(n.arg, variables) };
    case 'keyword': {
      if (/[*?]/.test(n.text)) fail(`the keyword ${n.quoted ? `"${n.text}"` : n.text} has a wildcard, which polydash keyword search does not`);
      if (n.text.includes('{{')) fail(`the keyword "${n.text}" holds a variable inside other text`);
      if (!n.text.trim()) fail('an empty keyword');
      return /\s/.test(n.text.trim()) ? { kind: 'phrase', value: n.text } : { kind: 'term', value: n.text };
    }
    case 'var':
      if (!variables.has(n.name)) fail(`{{${n.name}}} is not a dashboard variable`);
      return fail(`the bare keyword {{${n.name}}}: with All (*) it matches every message, where polydash writes a quoted keyword that searches for a literal *`);
    case 'placeholder':
      return fail(`the placeholder ${n.text} inside the scope`);
    case 'field':
      if (METADATA[n.key.toLowerCase()]) fail(`${n.key}=${n.value} uses a variable or is not part of the source`);
      return fail(`the scope test ${n.key}=${n.value} on a field that is not built-in metadata (polydash tests such fields in a where clause, case-sensitively)`);
  }
}

// ---- stages --------------------------------------------------------------------------------

interface State {
  readonly variables: ReadonlySet<string>;
  readonly extracted: Set<string>;
  filters: Cond[];
  extracts: ExtractStep[];
  timeslice?: string;
  measures: MeasureStep[];
  by: FieldUse[];
  /** Sumo names of aggregation columns -> neutral sort/pivot keys. */
  columns: Map<string, string | FieldUse>;
  sort: { key: string | FieldUse; dir: 'asc' | 'desc' }[];
  limit?: number;
  transpose?: { row: string | FieldUse; column: string | FieldUse };
  phase: 'events' | 'aggregated' | 'sorted' | 'limited' | 'pivoted';
}

function fieldUse(name: string, st: State): FieldUse {
  if (st.extracted.has(name)) return { extracted: name };
  if (name.toLowerCase() === '_raw' || name.toLowerCase() === '_messagetime') fail(`the built-in field ${name}`);
  return { native: name };
}

function fieldName(t: Tok | undefined): string {
  if (!t || (t.t !== 'word' && t.t !== 'field')) fail(`a field name (got ${t?.v ?? 'nothing'})`);
  // %name is the quoted form of a plain name
  const name = t.t === 'word' && /^%[A-Za-z_]/.test(t.v) ? t.v.slice(1) : t.v;
  if (t.t === 'word' && !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) fail(`the field name ${t.v}`);
  return name;
}

function checkExtractedName(name: string, st: State): void {
  const problem = identifierProblem(name);
  if (problem) fail(`the extracted field name ${name} (${problem})`);
  if (st.extracted.has(name)) fail(`${name} is extracted twice`);
}

/** `field=x` options at the start of parse and json. */
function inputField(toks: Tok[], st: State): { input?: FieldUse; rest: Tok[] } {
  if (toks[0]?.v === 'field' && toks[1]?.v === '=') {
    const name = fieldName(toks[2]);
    if (name.toLowerCase() === '_raw') return { rest: toks.slice(3) };
    return { input: fieldUse(name, st), rest: toks.slice(3) };
  }
  return { rest: toks };
}

function refuseModifiers(toks: Tok[], what: string): Tok[] {
  const last = toks[toks.length - 1];
  if (last?.t === 'word' && /^nodrop$/i.test(last.v)) fail(`${what} ... nodrop keeps messages it does not match; the neutral extraction drops them`);
  if (last?.t === 'word' && /^multi$/i.test(last.v)) fail(`${what} ... multi makes one result per match`);
  return toks;
}

function parseStage(text: string, st: State): void {
  let toks = refuseModifiers(tokens(text.replace(/^parse\b/i, '')), 'parse');
  const { input, rest } = inputField(toks, st);
  toks = rest;
  if (toks[0]?.t !== 'str') fail('a parse without a pattern');
  const pattern = toks[0].v;
  if (toks[1]?.v.toLowerCase() !== 'as') fail('a parse without "as"');
  const names: string[] = [];
  let i = 2;
  for (; i < toks.length; i++) {
    names.push(fieldName(toks[i]));
    if (toks[i + 1]?.v !== ',') break;
    i++;
    if (toks[i + 1]?.t === 'str') fail('a parse with several patterns');
  }
  if (i + 1 < toks.length) fail(`text after the parse: ${toks.slice(i + 1).map((t) => t.v).join(' ')}`);
  const captures = pattern.split('*').length - 1;
  if (captures !== names.length) fail(`the parse has ${captures} * and ${names.length} names`);
  if (pattern.includes('**')) fail('two adjacent * in a parse pattern');
  for (const n of names) checkExtractedName(n, st);
  names.forEach((n) => st.extracted.add(n));
  st.extracts.push({ kind: 'parse', pattern, fields: names, ...(input ? { input } : {}) });
}

function parseRegexStage(text: string, st: State): void {
  let toks = refuseModifiers(tokens(text.replace(/^(parse\s+regex|extract)\b/i, '')), 'parse regex');
  const { input, rest } = inputField(toks, st);
  toks = rest;
  if (toks[0]?.t !== 'str' || toks.length !== 1) fail('a parse regex with more than one pattern or options');
  const regex = toks[0].v.replace(/\(\?P</g, '(?<');
  let names: string[];
  try {
    names = captureNames(parseRegex(regex));
  } catch (e) {
    if (e instanceof RegexSyntaxError) fail(`the regex ${JSON.stringify(regex)}: ${e.message} (polydash takes the portable regex subset)`);
    throw e;
  }
  if (!names.length) fail('a regex without named groups');
  for (const n of names) checkExtractedName(n, st);
  names.forEach((n) => st.extracted.add(n));
  const anchor = anchorParse(regex);
  st.extracts.push(anchor ? { kind: 'parse', ...anchor, ...(input ? { input } : {}) } : { kind: 'parseRegex', regex, ...(input ? { input } : {}) });
}

/** A Sumo JSON path (`a.b[0]`, `['key']`) as keys and indexes. */
function jsonPath(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  let i = 0;
  let word = '';
  const push = (): void => {
    if (word) out.push(word);
    word = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '.') {
      push();
      i++;
    } else if (c === '[') {
      push();
      const end = text.indexOf(']', i);
      if (end < 0) fail(`the JSON path ${text}`);
      const inner = text.slice(i + 1, end);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (/^'.*'$/.test(inner)) out.push(inner.slice(1, -1));
      else fail(`the JSON path ${text} (${inner === '*' ? 'a wildcard index makes one value per element' : inner})`);
      i = end + 1;
    } else {
      word += c;
      i++;
    }
  }
  push();
  if (!out.length) fail('an empty JSON path');
  return out;
}

function jsonStage(text: string, st: State): void {
  let toks = refuseModifiers(tokens(text.replace(/^json\b/i, '')), 'json');
  if (toks[0]?.v.toLowerCase() === 'auto') fail('json auto (the fields it creates are known only at run time)');
  const { input, rest } = inputField(toks, st);
  toks = rest;
  const paths: string[] = [];
  let i = 0;
  for (; i < toks.length && toks[i]!.t === 'str'; i++) {
    paths.push(toks[i]!.v);
    if (toks[i + 1]?.v !== ',') {
      i++;
      break;
    }
    i++;
  }
  if (!paths.length) fail('json without a path');
  let names: string[];
  if (toks[i]?.v.toLowerCase() === 'as') {
    names = [];
    for (i++; i < toks.length; i++) {
      names.push(fieldName(toks[i]));
      if (toks[i + 1]?.v !== ',') break;
      i++;
    }
    if (i + 1 < toks.length) fail(`text after json: ${toks.slice(i + 1).map((t) => t.v).join(' ')}`);
    if (names.length !== paths.length) fail(`json with ${paths.length} paths and ${names.length} names`);
  } else {
    if (i < toks.length) fail(`text after json: ${toks.slice(i).map((t) => t.v).join(' ')}`);
    names = paths.map((p) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) fail(`json "${p}" without "as": the field it makes is named after the whole path`);
      return p;
    });
  }
  for (const n of names) checkExtractedName(n, st);
  names.forEach((n) => st.extracted.add(n));
  st.extracts.push({ kind: 'json', paths: paths.map((p, k) => ({ as: names[k]!, path: jsonPath(p) })), ...(input ? { input } : {}) });
}

function variableIn(text: string, st: State): string | undefined {
  const m = /^\{\{([A-Za-z0-9_]+)\}\}$/.exec(text);
  if (!m) {
    if (text.includes('{{')) fail(`the value "${text}" mixes a variable with text`);
    return undefined;
  }
  if (!st.variables.has(m[1]!)) fail(`{{${m[1]}}} is not a dashboard variable`);
  return m[1];
}

class WhereParser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly st: State,
  ) {}

  private peek(o = 0): Tok | undefined {
    return this.toks[this.i + o];
  }

  parse(): Cond {
    const c = this.or();
    if (this.i < this.toks.length) fail(`the where clause at ${this.peek()!.v}`);
    return c;
  }

  private or(): Cond {
    const args = [this.and()];
    while (this.peek()?.t === 'word' && this.peek()!.v.toLowerCase() === 'or') {
      this.i++;
      args.push(this.and());
    }
    return args.length === 1 ? args[0]! : { kind: 'or', args };
  }

  private and(): Cond {
    const args = [this.unary()];
    while (this.peek()?.t === 'word' && this.peek()!.v.toLowerCase() === 'and') {
      this.i++;
      args.push(this.unary());
    }
    return args.length === 1 ? args[0]! : { kind: 'and', args };
  }

  private unary(): Cond {
    const t = this.peek();
    if ((t?.t === 'punct' && t.v === '!') || (t?.t === 'word' && t.v.toLowerCase() === 'not')) {
      this.i++;
      const arg = this.unary();
      return arg.kind === 'not' ? arg.arg : { kind: 'not', arg };
    }
    return this.primary();
  }

  private primary(): Cond {
    const t = this.peek();
    if (!t) fail('an incomplete where clause');
    if (t.t === 'punct' && t.v === '(') {
      this.i++;
      const c = this.or();
      if (this.peek()?.v !== ')') fail('an unclosed parenthesis in where');
      this.i++;
      return c;
    }
    if (t.t === 'word' && /^isnull$/i.test(t.v) && this.peek(1)?.v === '(') {
      this.i += 2;
      const f = fieldName(this.peek());
      this.i++;
      if (this.peek()?.v !== ')') fail('isNull with more than a field');
      this.i++;
      return { kind: 'not', arg: { kind: 'exists', field: fieldUse(f, this.st) } };
    }
    if (t.t === 'word' && /^num$/i.test(t.v) && this.peek(1)?.v === '(') {
      this.i += 2;
      const f = fieldName(this.peek());
      this.i++;
      if (this.peek()?.v !== ')') fail('num() of an expression');
      this.i++;
      const op = this.peek();
      const n = this.peek(1);
      if (op?.t !== 'punct' || !['=', '==', '!=', '<>', '<', '<=', '>', '>='].includes(op.v) || !n || !/^-?\d+(\.\d+)?$/.test(n.v)) fail('num() compared with something other than a number');
      this.i += 2;
      return { kind: 'compare', field: fieldUse(f, this.st), op: normaliseOp(op.v), value: Number(n.v) };
    }
    if (t.t === 'word' && this.peek(1)?.v === '(') fail(`the function ${t.v}()`);
    const name = fieldName(t);
    this.i++;
    const field = fieldUse(name, this.st);
    const op = this.peek();
    if (!op) fail(`a bare field ${name} in where`);
    this.i++;
    if (op.t === 'word' && op.v.toLowerCase() === 'matches') {
      const v = this.peek();
      this.i++;
      if (v?.t === 'regex') fail(`${name} matches /regex/`);
      if (v?.t !== 'str') fail(`${name} matches something other than a string`);
      const variable = variableIn(v.v, this.st);
      if (variable) return { kind: 'compare', field, op: '=', value: { var: variable } as Value };
      if (v.v.includes('?')) fail(`the pattern "${v.v}" has a ? wildcard`);
      if (v.v.includes('*')) return { kind: 'wildcard', field, pattern: v.v.replace(/\\/g, '\\\\') };
      return { kind: 'compare', field, op: '=', value: v.v };
    }
    if (op.t === 'word' && op.v.toLowerCase() === 'in') return { kind: 'in', field, values: this.list() };
    if (op.t === 'word' && op.v.toLowerCase() === 'not' && this.peek()?.v.toLowerCase() === 'in') {
      this.i++;
      return { kind: 'not', arg: { kind: 'in', field, values: this.list() } };
    }
    if (op.t === 'punct' && ['=', '==', '!=', '<>', '<', '<=', '>', '>='].includes(op.v)) {
      const v = this.peek();
      this.i++;
      if (v?.t === 'str') {
        if (variableIn(v.v, this.st)) fail(`${name} ${op.v} "${v.v}": polydash compares variables with matches (All selects everything)`);
        if (!['=', '==', '!=', '<>'].includes(op.v)) fail(`${name} ${op.v} "${v.v}" orders text`);
        return { kind: 'compare', field, op: normaliseOp(op.v), value: v.v };
      }
      if (v && /^-?\d+(\.\d+)?$/.test(v.v)) fail(`${name} ${op.v} ${v.v} without num(): whether Sumo Logic compares it as text or as a number depends on the values`);
      fail(`${name} ${op.v} ${v?.v ?? 'nothing'}`);
    }
    return fail(`the where operator ${op.v}`);
  }

  private list(): string[] {
    if (this.peek()?.v !== '(') fail('in without a list');
    this.i++;
    const values: string[] = [];
    for (;;) {
      const v = this.peek();
      if (v?.t !== 'str') fail('an in list of something other than strings');
      if (v.v.includes('{{')) fail('a variable in an in list');
      values.push(v.v);
      this.i++;
      if (this.peek()?.v === ')') break;
      if (this.peek()?.v !== ',') fail('an in list');
      this.i++;
    }
    this.i++;
    return values;
  }
}

function normaliseOp(op: string): '=' | '!=' | '<' | '<=' | '>' | '>=' {
  if (op === '==') return '=';
  if (op === '<>') return '!=';
  return op as '=';
}

function whereStage(text: string, st: State): void {
  if (st.phase !== 'events') fail('a where after the aggregation (a having clause)');
  st.filters.push(new WhereParser(tokens(text.replace(/^where\b/i, '')), st).parse());
}

function timesliceStage(text: string, st: State): void {
  if (st.phase !== 'events') fail('a timeslice after the aggregation');
  const m = /^timeslice\s+(?:by\s+)?(\d+[smhdw])\s*$/i.exec(text);
  if (!m) fail(`${text.trim()} (polydash timeslices are a fixed span, without an alias)`);
  const seconds = relativeSeconds(m[1]!.toLowerCase());
  const span = seconds === undefined ? undefined : durationText(seconds);
  if (!span) fail(`the span ${m[1]}`);
  st.timeslice = m[1]!.toLowerCase();
}

const FUNCTIONS: Record<string, MeasureStep['fn']> = { count_distinct: 'countDistinct', sum: 'sum', avg: 'avg', min: 'min', max: 'max', pct: 'percentile' };

function aggregateStage(text: string, st: State): void {
  if (st.phase !== 'events') fail('a second aggregation');
  const toks = tokens(text);
  let i = 0;
  const measures: { m: MeasureStep; sumoName: string }[] = [];
  let implicitBy: string[] | undefined;
  for (;;) {
    const t = toks[i];
    if (!t || t.t !== 'word') fail('an aggregation');
    const fn = t.v.toLowerCase();
    let m: MeasureStep;
    let sumoName: string;
    if (fn === 'count' && toks[i + 1]?.v !== '(') {
      i++;
      // `count f1, f2` is count by f1, f2
      if (toks[i]?.t === 'word' && !/^(as|by|group)$/i.test(toks[i]!.v)) {
        implicitBy = [];
        for (; i < toks.length; i++) {
          implicitBy.push(fieldName(toks[i]));
          if (toks[i + 1]?.v !== ',') break;
          i++;
        }
        i++;
        if (i < toks.length) fail(`text after count ${implicitBy.join(', ')}`);
      }
      m = { fn: 'count', as: 'count' };
      sumoName = '_count';
    } else if (FUNCTIONS[fn] && toks[i + 1]?.v === '(') {
      const f = fieldName(toks[i + 2]);
      let p: number | undefined;
      i += 3;
      if (fn === 'pct') {
        if (toks[i]?.v !== ',' || !/^\d+(\.\d+)?$/.test(toks[i + 1]?.v ?? '')) fail('pct without one percentile');
        p = Number(toks[i + 1]!.v);
        i += 2;
      }
      if (toks[i]?.v !== ')') fail(`${fn}() with more than one argument`);
      i++;
      const field = fieldUse(f, st);
      const base = identifierProblem(f) ? undefined : f;
      if (!base) fail(`${fn}(${f}) of a field whose default column name is not an identifier`);
      const neutralFn = FUNCTIONS[fn]!;
      const as = neutralFn === 'countDistinct' ? `distinct_${f}` : neutralFn === 'percentile' ? `p${String(p).replace('.', '_')}_${f}` : `${neutralFn}_${f}`;
      m = { fn: neutralFn, field, ...(p !== undefined ? { p } : {}), as };
      sumoName = fn === 'pct' ? `_${f}_pct_${p}` : `_${fn}`;
    } else fail(`the aggregation ${t.v}${toks[i + 1]?.v === '(' ? '()' : ''}`);
    if (toks[i]?.v.toLowerCase() === 'as') {
      const alias = fieldName(toks[i + 1]);
      const problem = aliasProblem(alias);
      if (problem) fail(`the alias ${alias} (${problem})`);
      m = { ...m, as: alias };
      sumoName = alias;
      i += 2;
    }
    measures.push({ m, sumoName });
    if (toks[i]?.v === ',') {
      i++;
      continue;
    }
    break;
  }
  let by: string[] = implicitBy ?? [];
  if (!implicitBy && i < toks.length) {
    if (toks[i]?.v.toLowerCase() === 'group' && toks[i + 1]?.v.toLowerCase() === 'by') i++;
    if (toks[i]?.v.toLowerCase() !== 'by') fail(`text after the aggregation: ${toks.slice(i).map((t) => t.v).join(' ')}`);
    for (i++; i < toks.length; i++) {
      by.push(fieldName(toks[i]));
      if (toks[i + 1]?.v !== ',') break;
      i++;
    }
    if (i + 1 < toks.length) fail(`text after the aggregation: ${toks.slice(i + 1).map((t) => t.v).join(' ')}`);
  }
  if (by.some((b) => b.toLowerCase() === '_timeslice')) {
    if (!st.timeslice) fail('grouping by _timeslice without a timeslice');
    by = by.filter((b) => b.toLowerCase() !== '_timeslice');
  } else if (st.timeslice) fail('a timeslice the aggregation does not group by');
  st.measures = measures.map((x) => x.m);
  st.by = by.map((b) => fieldUse(b, st));
  for (const x of measures) {
    if (st.columns.has(x.sumoName)) fail(`two aggregation columns named ${x.sumoName}`);
    st.columns.set(x.sumoName, x.m.as);
  }
  for (const [k, b] of by.entries()) st.columns.set(b, st.by[k]!);
  if (st.timeslice) st.columns.set('_timeslice', 'timeslice');
  st.phase = 'aggregated';
}

function columnKey(name: string, st: State): string | FieldUse {
  const hit = st.columns.get(name) ?? [...st.columns].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  if (hit === undefined) fail(`${name} is not a column of the aggregation`);
  return hit;
}

function sortStage(text: string, st: State): void {
  if (st.phase !== 'aggregated') fail(st.phase === 'events' ? 'a sort of raw messages (polydash lists events newest first)' : 'a sort after a limit or transpose');
  const body = text.replace(/^(sort|order)\s+(by\s+)?/i, '');
  for (const part of body.split(',')) {
    const m = /^\s*([+-]?)(%"[^"]+"|[A-Za-z_][A-Za-z0-9_]*)\s*(asc|desc)?\s*$/i.exec(part);
    if (!m) fail(`the sort key ${part.trim()}`);
    const name = m[2]!.startsWith('%"') ? m[2]!.slice(2, -1) : m[2]!;
    const dir = m[3] ? (m[3].toLowerCase() as 'asc' | 'desc') : m[1] === '+' ? 'asc' : 'desc';
    st.sort.push({ key: columnKey(name, st), dir });
  }
  st.phase = 'sorted';
}

function limitStage(text: string, st: State): void {
  const m = /^limit\s+(\d+)\s*$/i.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 10000) fail(`${text.trim()}`);
  if (st.phase === 'pivoted' || st.phase === 'limited') fail('a limit after a transpose or a second limit');
  st.limit = Number(m[1]);
  st.phase = 'limited';
}

function transposeStage(text: string, st: State): void {
  const m = /^transpose\s+row\s+(\S+)\s+column\s+(\S+)\s*$/i.exec(text);
  if (!m) fail(`${text.trim()} (polydash pivots one row key against one column key)`);
  if (st.phase === 'events' || st.phase === 'pivoted') fail('a transpose without an aggregation');
  if (st.measures.length !== 1) fail('a transpose of several measures');
  st.transpose = { row: columnKey(m[1]!, st), column: columnKey(m[2]!, st) };
  st.phase = 'pivoted';
}

export interface SumoRecognition {
  readonly source: SourceBinding;
  readonly steps: QuerySteps;
}

/** Recognises one Sumo Logic log search; throws NotRecognised with the reason. */
export function recogniseSumo(query: string, variables: ReadonlySet<string>): SumoRecognition {
  const [scopeText, ...stages] = splitPipes(stripComments(query)).filter((s, i) => i === 0 || s !== '');
  const { source, filters } = scopeParts(parseScope(scopeText ?? ''), variables);
  const st: State = { variables, extracted: new Set(), filters, extracts: [], measures: [], by: [], columns: new Map(), sort: [], phase: 'events' };
  for (const stage of stages) {
    const word = /^[A-Za-z_]+/.exec(stage)?.[0]?.toLowerCase() ?? stage.slice(0, 12);
    if (/^(parse\s+regex|extract)\b/i.test(stage)) parseRegexStage(stage, st);
    else if (word === 'parse') parseStage(stage, st);
    else if (word === 'json') jsonStage(stage, st);
    else if (word === 'where') whereStage(stage, st);
    else if (word === 'timeslice') timesliceStage(stage, st);
    else if (word === 'count' || word === 'count_distinct' || (FUNCTIONS[word] && /^\w+\s*\(/.test(stage))) aggregateStage(stage, st);
    else if (word === 'sort' || word === 'order') sortStage(stage, st);
    else if (word === 'limit') limitStage(stage, st);
    else if (word === 'transpose') transposeStage(stage, st);
    else fail(`the ${word || stage.slice(0, 20)} operator has no neutral equivalent`);
  }
  if (st.phase === 'events' && st.timeslice) fail('a timeslice without an aggregation');
  const steps: QuerySteps = {
    filters: st.filters,
    extracts: st.extracts,
    ...(st.timeslice ? { timeslice: st.timeslice } : {}),
    measures: st.measures,
    by: st.by,
    sort: st.sort,
    ...(st.limit !== undefined ? { limit: st.limit } : {}),
    ...(st.transpose ? { transpose: st.transpose } : {}),
  };
  return { source, steps };
}

/** Just the source of a search (its scope), for variables whose query is not recognised. */
export function sumoSourceOf(query: string): SourceBinding | undefined {
  try {
    const [scopeText] = splitPipes(stripComments(query));
    return scopeParts(parseScope(scopeText ?? ''), new Set(), true).source;
  } catch {
    return undefined;
  }
}
