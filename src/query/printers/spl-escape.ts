// Encoders for each context of Splunk's search language, as it appears in a dashboard
// (Simple XML or Dashboard Studio): there `$` starts a token, so every literal `$` is `$$`.

import { UnsupportedConstruct } from '../fidelity.js';
import type { RegexDialect } from '../regex/print.js';
import { perlDialect } from '../regex/print.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkText(value: string, what: string): void {
  if (LONE_SURROGATE.test(value)) throw new UnsupportedConstruct('spl.invalid-unicode', `${what} contains a lone surrogate, which is not valid Unicode text`);
  if (value.includes('\u0000')) throw new UnsupportedConstruct('spl.control-character', `${what} contains a NUL character`);
}

/** Dashboard token layer: a literal `$` is written `$$`. */
function dollars(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

/**
 * A double-quoted string (search terms, field values, eval strings, rex patterns): `\` and `"`
 * are backslash-escaped. Control characters are refused; callers fold whitespace first where
 * the context allows it.
 */
export function splQuoted(value: string, what: string): string {
  checkText(value, what);
  if (CONTROL.test(value)) throw new UnsupportedConstruct('spl.control-character', `${what} contains a control character, which a Splunk search string cannot hold`);
  return `"${dollars(value.replace(/[\\"]/g, (c) => `\\${c}`))}"`;
}

/** A field name in the search command, stats, bin, sort and spath: bare, or double-quoted. */
export function splField(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) return name;
  return splQuoted(name, `field name ${JSON.stringify(name)}`);
}

/** A field name inside an eval expression (where, match, isnotnull): `.` concatenates there. */
export function splEvalField(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name;
  checkText(name, `field name ${JSON.stringify(name)}`);
  if (/['\\]/.test(name) || CONTROL.test(name)) {
    throw new UnsupportedConstruct('spl.field-name', `field name ${JSON.stringify(name)} holds a quote or backslash, which an eval expression cannot quote`);
  }
  return `'${dollars(name)}'`;
}

/** Numbers in plain decimal notation. */
export function splNumber(n: number): string {
  const s = String(n);
  if (!/^-?\d+(\.\d+)?$/.test(s)) throw new UnsupportedConstruct('spl.number', `the number ${s} cannot be written in plain decimal notation`);
  return s;
}

/** PCRE as rex, regex and match() read it; invisible characters become hex escapes. */
export const SPL_REGEX: RegexDialect = perlDialect({ name: 'Splunk (PCRE)', namedGroup: (name) => `(?<${name}>` });

/** A regex in a double-quoted SPL string: the regex's own backslashes are doubled. */
export function splRegexString(printedRegex: string, what: string): string {
  return splQuoted(printedRegex, what);
}

/** An spath path: keys joined by dots, array indexes as {n}. */
export function splSpathPath(path: readonly (string | number)[]): string {
  const text = path
    .map((seg, i) => {
      if (typeof seg === 'number') return `{${seg}}`;
      if (!/^[A-Za-z0-9_@:-]+$/.test(seg)) {
        throw new UnsupportedConstruct('spl.json-key', `JSON key ${JSON.stringify(seg)} contains characters that an spath path cannot express`);
      }
      return i === 0 ? seg : `.${seg}`;
    })
    .join('');
  return splQuoted(text, 'spath path');
}
