// A small lexer for printed KQL, following the token rules of Kibana's grammar
// (packages/kbn-es-query/grammar/grammar.peggy): quoted strings, unquoted literal runs (with
// their escapes and `*` wildcards), `:`, range operators, parentheses, braces and the
// keywords and/or/not. Tests use it to prove that a user value lands in exactly one literal.

import type { GlobPart } from '../nodes.js';

export type KqlTokenKind = 'string' | 'literal' | 'wildcard' | 'colon' | 'range' | 'lparen' | 'rparen' | 'lbrace' | 'rbrace' | 'keyword';

export interface KqlToken {
  readonly kind: KqlTokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** Quoted strings and literals without wildcards: the decoded value. */
  readonly value?: string;
  /** Unquoted literals: the decoded text with its wildcards. */
  readonly glob?: readonly GlobPart[];
}

const SPACE = /[ \t\r\n\u00a0]/;
const SPECIAL = new Set(Array.from('\\():<>"*{}'));
const PUNCT: Record<string, KqlTokenKind> = { ':': 'colon', '(': 'lparen', ')': 'rparen', '{': 'lbrace', '}': 'rbrace' };
const WHITESPACE_ESCAPES: Record<string, string> = { t: '\t', r: '\r', n: '\n' };

/** `Or`/`And` need whitespace on both sides; `Not` only after it. */
function keywordAt(q: string, i: number, afterSpace: boolean): string | undefined {
  const not = /^not[ \t\r\n\u00a0]/i.exec(q.slice(i, i + 4));
  if (not) return q.slice(i, i + 3);
  if (!afterSpace) return undefined;
  const m = /^(and|or)[ \t\r\n\u00a0]/i.exec(q.slice(i, i + 4));
  return m ? m[1] : undefined;
}

/** Whether a keyword (with its leading whitespace) starts at `i` inside an unquoted literal. */
function keywordInsideLiteral(q: string, i: number): boolean {
  if (SPACE.test(q[i]!)) {
    let j = i;
    while (j < q.length && SPACE.test(q[j]!)) j++;
    return /^(and|or)[ \t\r\n\u00a0]/i.test(q.slice(j, j + 4));
  }
  return /^not[ \t\r\n\u00a0]/i.test(q.slice(i, i + 4));
}

/** One escape sequence at `i` (a backslash), in the grammar's order of alternatives. */
function readEscape(q: string, i: number, quoted: boolean): { value: string; end: number } {
  const next = q[i + 1];
  if (next !== undefined && next in WHITESPACE_ESCAPES) return { value: WHITESPACE_ESCAPES[next]!, end: i + 2 };
  if (quoted) {
    const u = /^u([0-9a-fA-F]{4})/.exec(q.slice(i + 1, i + 6));
    if (u) return { value: String.fromCharCode(parseInt(u[1]!, 16)), end: i + 6 };
    if (next === '\\' || next === '"') return { value: next, end: i + 2 };
    return { value: '\\', end: i + 1 }; // a lone backslash is an ordinary character in quotes
  }
  if (next !== undefined && SPECIAL.has(next)) return { value: next, end: i + 2 };
  const u = /^u([0-9a-fA-F]{4})/.exec(q.slice(i + 1, i + 6));
  if (u) return { value: String.fromCharCode(parseInt(u[1]!, 16)), end: i + 6 };
  const kw = /^(or|and|not)/i.exec(q.slice(i + 1, i + 4));
  if (kw) return { value: kw[0], end: i + 1 + kw[0].length };
  throw new SyntaxError(`invalid escape at ${i}`);
}

function readQuoted(q: string, start: number): { end: number; value: string } {
  let value = '';
  let j = start + 1;
  while (j < q.length) {
    const c = q[j]!;
    if (c === '"') return { end: j + 1, value };
    if (c === '\\') {
      const e = readEscape(q, j, true);
      value += e.value;
      j = e.end;
    } else {
      value += c;
      j++;
    }
  }
  throw new SyntaxError(`unterminated string at ${start}`);
}

/** An unquoted literal: characters up to a special character or keyword, trimmed at both ends. */
function readUnquoted(q: string, start: number): { end: number; glob: GlobPart[] } {
  const parts: GlobPart[] = [];
  let text = '';
  let j = start;
  while (j < q.length) {
    const c = q[j]!;
    if (c === '\\') {
      const e = readEscape(q, j, false);
      text += e.value;
      j = e.end;
    } else if (c === '*') {
      if (text) parts.push(text);
      text = '';
      parts.push({ wildcard: '*' });
      j++;
    } else if (SPECIAL.has(c) || keywordInsideLiteral(q, j)) {
      break;
    } else {
      text += c;
      j++;
    }
  }
  if (text) parts.push(text);
  // The grammar trims the joined characters (String.prototype.trim).
  const first = parts[0];
  if (typeof first === 'string') parts[0] = first.trimStart();
  const last = parts[parts.length - 1];
  if (typeof last === 'string') parts[parts.length - 1] = last.trimEnd();
  return { end: j, glob: parts.filter((p) => p !== '') };
}

export function lexKql(query: string): KqlToken[] {
  const out: KqlToken[] = [];
  let i = 0;
  let afterSpace = false;
  while (i < query.length) {
    const c = query[i]!;
    if (SPACE.test(c)) {
      i++;
      afterSpace = true;
      continue;
    }
    const wasAfterSpace = afterSpace;
    afterSpace = false;
    if (c === '"') {
      const { end, value } = readQuoted(query, i);
      out.push({ kind: 'string', text: query.slice(i, end), value });
      i = end;
      continue;
    }
    const punct = PUNCT[c];
    if (punct) {
      out.push({ kind: punct, text: c });
      i++;
      continue;
    }
    const range = /^(<=|>=|<|>)/.exec(query.slice(i, i + 2));
    if (range) {
      out.push({ kind: 'range', text: range[0] });
      i += range[0].length;
      continue;
    }
    const kw = keywordAt(query, i, wasAfterSpace);
    if (kw) {
      out.push({ kind: 'keyword', text: kw });
      i += kw.length;
      continue;
    }
    const { end, glob } = readUnquoted(query, i);
    if (end === i) throw new SyntaxError(`unexpected ${JSON.stringify(c)} at ${i}`);
    const text = query.slice(i, end).trimEnd();
    if (glob.length === 1 && typeof glob[0] === 'object') out.push({ kind: 'wildcard', text, glob });
    else if (glob.every((p) => typeof p === 'string')) out.push({ kind: 'literal', text, value: glob.join(''), glob });
    else out.push({ kind: 'literal', text, glob });
    i = end;
  }
  return out;
}
