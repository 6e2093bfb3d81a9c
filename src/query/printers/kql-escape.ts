// Encoders for each context of KQL (Kibana Query Language). A user value reaches a KQL
// filter only through one of these. Grammar facts are from elastic/kibana
// packages/kbn-es-query/grammar/grammar.peggy (query-languages.md §2.3); what Kibana then
// sends to Elasticsearch is from packages/kbn-es-query/src/kuery (functions/is.ts,
// node_types/wildcard.ts).

import { UnsupportedConstruct } from '../fidelity.js';
import type { GlobPart } from '../nodes.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Written as \uXXXX: control, invisible and unusual space characters stay visible and one line. */
const INVISIBLE = /^[\u0000-\u001f\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff0-\uffff]$/;
/** `SpecialCharacter` in the grammar: reserved outside quotes, written `\c` there. */
const SPECIAL = new Set(Array.from('\\():<>"*{}'));
/**
 * Kibana sends wildcard values through an Elasticsearch `query_string` query, which splits
 * terms on these characters (Lucene classic query parser `_WHITESPACE`); no escape exists.
 */
const QUERY_STRING_WHITESPACE = /[ \t\n\r\u3000]/;
/** Kibana marks wildcards inside a parsed value with this text (node_types/wildcard.ts). */
const WILDCARD_MARKER = 'kuery-wildcard';
/**
 * Field names that need no quotes. Not the keywords or the literals null/true/false, and not
 * ending in `not`: before the space of `f >= 5` the grammar would read `not ` as the keyword.
 */
const BARE_FIELD = /^@?[A-Za-z_][A-Za-z0-9_.-]*$/;
const RESERVED_BARE = /^(and|or|null|true|false)$|not$/i;

export function checkKqlText(value: string, what: string): void {
  if (LONE_SURROGATE.test(value)) {
    throw new UnsupportedConstruct('kql.invalid-unicode', `${what} contains a lone surrogate, which is not valid Unicode text`);
  }
}

function unicodeEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A quoted value: `"..."`. The grammar's only escapes are `\\`, `\"`, `\t`, `\r`, `\n` and
 * `\uXXXX`; every other character is literal (no wildcard, no keyword). A backslash is
 * always doubled, because `\n`, `\t`, `\r` and `\u` would otherwise start an escape.
 */
export function kqlQuoted(value: string, what: string): string {
  checkKqlText(value, what);
  let out = '"';
  for (const ch of value) {
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (INVISIBLE.test(ch)) out += unicodeEscape(ch);
    else out += ch;
  }
  return `${out}"`;
}

/** A field name: bare when it is a plain dotted name, otherwise quoted (never a wildcard). */
export function kqlField(name: string): string {
  if (BARE_FIELD.test(name) && !RESERVED_BARE.test(name)) return name;
  const what = `field name ${JSON.stringify(name)}`;
  if (name.length === 0 || CONTROL.test(name)) {
    throw new UnsupportedConstruct('kql.field-name', `${what} is empty or contains a control character, which no Elasticsearch field name holds`);
  }
  return kqlQuoted(name, what);
}

/** Numbers in plain decimal notation (range values and numeric equality are unquoted). */
export function kqlNumber(n: number): string {
  const s = String(n);
  if (!/^-?\d+(\.\d+)?$/.test(s)) {
    throw new UnsupportedConstruct('kql.number', `the number ${s} cannot be written in plain decimal notation`);
  }
  return s;
}

/** A value compared with `:`: strings quoted, numbers and booleans bare. */
export function kqlScalar(value: string | number | boolean, what: string): string {
  if (typeof value === 'number') return kqlNumber(value);
  if (typeof value === 'boolean') return String(value);
  return kqlQuoted(value, what);
}

/**
 * Literal text inside an unquoted wildcard value. Every special character gets a backslash;
 * the keyword `not` (which ends an unquoted literal wherever a space follows it, even after
 * letters) has its first letter written as `\u006e`/`\u004e`: the grammar reads `\n` as a
 * newline before it tries the keyword escape, so `\not` would mean newline + "ot". `or`/`and`
 * standing as words get `\or`/`\and` as the KQL documentation shows.
 */
function globText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const rest = text.slice(i);
    const not = /^not/i.exec(rest);
    if (not) {
      out += unicodeEscape(rest[0]!) + rest.slice(1, 3);
      i += 3;
      continue;
    }
    const word = /^(and|or)(?![A-Za-z0-9])/i.exec(rest);
    if (word && (i === 0 || !/[A-Za-z0-9]/.test(text[i - 1]!))) {
      out += `\\${word[0]}`;
      i += word[0].length;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    if (SPECIAL.has(ch)) out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (INVISIBLE.test(ch)) out += unicodeEscape(ch);
    else out += ch;
    i += ch.length;
  }
  return out;
}

/**
 * An unquoted wildcard value: `*` only from the pattern's structure, literal text escaped.
 * Refuses what Kibana would widen: whitespace (query_string would split the pattern into
 * OR-ed terms; KQL also trims it at the ends) and Kibana's internal wildcard marker.
 */
export function kqlGlob(pattern: readonly GlobPart[], what: string): string {
  const texts = pattern.filter((p): p is string => typeof p === 'string');
  for (const t of texts) {
    checkKqlText(t, what);
    if (QUERY_STRING_WHITESPACE.test(t)) {
      throw new UnsupportedConstruct('kql.glob-whitespace', `${what}: Kibana runs wildcard patterns as a query_string query, which splits them at whitespace into separate OR-ed terms; a pattern with spaces, tabs or line breaks cannot be expressed`);
    }
    if (t.includes(WILDCARD_MARKER)) {
      throw new UnsupportedConstruct('kql.glob-wildcard-marker', `${what} contains "${WILDCARD_MARKER}", which Kibana uses internally to mark wildcards and would turn into one`);
    }
  }
  const first = pattern[0];
  const last = pattern[pattern.length - 1];
  if ((typeof first === 'string' && /^\s/.test(first)) || (typeof last === 'string' && /\s$/.test(last))) {
    throw new UnsupportedConstruct('kql.glob-whitespace', `${what} starts or ends with whitespace, which KQL trims from unquoted values`);
  }
  return pattern.map((p) => (typeof p === 'string' ? globText(p) : '*')).join('');
}
