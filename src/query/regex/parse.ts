// Parses the portable regex subset that every target dialect can express:
// literals, `.`, classes, \d \w \s (and negations), groups, named groups, alternation,
// greedy and lazy quantifiers, ^ $ \b, and a leading (?i). Lookaround, backreferences,
// atomic groups and inline flags elsewhere are refused rather than mistranslated.

import type { ClassItem, RegexNode, Shorthand } from './ast.js';

export class RegexSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'RegexSyntaxError';
  }
}

const SHORTHANDS = new Set(['d', 'D', 'w', 'W', 's', 'S']);
const CONTROL_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v' };
/** Characters that are literal when escaped, in and outside classes. */
const ESCAPABLE = new Set(Array.from('\\^$.|?*+()[]{}/-"\'#&~<>!=:,@%` '));

export function parseRegex(pattern: string): RegexNode {
  const chars = Array.from(pattern);
  let pos = 0;
  let caseInsensitive = false;
  if (pattern.startsWith('(?i)')) {
    caseInsensitive = true;
    pos = 4;
  }

  const peek = (): string | undefined => chars[pos];
  const fail = (message: string, at = pos): never => {
    throw new RegexSyntaxError(message, at);
  };

  function parseAlternation(): RegexNode {
    const branches: RegexNode[] = [parseSequence()];
    while (peek() === '|') {
      pos++;
      branches.push(parseSequence());
    }
    return branches.length === 1 ? branches[0]! : { kind: 'alt', items: branches };
  }

  function parseSequence(): RegexNode {
    const items: RegexNode[] = [];
    while (pos < chars.length && peek() !== '|' && peek() !== ')') {
      items.push(parseQuantified(parseAtom()));
    }
    return items.length === 1 ? items[0]! : { kind: 'seq', items };
  }

  function parseQuantified(atom: RegexNode): RegexNode {
    let min: number;
    let max: number | undefined;
    const start = pos;
    const c = peek();
    if (c === '*') [min, max] = [0, undefined];
    else if (c === '+') [min, max] = [1, undefined];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{' && /^\{\d+(,\d*)?\}/.test(chars.slice(pos).join(''))) {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(chars.slice(pos).join(''))!;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? undefined : Number(m[3]);
      if (max !== undefined && max < min) fail('quantifier {m,n} has n < m', start);
      if (min > 1000 || (max ?? 0) > 1000) fail('quantifier bounds above 1000 are not portable', start);
      pos += m[0].length - 1;
    } else return atom;
    pos++;
    if (atom.kind === 'assert') fail('a quantifier cannot follow an anchor or boundary', start);
    let lazy = false;
    if (peek() === '?') {
      lazy = true;
      pos++;
    } else if (peek() === '+') fail('possessive quantifiers are not portable');
    if (peek() === '*' || peek() === '+' || peek() === '?') fail('nested quantifier');
    return { kind: 'repeat', item: atom, min, max, lazy };
  }

  function parseAtom(): RegexNode {
    const c = peek();
    if (c === undefined) return fail('unexpected end of pattern');
    if (c === '(') return parseGroup();
    if (c === '[') return parseClass();
    if (c === '.') {
      pos++;
      return { kind: 'any' };
    }
    if (c === '^') {
      pos++;
      return { kind: 'assert', name: 'start' };
    }
    if (c === '$') {
      pos++;
      return { kind: 'assert', name: 'end' };
    }
    if (c === '*' || c === '+' || c === '?') return fail(`nothing to repeat before "${c}"`);
    if (c === '{' && /^\{\d+(,\d*)?\}/.test(chars.slice(pos).join(''))) return fail('nothing to repeat before "{"');
    if (c === ')') return fail('unbalanced ")"');
    if (c === '\\') return parseEscape(false) as RegexNode;
    pos++;
    return { kind: 'char', ch: c };
  }

  function parseGroup(): RegexNode {
    const start = pos;
    pos++; // (
    let capture: string | undefined;
    const rest = chars.slice(pos, pos + 40).join('');
    if (rest.startsWith('?')) {
      const named = /^\?P?<([A-Za-z][A-Za-z0-9_]*)>/.exec(rest);
      if (named) {
        capture = named[1]!;
        pos += named[0].length;
      } else if (rest.startsWith('?:')) {
        pos += 2;
      } else if (/^\?(=|!|<=|<!)/.test(rest)) {
        fail('lookaround is not supported by every target (RE2, Lucene)', start);
      } else if (rest.startsWith('?i)')) {
        fail('(?i) is only supported at the very start of the pattern', start);
      } else {
        fail('unsupported group syntax', start);
      }
    }
    const item = parseAlternation();
    if (peek() !== ')') fail('missing ")"', start);
    pos++;
    return capture === undefined ? { kind: 'group', item } : { kind: 'group', capture, item };
  }

  function parseClass(): RegexNode {
    const start = pos;
    pos++; // [
    let negated = false;
    if (peek() === '^') {
      negated = true;
      pos++;
    }
    const items: ClassItem[] = [];
    let first = true;
    while (pos < chars.length && (peek() !== ']' || first)) {
      first = false;
      if (peek() === '[') fail('nested classes and POSIX classes are not portable');
      const from = parseClassChar();
      if (peek() === '-' && chars[pos + 1] !== undefined && chars[pos + 1] !== ']') {
        pos++;
        const to = parseClassChar();
        if (from.kind !== 'char' || to.kind !== 'char') fail('a range needs single characters at both ends');
        const a = (from as { ch: string }).ch;
        const b = (to as { ch: string }).ch;
        if (a.codePointAt(0)! > b.codePointAt(0)!) fail(`range ${a}-${b} is reversed`);
        items.push({ kind: 'range', from: a, to: b });
      } else items.push(from);
    }
    if (peek() !== ']') fail('missing "]"', start);
    pos++;
    if (items.length === 0) fail('empty class', start);
    return { kind: 'class', negated, items };
  }

  function parseClassChar(): ClassItem {
    const c = peek()!;
    if (c === '\\') {
      const e = parseEscape(true);
      if (e.kind === 'assert') fail('\\b inside a class is not portable');
      return e as ClassItem;
    }
    pos++;
    return { kind: 'char', ch: c };
  }

  function parseEscape(inClass: boolean): RegexNode | ClassItem {
    const start = pos;
    pos++; // backslash
    const c = peek();
    if (c === undefined) return fail('pattern ends with a lone backslash', start);
    pos++;
    if (SHORTHANDS.has(c)) return { kind: 'shorthand', name: c as Shorthand };
    if (c in CONTROL_ESCAPES) return { kind: 'char', ch: CONTROL_ESCAPES[c]! };
    if (c === 'b' && !inClass) return { kind: 'assert', name: 'wordBoundary' };
    if (c === 'B' && !inClass) return { kind: 'assert', name: 'notWordBoundary' };
    if (c === 'x') {
      const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(chars.slice(pos, pos + 8).join(''));
      const plain = /^[0-9A-Fa-f]{2}/.exec(chars.slice(pos, pos + 2).join(''));
      const hex = braced ? braced[1]! : plain ? plain[0] : fail('\\x needs two hex digits or {hex}', start);
      pos += braced ? braced[0].length : 2;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) fail('\\x names no Unicode scalar value', start);
      return { kind: 'char', ch: String.fromCodePoint(cp) };
    }
    if (c === 'u') {
      const m = /^[0-9A-Fa-f]{4}/.exec(chars.slice(pos, pos + 4).join(''));
      if (!m) fail('\\u needs four hex digits', start);
      pos += 4;
      const cp = parseInt(m![0], 16);
      if (cp >= 0xd800 && cp <= 0xdfff) fail('\\u names a surrogate', start);
      return { kind: 'char', ch: String.fromCodePoint(cp) };
    }
    if (/[0-9]/.test(c)) return fail('backreferences are not supported by every target (RE2)', start);
    if (c === 'k') return fail('named backreferences are not supported by every target (RE2)', start);
    if (ESCAPABLE.has(c)) return { kind: 'char', ch: c };
    return fail(`unknown escape \\${c}`, start);
  }

  const body = parseAlternation();
  if (pos < chars.length) fail('unbalanced ")"');
  return caseInsensitive ? { kind: 'caseInsensitive', item: body } : body;
}
