// Encoders for each context of a Lucene query_string in Grafana's Elasticsearch datasource.
// Two layers meet in one printed string: Lucene's classic query parser (query-languages.md
// §2.4) and Grafana's textual variable interpolation ($var, ${var}, [[var]] — §2.7, §6), which
// runs over the query before Elasticsearch sees it and has no escape of its own. A user value
// reaches a query only through one of these encoders.

import { UnsupportedConstruct } from '../fidelity.js';
import type { GlobPart, VariableRef } from '../nodes.js';
import { literal } from '../regex/ast.js';
import type { RegexDialect } from '../regex/print.js';
import { printRegex } from '../regex/print.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Grafana's template-variable syntax, as its template service matches it (`\w` is ASCII). */
export const GRAFANA_VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

/**
 * Characters the query_string lexer treats as syntax in unquoted text (§2.4), plus `&` and `|`
 * for `&&`/`||`. `<` and `>` are missing on purpose: a backslash does not protect them (the
 * range check runs after unescaping), so callers refuse them or use a regex instead.
 */
const RESERVED_UNQUOTED = new Set(Array.from('+-=&|!(){}[]^"~*?:\\/'));
/** Lucene splits terms on these; JavaScript's \s is a superset, and escaping a space is harmless. */
const WHITESPACE = /\s/u;

function checkUnicode(value: string, what: string): void {
  if (LONE_SURROGATE.test(value)) {
    throw new UnsupportedConstruct('lucene.invalid-unicode', `${what} contains a lone surrogate, which is not valid Unicode text`);
  }
}

/**
 * A quoted phrase `"..."`, for terms, phrases and field values. Lucene needs only `\` and `"`
 * escaped. For Grafana: `$` becomes Lucene's unicode escape `\u0024` (no `$` is left for
 * either interpolation pass to match), and every `[` is backslash-escaped so that `[[x]]`
 * never appears. Lucene unescapes both (`\X` is X, `\uXXXX` the code unit) inside quotes.
 * Whitespace and control characters stay raw: they are legal inside quotes and the query
 * travels as a JSON string.
 */
export function lucenePhrase(value: string, what: string): string {
  checkUnicode(value, what);
  let out = '';
  for (const ch of value) {
    if (ch === '\\' || ch === '"' || ch === '[') out += `\\${ch}`;
    else if (ch === '$') out += '\\u0024';
    else out += ch;
  }
  return `"${out}"`;
}

/**
 * A field name before `:` (or after `_exists_:`). Reserved characters and whitespace are
 * backslash-escaped; a name that Grafana would read as a variable, or that holds `*` (an
 * Elasticsearch field pattern even when escaped), `<`, `>` or a control character, is refused.
 */
export function luceneField(name: string): string {
  const what = `field name ${JSON.stringify(name)}`;
  checkFieldText(name, what);
  if (name === '_exists_') throw new UnsupportedConstruct('lucene.field-name', `${what} is query_string's existence syntax, not a field`);
  if (/[*<>]/.test(name)) {
    throw new UnsupportedConstruct('lucene.field-name', `${what} contains *, < or >: query_string reads * in a field name as a field pattern and cannot escape < or >`);
  }
  let out = '';
  for (const ch of name) out += RESERVED_UNQUOTED.has(ch) || WHITESPACE.test(ch) ? `\\${ch}` : ch;
  // a bare AND/OR/NOT is an operator, not a name
  return /^(AND|OR|NOT)$/.test(out) ? `\\${out}` : out;
}

/**
 * A name that lands in the target's JSON rather than in the Lucene string (time field,
 * metric and bucket fields): Grafana interpolates the whole target JSON, so a name holding a
 * variable reference cannot be written.
 */
export function checkFieldText(name: string, what: string): void {
  if (name.length === 0) throw new UnsupportedConstruct('lucene.field-name', `${what} is empty`);
  checkUnicode(name, what);
  if (CONTROL.test(name)) throw new UnsupportedConstruct('lucene.field-name', `${what} contains a control character`);
  if (new RegExp(GRAFANA_VARIABLE.source).test(name)) {
    throw new UnsupportedConstruct('lucene.field-name', `${what} contains text Grafana substitutes as a variable ($name, \${name} or [[name]]); Grafana has no escape for it`);
  }
}

/**
 * A glob as one unquoted wildcard term: literal parts have every reserved character and
 * whitespace backslash-escaped, wildcards print as `*`. Returns undefined when a literal part
 * holds `<` or `>` (unescapable) or `$`: a `$` before a name needs a backslash on the next
 * character, and Lucene's two wildcard paths disagree on `\u` (the prefix path reads a
 * unicode escape, the wildcard path a literal u), so such globs use `luceneGlobRegex`.
 */
