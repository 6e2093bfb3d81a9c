// Encoders for each context of the Sumo Logic search language. A user value reaches a
// query only through one of these.

import { UnsupportedConstruct } from '../fidelity.js';
import type { RegexDialect } from '../regex/print.js';
import { PERL_LIKE, perlDialect } from '../regex/print.js';

const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Rejects what no Sumo string can carry. */
export function checkSumoText(value: string, what: string): void {
  if (LONE_SURROGATE.test(value)) {
    throw new UnsupportedConstruct('sumo.invalid-unicode', `${what} contains a lone surrogate, which is not valid Unicode text`);
  }
  if (value.includes('{{')) {
    throw new UnsupportedConstruct(
      'sumo.template-collision',
      `${what} contains "{{", which Sumo Logic dashboards substitute as a variable; it cannot be escaped`,
    );
  }
}

/**
 * A double-quoted string literal (keywords, phrases, metadata values, `where` strings,
 * parse anchors): `\` and `"` are backslash-escaped. Control characters are refused; in
 * keyword search the caller may first fold whitespace (Sumo normalises it anyway).
 */
export function sumoQuoted(value: string, what: string): string {
  checkSumoText(value, what);
  if (CONTROL.test(value)) {
    throw new UnsupportedConstruct('sumo.control-character', `${what} contains a control character, which a Sumo Logic string cannot hold`);
  }
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Field names: bare when they are plain identifiers, else `%"name"`. */
export function sumoField(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name;
  checkSumoText(name, `field name ${JSON.stringify(name)}`);
  if (CONTROL.test(name)) throw new UnsupportedConstruct('sumo.control-character', `field name ${JSON.stringify(name)} contains a control character`);
  return `%"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Text that may stand unquoted next to a wildcard in the scope (`_sourceHost=web-*`). */
export function isBareScopeText(text: string): boolean {
  return /^[A-Za-z0-9._:/-]+$/.test(text) && !/^(and|or|not)$/i.test(text);
}

/**
 * Sumo regexes (RE2/Java) sit inside a double-quoted string whose backslash rules are only
 * documented for `\"`. So the printed regex never contains `"` or a literal backslash: both
 * become hex escapes, which the string layer passes through untouched, and every other
 * escape is a regex escape such as `\.`.
 */
export const SUMO_REGEX: RegexDialect = perlDialect({
  name: 'Sumo Logic',
  namedGroup: (name) => `(?<${name}>`,
  hexEscape: (ch) => ch === '"' || ch === '\\' || ch === '/' || PERL_LIKE.isInvisible(ch),
});

/** A regex in a double-quoted string, as `parse regex "..."` takes it. */
export function sumoRegexString(printedRegex: string): string {
  return `"${printedRegex}"`;
}

/** A JSON path for `json "..."`: simple keys dotted, others in ['...'] brackets. */
export function sumoJsonPath(path: readonly (string | number)[]): string {
  const out = path.map((seg, i) => {
    if (typeof seg === 'number') return `[${seg}]`;
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) return i === 0 ? seg : `.${seg}`;
    checkSumoText(seg, `JSON key ${JSON.stringify(seg)}`);
    if (/['"\\]/.test(seg) || CONTROL.test(seg)) {
      throw new UnsupportedConstruct('sumo.json-key', `JSON key ${JSON.stringify(seg)} contains a quote, backslash or control character, which Sumo Logic's json path syntax cannot express`);
    }
    return `['${seg}']`;
  });
  return `"${out.join('')}"`;
}

/** Numbers in plain decimal notation; exponent forms are not part of the language. */
export function sumoNumber(n: number): string {
  const s = String(n);
  if (!/^-?\d+(\.\d+)?$/.test(s)) {
    throw new UnsupportedConstruct('sumo.number', `the number ${s} cannot be written in plain decimal notation`);
  }
  return s;
}
