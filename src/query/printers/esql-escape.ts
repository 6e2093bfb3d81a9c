// Encoders for each context of ES|QL (Elasticsearch Query Language). A user value reaches a
// query only through one of these. Lexer facts come from ES|QL's ANTLR grammar
// (lexer/Expression.g4, lexer/From.g4), summarised in query-languages.md §2.5.

import { UnsupportedConstruct } from '../fidelity.js';
import type { AnchorPart, Duration, GlobPart } from '../nodes.js';
import type { RegexDialect } from '../regex/print.js';
import { PERL_LIKE } from '../regex/print.js';

/** Control characters other than tab, LF and CR: the grammar would pass them raw, but no reader could see them. */
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Words the expression-mode lexer turns into keywords (plus command words, to be safe). */
const KEYWORDS: ReadonlySet<string> = new Set([
  'and', 'or', 'not', 'in', 'is', 'like', 'rlike', 'null', 'nulls', 'true', 'false', 'asc', 'desc',
  'first', 'last', 'by', 'as', 'on', 'with', 'where', 'metadata', 'from', 'sort', 'limit', 'stats',
  'eval', 'keep', 'drop', 'rename', 'dissect', 'grok', 'enrich', 'row', 'show', 'lookup', 'join', 'mv_expand',
]);

function checkText(value: string, what: string): void {
  if (LONE_SURROGATE.test(value)) {
    throw new UnsupportedConstruct('esql.invalid-unicode', `${what} contains a lone surrogate, which is not valid Unicode text`);
  }
  if (FORBIDDEN_CONTROL.test(value)) {
    throw new UnsupportedConstruct('esql.control-character', `${what} contains a control character other than tab, newline or carriage return; an ES|QL string cannot show it`);
  }
}

/**
 * A double-quoted string literal. The lexer knows exactly five escapes (`\\ \" \n \r \t`);
 * any other backslash sequence is a syntax error and a raw CR/LF ends the query line, so
 * those are the only characters encoded. Triple quotes are never used for user data.
 */
export function esqlString(value: string, what: string): string {
  checkText(value, what);
  const body = value.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
  return `"${body}"`;
}

const BARE_SEGMENT = /^(?:[A-Za-z][A-Za-z0-9_]*|[_@][A-Za-z0-9_]+)$/;

/** Whether `name` can stand unquoted: every dot-separated segment is a plain, non-keyword identifier. */
export function isBareEsqlIdentifier(name: string): boolean {
  return name.split('.').every((s) => BARE_SEGMENT.test(s) && !KEYWORDS.has(s.toLowerCase()));
}

/** A column or field name: bare when the lexer reads it as one identifier, else in backticks with ` doubled. */
export function esqlIdentifier(name: string, what = `field name ${JSON.stringify(name)}`): string {
  if (isBareEsqlIdentifier(name)) return name;
  if (name.length === 0) throw new UnsupportedConstruct('esql.identifier', `${what} is empty`);
  if (LONE_SURROGATE.test(name) || ANY_CONTROL.test(name)) {
    throw new UnsupportedConstruct('esql.identifier', `${what} contains a control character or a lone surrogate, which an ES|QL identifier cannot carry safely`);
  }
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * A named query parameter (`?host`), bound by a Kibana ES|QL control. Names starting with `_`
 * are left to Kibana itself (`?_tstart`, `?_tend`).
 */
export function esqlParam(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    throw new UnsupportedConstruct('esql.parameter-name', `variable ${JSON.stringify(name)} cannot be an ES|QL parameter: expected a letter followed by letters, digits or underscores`);
  }
  return `?${name}`;
}

/** Numbers as the lexer reads them (`5`, `2.5`, `1e+21`); a leading minus is ES|QL's unary minus. */
export function esqlNumber(n: number): string {
  const s = String(n);
  if (!Number.isFinite(n) || !/^-?\d+(\.\d+)?(e[+-]\d+)?$/.test(s)) {
    throw new UnsupportedConstruct('esql.number', `the number ${s} cannot be written as an ES|QL literal`);
  }
  return s;
}

/**
 * A LIKE pattern, two layers: first the wildcard layer (`*` and `?` are wildcards, `\`
 * escapes them and itself), then the string layer. A literal `a*b` prints `"a\\*b"`.
 */
export function esqlLikePattern(parts: readonly GlobPart[], what: string): string {
  const wildcard = parts.map((p) => (typeof p === 'string' ? p.replace(/[\\*?]/g, (c) => `\\${c}`) : '*')).join('');
  return esqlString(wildcard, what);
}

const INDEX_PART = /^-?[A-Za-z0-9_.*+][A-Za-z0-9_.*+-]*$/;

/**
 * A data view title for FROM: comma-separated index patterns, each optionally prefixed by a
 * remote cluster (`cluster:logs-*`). Only characters valid in index names are accepted; the
 * lone word `metadata` is a FROM keyword and is quoted.
 */
export function esqlIndexPattern(dataView: string, what: string): string {
  const patterns = dataView.split(',').map((p) => p.trim());
  return patterns
    .map((p) => {
      const pieces = p.split(':');
      if (pieces.length > 2 || !pieces.every((x) => INDEX_PART.test(x))) {
        throw new UnsupportedConstruct(
          'esql.index-pattern',
          `${what}: index pattern ${JSON.stringify(p)} is not a plain index pattern (letters, digits, _ . * + - and an optional cluster: prefix); ES|QL FROM cannot take it safely`,
        );
      }
      return pieces.some((x) => x.toLowerCase() === 'metadata') ? esqlString(p, what) : p;
    })
    .join(', ');
}

/** DISSECT key names and GROK group names: plain identifiers (no dissect modifiers, no grok `:`). */
export function checkCaptureName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new UnsupportedConstruct('esql.capture-name', `capture ${JSON.stringify(name)} cannot name a DISSECT key or GROK group: expected letters, digits and underscores`);
  }
  return name;
}



const SPAN_UNITS = { s: ['second', 1], m: ['minute', 1], h: ['hour', 1], d: ['hour', 24], w: ['hour', 168] } as const;

/**
 * A time span literal for BUCKET/DATE_TRUNC. Days and weeks are printed in hours: `1 day` is a
 * calendar period in ES|QL (DST-aware), while the neutral `d`/`w` are fixed 24 h / 7 d.
 */
export function esqlTimeSpan(d: Duration): string {
  const [unit, factor] = SPAN_UNITS[d.unit];
  const n = d.n * factor;
  return `${esqlNumber(n)} ${unit}${n === 1 ? '' : 's'}`;
}
