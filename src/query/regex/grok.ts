import type { RegexDialect } from './print.js';
import { PERL_LIKE, perlDialect } from './print.js';

/**
 * Grok (Elasticsearch ES|QL GROK and Painless runtime fields) runs Joni, Oniguruma's Ruby
 * syntax over UTF-8:
 * - `%` is always a hex escape, so no literal, class or quantifier can form `%{`, grok's
 *   pattern reference;
 * - code points are written `\x{h}` (in a UTF-8 Oniguruma regex `\xHH` is a byte);
 * - `^` and `$` match at every line there, so the start and end of the text are `\A` and `\z`.
 */
export const GROK_REGEX: RegexDialect = perlDialect({
  name: 'grok (Oniguruma)',
  namedGroup: (name) => `(?<${name}>`,
  hexEscape: (ch) => ch === '%' || PERL_LIKE.isInvisible(ch),
  hex: (cp) => `\\x{${cp.toString(16)}}`,
  textAnchors: { start: '\\A', end: '\\z' },
});
