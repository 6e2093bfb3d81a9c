// The portable regex tree (src/query/regex) as a JavaScript RegExp, with the meaning the
// printers give it: `.` is any character but a line feed, \d \w \s are ASCII, ^ and $ are the
// start and end of the text, a leading (?i) is Unicode case-insensitivity. Named groups become
// plain numbered groups (field names need not be JavaScript identifiers); `names[i]` is the field
// of group i + 1.

import type { ClassItem, RegexNode, Shorthand } from '../../query/regex/ast.js';

export interface CompiledRegex {
  readonly re: RegExp;
  readonly names: readonly string[];
}

const SHORTHAND: Record<Shorthand, { readonly inClass: string; readonly alone: string }> = {
  d: { inClass: '0-9', alone: '[0-9]' },
  D: { inClass: '', alone: '[^0-9]' },
  w: { inClass: 'A-Za-z0-9_', alone: '[A-Za-z0-9_]' },
  W: { inClass: '', alone: '[^A-Za-z0-9_]' },
  s: { inClass: '\\t\\n\\v\\f\\r ', alone: '[\\t\\n\\v\\f\\r ]' },
  S: { inClass: '', alone: '[^\\t\\n\\v\\f\\r ]' },
};

/** A code point as an escape that means itself in and outside classes, under the `u` flag. */
function lit(ch: string): string {
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

function classBody(items: readonly ClassItem[]): string {
  const positive: string[] = [];
  const negatedShorthands: string[] = [];
  for (const i of items) {
    if (i.kind === 'char') positive.push(lit(i.ch));
    else if (i.kind === 'range') positive.push(`${lit(i.from)}-${lit(i.to)}`);
    else if (SHORTHAND[i.name].inClass) positive.push(SHORTHAND[i.name].inClass);
    else negatedShorthands.push(SHORTHAND[i.name].alone);
  }
  // A negated shorthand inside a class ([\D_]) is a union: written as an alternation.
  return [positive.join(''), ...negatedShorthands].join('\u0000');
}

export function compileRegex(node: RegexNode): CompiledRegex {
  const names: string[] = [];
  let flags = 'u';
  let root = node;
  if (root.kind === 'caseInsensitive') {
    flags += 'i';
    root = root.item;
  }
  const walk = (n: RegexNode): string => {
    switch (n.kind) {
      case 'seq':
        return n.items.map((x) => (x.kind === 'alt' ? `(?:${walk(x)})` : walk(x))).join('');
      case 'alt':
        return n.items.map(walk).join('|');
      case 'char':
        return lit(n.ch);
      case 'any':
        return '[^\\n]';
      case 'class': {
        const [positive, ...unions] = classBody(n.items).split('\u0000');
        if (unions.length === 0) return `[${n.negated ? '^' : ''}${positive}]`;
        const union = [...(positive ? [`[${positive}]`] : []), ...unions].join('|');
        // [^\D_] is "not (a non-digit or _)": a negative lookahead then any character.
        return n.negated ? `(?:(?!${union})[\\s\\S])` : `(?:${union})`;
      }
      case 'shorthand':
        return SHORTHAND[n.name].alone;
      case 'group':
        if (n.capture === undefined) return `(?:${walk(n.item)})`;
        names.push(n.capture);
        return `(${walk(n.item)})`;
      case 'repeat': {
        const q = n.max === undefined ? `{${n.min},}` : `{${n.min},${n.max}}`;
        return `(?:${walk(n.item)})${q}${n.lazy ? '?' : ''}`;
      }
      case 'assert':
        return { start: '^', end: '$', wordBoundary: '\\b', notWordBoundary: '\\B' }[n.name];
      case 'caseInsensitive':
        // The parser allows (?i) only at the very start, handled above as a flag.
        throw new Error('(?i) is only supported at the start of a pattern');
    }
  };
  const source = walk(root);
  return { re: new RegExp(source, flags), names };
}
