// Encoders for each context of LogQL as Grafana sends it to Loki. A user value reaches an
// expression only through one of these.
//
// One rule for literals: every string is double-quoted and written by `logqlString`. Loki
// reads it as a Go string (unknown escapes such as `\d` are errors, `\b` is a backspace),
// and Grafana interpolates `$var`, `${var}` and `[[var]]` in the raw text first, with no
// escape of its own: so `$` is always the Go escape `\x24` and the second `[` of `[[` is
// `\x5b`. Backticks are used for one thing only, Grafana variables (see `logqlVariable`).

import { UnsupportedConstruct } from '../fidelity.js';
import type { Duration, VariableRef } from '../nodes.js';
import type { RegexDialect } from '../regex/print.js';
import { perlDialect } from '../regex/print.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Written as `\uXXXX` so that the expression stays printable; all are valid Go escapes. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Words Loki's lexer always reads as keywords (case-insensitively), so never as a label. */
const LOKI_KEYWORDS: ReadonlySet<string> = new Set([
  'by', 'without', 'bool', 'label_replace', 'offset', 'on', 'ignoring', 'group_left', 'group_right',
  'or', 'and', 'unless', 'json', 'regexp', 'logfmt', 'unpack', 'pattern', 'label_format', 'line_format',
  'ip', 'decolorize', 'drop', 'keep', 'unwrap',
]);
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function checkUnicode(value: string, what: string): void {
  if (LONE_SURROGATE.test(value)) {
    throw new UnsupportedConstruct('logql.invalid-unicode', `${what} contains a lone surrogate, which is not valid Unicode text (Loki rejects invalid UTF-8)`);
  }
}

/**
 * A double-quoted Go string literal: `\` `"` and control characters are escaped (only escapes
 * Go accepts), `$` becomes `\x24` and `[[` becomes `[\x5b` so that Grafana finds no variable.
 */
export function logqlString(value: string, what: string): string {
  checkUnicode(value, what);
  let out = '"';
  let previous = '';
  for (const ch of value) {
    if (SHORT_ESCAPES[ch] !== undefined) out += SHORT_ESCAPES[ch];
    else if (ch === '$') out += '\\x24';
    else if (ch === '[' && previous === '[') out += '\\x5b';
    else if (INVISIBLE.test(ch)) out += `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`;
    else out += ch;
    previous = ch;
  }
  return `${out}"`;
}

/** Label names (stream labels, extracted labels, `by (...)`, `unwrap`): plain identifiers only. */
export function logqlLabel(name: string, what: string): string {
  if (!LABEL.test(name)) {
    throw new UnsupportedConstruct('logql.label-name', `${what}: ${JSON.stringify(name)} is not a LogQL label name ([a-zA-Z_][a-zA-Z0-9_]*)`);
  }
  if (LOKI_KEYWORDS.has(name.toLowerCase())) {
    throw new UnsupportedConstruct('logql.label-name', `${what}: ${JSON.stringify(name)} is a LogQL keyword and cannot be used as a label name`);
  }
  if (name.startsWith('__')) {
    throw new UnsupportedConstruct('logql.label-name', `${what}: ${JSON.stringify(name)} starts with "__", which Loki reserves for internal labels such as __error__`);
  }
  return name;
}

/**
 * RE2 as Loki compiles it. Invisible characters become hex escapes; the result is then
 * string-encoded by `logqlString` (so regex `\.` is written `"\\."`).
 */
export const LOKI_REGEX: RegexDialect = perlDialect({ name: 'Loki (RE2)', namedGroup: (name) => `(?P<${name}>` });

/** Matches one capture of a `pattern` template: such literal text would become a capture. */
const PATTERN_CAPTURE = /<[A-Za-z_][A-Za-z0-9_]*>/;

/**
 * The template of `| pattern`, or undefined when the parts cannot be written as one: literal
 * text that reads as `<name>`, or two captures with nothing between them. Literals are
 * verbatim (the pattern language has no escapes); the caller string-encodes the result.
 */
export function logqlPatternTemplate(parts: readonly (string | { readonly capture: string })[]): string | undefined {
  let out = '';
  let previousWasCapture = false;
  for (const part of parts) {
    if (typeof part === 'string') {
      checkUnicode(part, 'parse text');
      // A marker cannot straddle a join (the text next to a capture marker starts or ends
      // outside `<name>`), so checking each piece of text on its own is enough.
      if (PATTERN_CAPTURE.test(part)) return undefined;
      out += part;
      previousWasCapture = false;
    } else {
      if (previousWasCapture) return undefined;
      out += `<${logqlLabel(part.capture, 'parse capture')}>`;
      previousWasCapture = true;
    }
  }
  // `pattern` anchors at the start of the line; a Sumo-style parse searches for its first text.
  return typeof parts[0] === 'string' ? `<_>${out}` : out;
}

