// A small lexer for printed Lucene query_string queries (the subset Grafana's Elasticsearch
// datasource sends): phrases, terms with backslash escapes, /regex/, `field:`, `_exists_:`,
// ranges, parentheses, operators and Grafana variable references. Literals are decoded the
// way Lucene's classic parser decodes them. Tests use it to prove that a user value always
// lands in exactly one literal.

import { GRAFANA_VARIABLE } from './lucene-escape.js';

export type LuceneTokenKind = 'phrase' | 'term' | 'regex' | 'field' | 'exists' | 'range' | 'operator' | 'paren' | 'modifier' | 'template';

/** A piece of an unquoted term: literal text or an unescaped wildcard. */
export type LuceneGlobPart = string | { readonly wildcard: '*' | '?' };

export interface LuceneToken {
  readonly kind: LuceneTokenKind;
  /** The source text of the token. */
  readonly text: string;
  /**
   * Decoded: the phrase or term text, the field name, the regex body, a range's bound, or a
   * template's variable name.
   */
  readonly value?: string;
  /** For terms with unescaped `*` or `?`: literal text and wildcards, in order. */
  readonly glob?: readonly LuceneGlobPart[];
  /** For ranges: `>=`, `>`, `<=`, `<`, or `[]`/`{}` style brackets. */
  readonly op?: string;
}

/** Lucene's own whitespace: anything else is part of a term. */
const LUCENE_SPACE = new Set([' ', '\t', '\n', '\r', '\u3000']);
/** Characters that end an unquoted term (Lucene's _TERM_CHAR excludes them). */
const TERM_END = new Set(Array.from('(){}[]":^~/!'));

/** `\X` is X and `\uXXXX` a UTF-16 code unit, as Lucene's discardEscapeChar reads them. */
function decodeEscape(text: string, at: number): { ch: string; length: number } {
  const next = text[at + 1];
  if (next === undefined) throw new SyntaxError(`dangling backslash at ${at}`);
  if (next === 'u') {
    const hex = text.slice(at + 2, at + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxError(`truncated unicode escape at ${at}`);
    return { ch: String.fromCharCode(parseInt(hex, 16)), length: 6 };
  }
  // one UTF-16 unit, as Lucene's char-based lexer takes it
  return { ch: next, length: 2 };
}

function decodePhraseBody(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; ) {
    if (body[i] === '\\') {
      const { ch, length } = decodeEscape(body, i);
      out += ch;
      i += length;
    } else out += body[i++];
  }
  return out;
}

/**
 * An unquoted term. With a wildcard, Lucene hands the raw text to WildcardQuery (where `\X`
 * is X but `\u` is a plain u) or, for a trailing `*` only, unescapes it first (where `\u`
 * starts a unicode escape): a `\u` there is ambiguous and rejected.
 */
function decodeTerm(raw: string): { value: string; glob?: LuceneGlobPart[] } {
  const glob: LuceneGlobPart[] = [];
  let text = '';
  let value = '';
  let wild = false;
  for (let i = 0; i < raw.length; ) {
    const c = raw[i]!;
    if (c === '\\') {
      const { ch, length } = decodeEscape(raw, i);
      text += ch;
      value += ch;
      i += length;
    } else if (c === '*' || c === '?') {
      wild = true;
      if (text) glob.push(text);
      text = '';
      glob.push({ wildcard: c });
      value += c;
      i++;
    } else {
      text += c;
      value += c;
      i++;
    }
  }
  if (text) glob.push(text);
  if (wild && /\\u/.test(raw.replace(/\\\\/g, ''))) throw new SyntaxError(`ambiguous \\u escape in wildcard term ${raw}`);
  return wild ? { value, glob } : { value };
}

export function lexLucene(query: string): LuceneToken[] {
  const out: LuceneToken[] = [];
  const variable = new RegExp(GRAFANA_VARIABLE.source, 'y');
  let i = 0;
  const push = (t: LuceneToken, end: number): void => {
    out.push(t);
    i = end;
  };
  while (i < query.length) {
    const c = query[i]!;
    if (LUCENE_SPACE.has(c)) {
      i++;
      continue;
    }
    variable.lastIndex = i;
    const v = variable.exec(query);
    if (v) {
      push({ kind: 'template', text: v[0], value: v[1] ?? v[2] ?? v[4]! }, i + v[0].length);
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < query.length && query[j] !== '"'; j++) if (query[j] === '\\') j++;
      if (j >= query.length) throw new SyntaxError(`unterminated phrase at ${i}`);
      push({ kind: 'phrase', text: query.slice(i, j + 1), value: decodePhraseBody(query.slice(i + 1, j)) }, j + 1);
      continue;
    }
    if (c === '/') {
      let j = i + 1;
      for (; j < query.length && query[j] !== '/'; j++) if (query[j] === '\\' && query[j + 1] === '/') j++;
      if (j >= query.length) throw new SyntaxError(`unterminated regex at ${i}`);
      push({ kind: 'regex', text: query.slice(i, j + 1), value: query.slice(i + 1, j) }, j + 1);
      continue;
    }
    if (c === '(' || c === ')') {
      push({ kind: 'paren', text: c }, i + 1);
      continue;
    }
    if (c === '[' || c === '{') {
      const close = query.indexOf(c === '[' ? ']' : '}', i);
      const close2 = query.indexOf(c === '[' ? '}' : ']', i);
      const end = Math.min(...[close, close2].filter((x) => x >= 0));
      if (!Number.isFinite(end)) throw new SyntaxError(`unterminated range at ${i}`);
      push({ kind: 'range', text: query.slice(i, end + 1), op: `${c}${query[end]}`, value: query.slice(i + 1, end) }, end + 1);
      continue;
    }
    if (query.startsWith('&&', i) || query.startsWith('||', i)) {
      push({ kind: 'operator', text: query.slice(i, i + 2) }, i + 2);
      continue;
    }
    if (c === '+' || c === '-' || c === '!') {
      push({ kind: 'operator', text: c }, i + 1);
      continue;
    }
    if (c === '^' || c === '~') {
      const m = /^[\^~][0-9.]*/.exec(query.slice(i))!;
      push({ kind: 'modifier', text: m[0] }, i + m[0].length);
      continue;
    }
    if (c === ':' || c === '}' || c === ']') throw new SyntaxError(`unexpected ${c} at ${i}`);
    // an unquoted term, possibly a field name
    let j = i;
    while (j < query.length && !LUCENE_SPACE.has(query[j]!) && !TERM_END.has(query[j]!) && query[j] !== ':') {
      j += query[j] === '\\' ? 2 : 1;
    }
    if (j > query.length) throw new SyntaxError(`dangling backslash at ${query.length - 1}`);
    const raw = query.slice(i, j);
    if (query[j] === ':') {
      const name = raw === '*' ? '*' : decodePhraseBody(raw);
      push({ kind: name === '_exists_' ? 'exists' : 'field', text: `${raw}:`, value: name }, j + 1);
      continue;
    }
    if (raw === 'AND' || raw === 'OR' || raw === 'NOT') {
      push({ kind: 'operator', text: raw }, j);
      continue;
    }
    // Elasticsearch checks for a leading < or > after unescaping: a backslash does not stop it.
    const term = decodeTerm(raw);
    const range = /^([<>]=?)([\s\S]*)$/.exec(term.value);
    if (range && out[out.length - 1]?.kind === 'field' && !term.glob) {
      push({ kind: 'range', text: raw, op: range[1]!, value: range[2]! }, j);
      continue;
    }
    push({ kind: 'term', text: raw, ...term }, j);
  }
  return out;
}