export function luceneGlob(parts: readonly GlobPart[], what: string): string | undefined {
  let out = '';
  for (const part of parts) {
    if (typeof part !== 'string') {
      out += '*';
      continue;
    }
    checkUnicode(part, what);
    if (/[<>$]/.test(part)) return undefined;
    for (const ch of part) out += RESERVED_UNQUOTED.has(ch) || WHITESPACE.test(ch) ? `\\${ch}` : ch;
  }
  return /^(AND|OR|NOT)$/.test(out) ? `\\${out}` : out;
}

/**
 * Lucene regexp (anchored; with query_string's flags `# @ & < > ~` are operators too). Only
 * punctuation is backslash-escaped: `\d`, `\s`, `\w` are classes in recent Lucene, so letters
 * never are. Two characters are printed as one-character classes: `$` (so that Grafana
 * never sees `$name`) and `\` (so that an escaped backslash is never followed by the closing
 * `/`, which the query_string lexer would read as `\/`).
 */
export const LUCENE_REGEX: RegexDialect = {
  name: 'Lucene',
  // Lucene groups do not capture; nothing printed here has named groups.
  namedGroup: () => '(',
  hexEscape: (ch) => ch === '$' || ch === '\\',
  hex: (cp) => (cp === 0x5c ? '[\\\\]' : `[${String.fromCodePoint(cp)}]`),
  meta: new Set(Array.from('.?+*|{}[]()"#@&<>~/^-')),
  classMeta: new Set(Array.from('\\]^-[')),
  shorthands: false,
  assertions: false,
  lazy: false,
  inlineCaseInsensitive: false,
};

/** A glob as `/regexp/`: literal parts matched exactly, wildcards as `.*`; the whole value must match. */
export function luceneGlobRegex(parts: readonly GlobPart[], what: string): string {
  const body = parts
    .map((part) => {
      if (typeof part !== 'string') return '.*';
      checkUnicode(part, what);
      return printRegex(literal(part), LUCENE_REGEX);
    })
    .join('');
  return `/${body}/`;
}

/** Numbers in plain decimal notation; query_string has no exponent form. */
export function luceneNumber(n: number): string {
  const s = String(n);
  if (!Number.isFinite(n) || !/^-?\d+(\.\d+)?$/.test(s)) {
    throw new UnsupportedConstruct('lucene.number', `the number ${s} cannot be written in plain decimal notation`);
  }
  return s;
}

/** A number standing alone as a term: a leading `-` would be the prohibit operator. */
export function luceneNumberTerm(n: number): string {
  const s = luceneNumber(n);
  return s.startsWith('-') ? `\\${s}` : s;
}

/** A one-sided range on a number, `>=500`: Elasticsearch reads the operator at the start of the term. */
export function luceneRange(op: '<' | '<=' | '>' | '>=', n: number): string {
  return `${op}${luceneNumber(n)}`;
}

/**
 * A dashboard variable, interpolated by Grafana with its `lucene` format: one value is
 * backslash-escaped as unquoted text, several become `("a" OR "b")`.
 */
export function grafanaLuceneVariable(v: VariableRef): string {
  if (!/^\w+$/.test(v.name)) {
    throw new UnsupportedConstruct('lucene.variable-name', `variable ${JSON.stringify(v.name)} cannot be referenced in Grafana: the name must be letters, digits and underscores`);
  }
  return `\${${v.name}:lucene}`;
}

/**
 * A Grafana variable regex (the variable's "Regex" option) that keeps only values Grafana's
 * lucene format inserts as exactly one literal term: not number-like (left unescaped), not a
 * bare AND/OR/NOT, not starting with < or > (a range, even escaped), and without `$name` or
 * `${` (Grafana interpolates the target twice). Anchored, with no capturing group, so Grafana
 * keeps whole values.
 */
export const LUCENE_VARIABLE_VALUE_REGEX =
  '/^(?!\\s*$)' +
  '(?!\\s*[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?|Infinity)\\s*$)' +
  '(?!\\s*0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)\\s*$)' +
  '(?!(?:AND|OR|NOT)$)(?![<>])(?![\\s\\S]*\\$[\\w{])[\\s\\S]*$/';

/** Why Grafana's lucene format would not insert `value` as one literal term, or undefined. */
export function luceneVariableValueProblem(value: string): string | undefined {
  if (!Number.isNaN(+value)) return 'Grafana inserts number-like values (and empty or blank ones) unescaped';
  if (/^(AND|OR|NOT)$/.test(value)) return 'Grafana does not escape the operators AND, OR and NOT';
  if (/^[<>]/.test(value)) return 'Elasticsearch reads a leading < or > as a range even when escaped';
  if (/\$[\w{]/.test(value)) return 'Grafana interpolates the target twice, so $name in a value is substituted again';
  return undefined;
}
