// A small lexer for printed ES|QL: strings (decoded), backtick identifiers (decoded),
// parameters, pipes, punctuation, words and comments. Tests use it to prove that a user value
// always lands in exactly one literal; it rejects what the real lexer rejects in strings.

export type EsqlTokenKind = 'string' | 'identifier' | 'param' | 'pipe' | 'punct' | 'word' | 'comment';

export interface EsqlToken {
  readonly kind: EsqlTokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** Strings and backtick identifiers: the decoded value; parameters: the name. */
  readonly value?: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', n: '\n', r: '\r', t: '\t' };
const PUNCT = ['==', '!=', '<=', '>=', '=~', '::', '<', '>', '=', '(', ')', ',', ':', '[', ']', '{', '}', '%', '/'];
const WORD_CHAR = /[A-Za-z0-9_@.*+-]/;
/** `?name`, `?1`, `??name` (field/function parameters), or a lone `?`. */
const PARAM = /\?\??(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)?/y;

function fail(message: string, at: number): never {
  throw new SyntaxError(`${message} at ${at}`);
}

export function lexEsql(query: string): EsqlToken[] {
  const out: EsqlToken[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (query.startsWith('"""', i)) {
      // Raw triple-quoted string: no escapes, no line breaks, closes at the first """.
      const end = query.indexOf('"""', i + 3);
      if (end < 0) fail('unterminated """ string', start);
      const value = query.slice(i + 3, end);
      if (/[\r\n]/.test(value)) fail('line break in """ string', start);
      i = end + 3;
      out.push({ kind: 'string', text: query.slice(start, i), value });
    } else if (c === '"') {
      let value = '';
      for (i++; ; i++) {
        const ch = query[i];
        if (ch === undefined) fail('unterminated string', start);
        if (ch === '"') break;
        if (ch === '\r' || ch === '\n') fail('line break in string', i);
        if (ch === '\\') {
          const decoded = ESCAPES[query[i + 1] ?? ''];
          if (decoded === undefined) fail(`invalid escape \\${query[i + 1] ?? ''}`, i);
          value += decoded;
          i++;
        } else value += ch;
      }
      i++;
      out.push({ kind: 'string', text: query.slice(start, i), value });
    } else if (c === '`') {
      let value = '';
      for (i++; ; i++) {
        const ch = query[i];
        if (ch === undefined) fail('unterminated quoted identifier', start);
        if (ch === '`') {
          if (query[i + 1] !== '`') break;
          i++;
        }
        value += ch;
      }
      i++;
      if (value === '') fail('empty quoted identifier', start);
      out.push({ kind: 'identifier', text: query.slice(start, i), value });
    } else if (query.startsWith('//', i)) {
      const end = query.indexOf('\n', i);
      i = end < 0 ? query.length : end;
      out.push({ kind: 'comment', text: query.slice(start, i) });
    } else if (query.startsWith('/*', i)) {
      const end = query.indexOf('*/', i + 2);
      if (end < 0) fail('unterminated comment', start);
      i = end + 2;
      out.push({ kind: 'comment', text: query.slice(start, i) });
    } else if (c === '?') {
      PARAM.lastIndex = i;
      const m = PARAM.exec(query)!;
      i += m[0].length;
      out.push({ kind: 'param', text: m[0], value: m[0].replace(/^\?+/, '') });
    } else if (c === '|') {
      i++;
      out.push({ kind: 'pipe', text: '|' });
    } else if (WORD_CHAR.test(c)) {
      while (i < query.length && WORD_CHAR.test(query[i]!)) i++;
      out.push({ kind: 'word', text: query.slice(start, i) });
    } else {
      const p = PUNCT.find((x) => query.startsWith(x, i)) ?? fail(`unexpected character ${JSON.stringify(c)}`, i);
      i += p.length;
      out.push({ kind: 'punct', text: p });
    }
  }
  return out;
}
