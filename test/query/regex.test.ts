import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { captureNames, literal } from '../../src/query/regex/ast.js';
import { parseRegex } from '../../src/query/regex/parse.js';
import { printRegex, type RegexDialect, PERL_LIKE } from '../../src/query/regex/print.js';
import { runs } from '../helpers/injection.js';

/** A dialect JavaScript itself understands, to check meaning by running both. */
const JS: RegexDialect = {
  name: 'JavaScript',
  namedGroup: (n) => `(?<${n}>`,
  hexEscape: PERL_LIKE.isInvisible,
  hex: (cp) => `\\u{${cp.toString(16)}}`,
  meta: PERL_LIKE.meta,
  classMeta: new Set([...PERL_LIKE.classMeta].filter((c) => c !== '&')),
  shorthands: true,
  assertions: true,
  lazy: true,
  inlineCaseInsensitive: false,
};

const samePrint = (pattern: string) => printRegex(parseRegex(pattern), JS);

describe('portable regex', () => {
  it('round-trips the supported subset', () => {
    for (const p of ['a|b', 'x(?<user>\\S+) y', '[^ "]+', '\\d{1,3}\\.\\d+?', '(?:ab)*c', '^start.*end$', '[a-z0-9_-]', '\\bword\\b', 'a{2}b{3,}c{1,4}']) {
      const printed = samePrint(p);
      for (const s of ['a', 'b', 'xuser y', 'x y', '123.45', 'ababc', 'start end', 'word', 'aabbbc', '-']) {
        assert.equal(new RegExp(printed, 'u').test(s), new RegExp(p, 'u').test(s), `${p} vs ${printed} on ${s}`);
      }
    }
  });

  it('prints unnamed groups as non-capturing and lists named ones', () => {
    const tree = parseRegex('(a)(?<x>b)(?P<y>c)');
    assert.equal(printRegex(tree, JS), '(?:a)(?<x>b)(?<y>c)');
    assert.deepEqual(captureNames(tree), ['x', 'y']);
  });

  it('keeps a leading (?i) as a flag and refuses it elsewhere', () => {
    assert.deepEqual(parseRegex('(?i)ab').kind, 'caseInsensitive');
    assert.throws(() => parseRegex('a(?i)b'), /only supported at the very start/);
  });

  for (const [pattern, message] of [
    ['(?=a)', /lookaround/],
    ['(?<!a)b', /lookaround/],
    ['(a)\\1', /backreferences/],
    ['\\k<x>', /named backreferences/],
    ['a++', /possessive/],
    ['[[:alpha:]]', /POSIX classes/],
    ['a{3,2}', /n < m/],
    ['(a', /missing "\)"/],
    ['a)', /unbalanced/],
    ['*a', /nothing to repeat/],
    ['\\q', /unknown escape/],
    ['[z-a]', /reversed/],
  ] as const) {
    it(`refuses ${pattern}`, () => assert.throws(() => parseRegex(pattern), message));
  }

  it('a literal prints to a regex matching exactly that text, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        const printed = printRegex(literal(s), JS);
        assert.ok(new RegExp(`^${printed}$`, 'u').test(s), `${JSON.stringify(s)} -> ${printed}`);
      }),
      { numRuns: runs(2000) },
    );
  });
});
