// The hostile-value corpus (query-languages.md §2.8) and the property every printer must
// keep: a value lands in exactly one literal and the rest of the query does not move.

import assert from 'node:assert/strict';
import fc from 'fast-check';

export const HOSTILE: readonly string[] = [
  '"', "'", '`', '\\', 'trailing\\', '\\"', '|', '||', '*', '?', '%', '_', '(', ')', '[', ']', '{', '}',
  '{{x}}', '$x$', '${x}', '$__range', '[[x]]', '?_tstart', ':', '=', '!=', '<', '>', '!', '#', '//', '/*', '*/',
  '%{x}', '<x>', ']]>', '\\b', '\\d', '.*', '(?i)', 'AND', 'OR', 'NOT', 'and', 'or', 'not', 'by', 'as', '-1', '1e5',
  ' 1', '0x10', 'Infinity', '', '\n', '\r', '\t', '\u0000', '\u2028', '\ufeff', '\ud800', 'é', '日本', '🔥',
  'x'.repeat(10_000), 'a" | delete', '") OR ("1"="1', "' OR '1'='1", 'x | count by _sourceHost', 'a\nb', 'a  b',
];

const SPECIAL = Array.from('"\'`\\|*?%_()[]{}$:=!<>#/-.,;@&^~+ \n\t\r') as string[];

/** Hostile corpus entries, special-character soup and arbitrary Unicode (incl. lone surrogates). */
export function hostileValue(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 4, arbitrary: fc.array(fc.oneof(fc.constantFrom(...SPECIAL), fc.constantFrom(...HOSTILE.slice(0, 50))), { minLength: 1, maxLength: 12 }).map((a) => a.join('')) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }) },
  );
}

export interface Lexed {
  readonly kind: string;
  readonly text: string;
  readonly value?: string;
}

/**
 * `actual` must equal `benign` token for token, except exactly one token that is a literal of
 * `literalKinds` whose decoded value is `expected`.
 */
export function assertSingleLiteral(actual: readonly Lexed[], benign: readonly Lexed[], literalKinds: readonly string[], check: (t: Lexed) => boolean, context: string): void {
  assert.equal(actual.length, benign.length, `${context}: token count changed\n${actual.map((t) => t.text).join(' ␣ ')}\nvs\n${benign.map((t) => t.text).join(' ␣ ')}`);
  const differing = actual.flatMap((t, i) => (t.text === benign[i]!.text && t.kind === benign[i]!.kind ? [] : [i]));
  assert.ok(differing.length <= 1, `${context}: more than one token changed: ${differing.map((i) => actual[i]!.text).join(', ')}`);
  const i = differing[0];
  if (i === undefined) return; // the value equals the benign one in print
  assert.ok(literalKinds.includes(actual[i]!.kind) && actual[i]!.kind === benign[i]!.kind, `${context}: token ${actual[i]!.text} is not a literal`);
  assert.ok(check(actual[i]!), `${context}: literal ${actual[i]!.text} does not hold the value`);
}

/** Runs enough cases for the suite's budget; FAST_CHECK_RUNS overrides. */
export function runs(n: number): number {
  return Number(process.env.FAST_CHECK_RUNS ?? n);
}