/**
 * A `| json` path: plain keys dotted, other keys in `["..."]`, indices in `[n]`. Loki's path
 * scanner has no escapes inside `["..."]` (it stops at `"` or `]`), so keys holding those, a
 * backslash or NUL are refused. The caller string-encodes the result (the second layer).
 */
export function logqlJsonPath(path: readonly (string | number)[]): string {
  if (path.length === 0) throw new UnsupportedConstruct('logql.json-path', 'a JSON path needs at least one key');
  return path
    .map((seg, i) => {
      if (typeof seg === 'number') {
        if (!Number.isInteger(seg) || seg < 0) throw new UnsupportedConstruct('logql.json-path', `JSON index ${seg} is not a non-negative whole number`);
        return `[${seg}]`;
      }
      if (LABEL.test(seg)) return i === 0 ? seg : `.${seg}`;
      checkUnicode(seg, `JSON key ${JSON.stringify(seg)}`);
      if (seg === '' || /["\]\\\u0000]/.test(seg)) {
        throw new UnsupportedConstruct('logql.json-key', `JSON key ${JSON.stringify(seg)} is empty or contains ", ], \\ or NUL, which Loki's json path syntax cannot quote`);
      }
      return `["${seg}"]`;
    })
    .join('');
}

/** Numbers in plain decimal notation (Loki's lexer reads no exponents in label filters). */
export function logqlNumber(n: number): string {
  const s = String(n);
  if (!/^-?\d+(\.\d+)?$/.test(s)) throw new UnsupportedConstruct('logql.number', `the number ${s} cannot be written in plain decimal notation`);
  return s;
}

/** `p` percent as the 0–1 quantile, by moving the decimal point (no binary rounding: 99.9 → 0.999). */
export function logqlQuantile(p: number): string {
  if (!(p > 0 && p < 100)) throw new UnsupportedConstruct('logql.percentile', `percentile ${p} is not between 0 and 100`);
  const [int, frac = ''] = logqlNumber(p).split('.') as [string, string?];
  const padded = int.padStart(3, '0');
  const whole = padded.slice(0, -2).replace(/^0+(?=\d)/, '');
  const fraction = (padded.slice(-2) + frac).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A range or step: `5m`, `24h`, `1d` (Loki and Grafana read d and w as fixed 24h and 7d). */
export function logqlDuration(d: Duration): string {
  if (!Number.isInteger(d.n) || d.n < 1 || !/^[smhdw]$/.test(d.unit)) throw new UnsupportedConstruct('logql.duration', `invalid duration ${JSON.stringify(d)}`);
  return `${d.n}${d.unit}`;
}

/**
 * A Grafana variable as a regex, `${name:regex}`, inside backticks. Grafana's regex format
 * escapes metacharacters with single backslashes (`a\.b`), which a double-quoted LogQL string
 * rejects as unknown escapes; a raw string keeps them, and `(a|b)` makes multi-select and All
 * work. The format does not escape backticks: a value holding one would end the string, so
 * the variable's values must not contain backticks (the printer says so in a note).
 */
export function logqlVariable(v: VariableRef): string {
  if (!/^[A-Za-z0-9_]+$/.test(v.name)) {
    throw new UnsupportedConstruct('logql.variable-name', `variable name ${JSON.stringify(v.name)} is not a Grafana variable name ([A-Za-z0-9_])`);
  }
  return `\${${v.name}:regex}`;
}

/** The raw string holding a regex built around variables; constant parts are fixed ASCII. */
export function logqlVariableRegex(before: string, v: VariableRef, after: string): string {
  return `\`${before}${logqlVariable(v)}${after}\``;
}

/**
 * legendFormat: `{{label}}` placeholders from validated label names and plain text. Grafana
 * substitutes `{{...}}` and variables in it with no escape, so text with braces, brackets or
 * `$` is refused.
 */
export function logqlLegend(parts: readonly ({ readonly label: string } | string)[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') {
        if (/[{}[\]$]/.test(p)) throw new UnsupportedConstruct('logql.legend-text', `legend text ${JSON.stringify(p)} contains a brace, bracket or $, which Grafana would interpolate`);
        checkUnicode(p, 'legend text');
        return p;
      }
      return `{{${logqlLabel(p.label, 'legend label')}}}`;
    })
    .join(' ');
}
