// Prints the portable regex tree in a target dialect. Literal characters are escaped for
// the regex layer only; the caller then encodes the result for its string layer.

import { UnsupportedConstruct } from '../fidelity.js';
import type { ClassItem, RegexNode } from './ast.js';

export interface RegexDialect {
  readonly name: string;
  /** The opening of a named group, e.g. `(?<user>`. */
  readonly namedGroup: (name: string) => string;
  /** Characters printed as a hex escape so that the host string layer never sees them. */
  readonly hexEscape: (ch: string) => boolean;
  readonly hex: (codePoint: number) => string;
  /** Escaped with a backslash outside classes. */
  readonly meta: ReadonlySet<string>;
  /** Escaped with a backslash inside classes. */
  readonly classMeta: ReadonlySet<string>;
  /** Lucene regexp has no \d, anchors or boundaries. */
  readonly shorthands: boolean;
  readonly assertions: boolean;
  readonly lazy: boolean;
  /** Whether `(?i)` may open the pattern. */
  readonly inlineCaseInsensitive: boolean;
  /** How start and end of the text are written, where `^`/`$` mean something else (Oniguruma's line anchors). */
  readonly textAnchors?: { readonly start: string; readonly end: string };
}

const CONTROL_OR_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]/u;

/** RE2, Java and PCRE agree on this much. */
export const PERL_LIKE = {
  meta: new Set(Array.from('\\^$.|?*+()[]{}')),
  classMeta: new Set(Array.from('\\]^-[&')),
  hex: (cp: number) => (cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\x{${cp.toString(16)}}`),
  isInvisible: (ch: string) => CONTROL_OR_INVISIBLE.test(ch),
};

/**
 * A Perl-like dialect (RE2, PCRE, Oniguruma): shorthands, assertions, lazy repeats and `(?i)`,
 * with invisible characters hex-escaped. Each dialect gives its name and named-group syntax and
 * overrides what differs.
 */
export function perlDialect(own: Pick<RegexDialect, 'name' | 'namedGroup'> & Partial<RegexDialect>): RegexDialect {
  return {
    hexEscape: PERL_LIKE.isInvisible,
    hex: PERL_LIKE.hex,
    meta: PERL_LIKE.meta,
    classMeta: PERL_LIKE.classMeta,
    shorthands: true,
    assertions: true,
    lazy: true,
    inlineCaseInsensitive: true,
    ...own,
  };
}

export function printRegex(node: RegexNode, d: RegexDialect): string {
  const lit = (ch: string, inClass: boolean): string => {
    if (d.hexEscape(ch)) return d.hex(ch.codePointAt(0)!);
    if ((inClass ? d.classMeta : d.meta).has(ch)) return `\\${ch}`;
    return ch;
  };
  const classItem = (i: ClassItem): string => {
    switch (i.kind) {
      case 'char':
        return lit(i.ch, true);
      case 'range':
        return `${lit(i.from, true)}-${lit(i.to, true)}`;
      case 'shorthand':
        if (!d.shorthands) throw new UnsupportedConstruct('regex.shorthand', `\\${i.name} has no equivalent in ${d.name} regular expressions`);
        return `\\${i.name}`;
    }
  };
  const atomic = (n: RegexNode): boolean =>
    n.kind === 'char' || n.kind === 'any' || n.kind === 'class' || n.kind === 'shorthand' || n.kind === 'group';
  const walk = (n: RegexNode): string => {
    switch (n.kind) {
      case 'seq':
        return n.items.map((x) => (x.kind === 'alt' ? `(?:${walk(x)})` : walk(x))).join('');
      case 'alt':
        return n.items.map(walk).join('|');
      case 'char':
        return lit(n.ch, false);
      case 'any':
        return '.';
      case 'class':
        return `[${n.negated ? '^' : ''}${n.items.map(classItem).join('')}]`;
      case 'shorthand':
        if (!d.shorthands) throw new UnsupportedConstruct('regex.shorthand', `\\${n.name} has no equivalent in ${d.name} regular expressions`);
        return `\\${n.name}`;
      case 'group':
        return n.capture ? `${d.namedGroup(n.capture)}${walk(n.item)})` : `(?:${walk(n.item)})`;
      case 'repeat': {
        if (n.lazy && !d.lazy) throw new UnsupportedConstruct('regex.lazy', `lazy quantifiers have no equivalent in ${d.name} regular expressions`);
        const body = atomic(n.item) ? walk(n.item) : `(?:${walk(n.item)})`;
        const q =
          n.min === 0 && n.max === undefined ? '*'
          : n.min === 1 && n.max === undefined ? '+'
          : n.min === 0 && n.max === 1 ? '?'
          : n.max === n.min ? `{${n.min}}`
          : `{${n.min},${n.max ?? ''}}`;
        return body + q + (n.lazy ? '?' : '');
      }
      case 'assert':
        if (!d.assertions) throw new UnsupportedConstruct('regex.assertion', `anchors and word boundaries have no equivalent in ${d.name} regular expressions`);
        return { start: d.textAnchors?.start ?? '^', end: d.textAnchors?.end ?? '$', wordBoundary: '\\b', notWordBoundary: '\\B' }[n.name];
      case 'caseInsensitive':
        if (!d.inlineCaseInsensitive) throw new UnsupportedConstruct('regex.case-insensitive', `(?i) has no equivalent in ${d.name} regular expressions`);
        return `(?i)${walk(n.item)}`;
    }
  };
  return walk(node);
}

/** Named groups nested in named groups are refused by Sumo Logic; callers check with this. */
export function hasNestedCapture(node: RegexNode, inside = false): boolean {
  switch (node.kind) {
    case 'seq':
    case 'alt':
      return node.items.some((n) => hasNestedCapture(n, inside));
    case 'group':
      if (node.capture && inside) return true;
      return hasNestedCapture(node.item, inside || node.capture !== undefined);
    case 'repeat':
    case 'caseInsensitive':
      return hasNestedCapture(node.item, inside);
    default:
      return false;
  }
}
