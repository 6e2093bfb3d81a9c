import type { RegexDialect } from './print.js';
import { PERL_LIKE } from './print.js';

/**
 * Grok (Elasticsearch ES|QL GROK and Painless runtime fields) runs Joni, Oniguruma's Ruby
 * syntax over UTF-8:
 * - `%` is always a hex escape, so no literal, class or quantifier can form `%{`, grok's
 *   pattern reference;
 * - code points are written `\x{h}` (in a UTF-8 Oniguruma regex `\xHH` is a byte);
 * - `^` and `$` match at every line there, so the start and end of the text are `\A` and `\z`.
 */
export const GROK_REGEX: RegexDialect = {
  name: 'grok (Oniguruma)',
  namedGroup: (name) => `(?<${name}>`,
  hexEscape: (ch) => ch === '%' || PERL_LIKE.isInvisible(ch),
  hex: (cp) => `\\x{${cp.toString(16)}}`,
  meta: PERL_LIKE.meta,
  classMeta: PERL_LIKE.classMeta,
  shorthands: true,
  assertions: true,
  lazy: true,
  inlineCaseInsensitive: true,
  textAnchors: { start: '\\A', end: '\\z' },
};
