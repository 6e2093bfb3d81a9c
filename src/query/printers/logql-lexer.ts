// A small lexer for printed LogQL: Go strings (decoded as Loki decodes them), raw strings,
// braces, matchers, pipes, operators, ranges, numbers, words, Grafana variables and `#`
// comments. Tests use it to prove that a user value always lands in exactly one literal.

export type LogqlTokenKind =
  | 'string'
  | 'raw'
  | 'punct'
  | 'matcher'
  | 'lineFilter'
  | 'pipe'
  | 'op'
  | 'range'
  | 'number'
  | 'word'
  | 'variable'
  | 'comment';

export interface LogqlToken {
  readonly kind: LogqlTokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** For strings and raw strings: the decoded value. */
  readonly value?: string;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34 };
/** Operators, two-character ones first so that the longest match wins. */
const OPERATORS: readonly (readonly [string, LogqlTokenKind])[] = [
  ['|=', 'lineFilter'], ['|~', 'lineFilter'], ['|>', 'lineFilter'],
  ['=~', 'matcher'], ['!~', 'matcher'], ['!=', 'matcher'],
  ['==', 'op'], ['>=', 'op'], ['<=', 'op'],
  ['=', 'matcher'], ['|', 'pipe'],
  ['>', 'op'], ['<', 'op'], ['+', 'op'], ['-', 'op'], ['*', 'op'], ['/', 'op'], ['%', 'op'], ['^', 'op'],
];
const utf8 = new TextEncoder();

/** Decodes a Go double-quoted string starting at `start`, as `strconv.Unquote` would. */
function readGoString(src: string, start: number): { end: number; value: string } {
  const bytes: number[] = [];
  const hex = (from: number, n: number): number => {
    const digits = src.slice(from, from + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) throw new SyntaxError(`bad escape at ${from - 2}`);
    return parseInt(digits, 16);
  };
  let i = start + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') {
      try {
        return { end: i + 1, value: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(new Uint8Array(bytes)) };
      } catch {
        // Go allows such bytes; the printer never writes them, so they are a finding here.
        throw new SyntaxError(`string at ${start} decodes to bytes that are not UTF-8`);
      }
    }
    if (c === '\n') throw new SyntaxError(`newline in string at ${i}`);
    if (c !== '\\') {
      const cp = src.codePointAt(i)!;
      bytes.push(...utf8.encode(String.fromCodePoint(cp)));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = src[i + 1];
    if (e === undefined) break;
    if (SIMPLE_ESCAPES[e] !== undefined) {
      bytes.push(SIMPLE_ESCAPES[e]!);
      i += 2;
    } else if (e === 'x') {
      bytes.push(hex(i + 2, 2));
      i += 4;
    } else if (/[0-7]/.test(e)) {
      const digits = src.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(digits) || parseInt(digits, 8) > 255) throw new SyntaxError(`bad octal escape at ${i}`);
      bytes.push(parseInt(digits, 8));
      i += 4;
    } else if (e === 'u' || e === 'U') {
      const cp = hex(i + 2, e === 'u' ? 4 : 8);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new SyntaxError(`escape names no Unicode scalar value at ${i}`);
      bytes.push(...utf8.encode(String.fromCodePoint(cp)));
      i += e === 'u' ? 6 : 10;
    } else {
      throw new SyntaxError(`unknown escape \\${e} at ${i}`);
    }
  }
  throw new SyntaxError(`unterminated string at ${start}`);
}

export function lexLogql(expr: string): LogqlToken[] {
  const out: LogqlToken[] = [];
  let i = 0;
  const push = (kind: LogqlTokenKind, end: number, value?: string): void => {
    out.push(value === undefined ? { kind, text: expr.slice(i, end) } : { kind, text: expr.slice(i, end), value });
    i = end;
  };
  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      const nl = expr.indexOf('\n', i);
      push('comment', nl < 0 ? expr.length : nl);
      continue;
    }
    if (c === '"') {
      const { end, value } = readGoString(expr, i);
      push('string', end, value);
      continue;
    }
    if (c === '`') {
      const end = expr.indexOf('`', i + 1);
      if (end < 0) throw new SyntaxError(`unterminated raw string at ${i}`);
      push('raw', end + 1, expr.slice(i + 1, end).replace(/\r/g, ''));
      continue;
    }
    if (c === '[') {
      const end = expr.indexOf(']', i);
      if (end < 0) throw new SyntaxError(`unterminated range at ${i}`);
      push('range', end + 1);
      continue;
    }
    if (c === '$') {
      const m = /^\$(\{[A-Za-z0-9_]+(:[A-Za-z]+)?\}|[A-Za-z0-9_]+)/.exec(expr.slice(i));
      if (!m) throw new SyntaxError(`stray $ at ${i}`);
      push('variable', i + m[0].length);
      continue;
    }
    if ('{}(),'.includes(c)) {
      push('punct', i + 1);
      continue;
    }
    const operator = OPERATORS.find(([text]) => expr.startsWith(text, i));
    if (operator) {
      push(operator[1], i + operator[0].length);
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(expr.slice(i));
    if (number) {
      push('number', i + number[0].length);
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i));
    if (word) {
      push('word', i + word[0].length);
      continue;
    }
    throw new SyntaxError(`unexpected ${JSON.stringify(c)} at ${i}`);
  }
  return out;
}
