import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { from, variable } from '../../src/index.js';
import { app } from '../helpers/sources.js';

describe('query builder', () => {
  it('produces a frozen plain tree, never a string', () => {
    const q = from(app).search('error').where('status', '>=', 500).timeslice('5m').count().by('host').orderBy('count', 'desc').limit(10).build();
    assert.equal(q.kind, 'query');
    assert.ok(Object.isFrozen(q));
    assert.ok(Object.isFrozen(q.sort));
    assert.deepEqual(q.filter, {
      kind: 'and',
      args: [
        { kind: 'term', value: 'error' },
        { kind: 'compare', field: { kind: 'field', name: 'status' }, op: '>=', value: 500 },
      ],
    });
    assert.deepEqual(q.bucket, { kind: 'timeslice', span: { n: 5, unit: 'm' } });
    assert.deepEqual(q.aggregate, { measures: [{ kind: 'measure', fn: 'count', as: 'count' }], by: [{ kind: 'field', name: 'host' }] });
    assert.deepEqual(q.sort, [{ key: 'count', dir: 'desc', ref: { kind: 'measure', alias: 'count' } }]);
    assert.equal(q.limit, 10);
    assert.doesNotThrow(() => JSON.stringify(q));
  });

  it('is immutable: every call returns a new builder and leaves the old one as it was', () => {
    const base = from(app).search('a');
    const one = base.search('b');
    const two = base.where('host', '=', 'x');
    assert.deepEqual(base.build().filter, { kind: 'term', value: 'a' });
    assert.equal((one.build().filter as unknown as { args: unknown[] }).args.length, 2);
    assert.equal((two.build().filter as unknown as { args: { kind: string }[] }).args[1]!.kind, 'compare');
  });

  it('places filters on extracted fields after the extraction and the others before', () => {
    const q = from(app)
      .search('Denied')
      .parse('user * denied by *', ['who', 'rule'])
      .where('who', '!=', 'root')
      .where('host', '=', 'web1')
      .count()
      .by('rule')
      .build();
    assert.deepEqual(q.filter, {
      kind: 'and',
      args: [
        { kind: 'term', value: 'Denied' },
        { kind: 'compare', field: { kind: 'field', name: 'host' }, op: '=', value: 'web1' },
      ],
    });
    assert.deepEqual(q.postFilter, { kind: 'compare', field: { kind: 'field', name: 'who', extracted: true }, op: '!=', value: 'root' });
    assert.deepEqual(q.extract[0], { kind: 'parse', parts: ['user ', { capture: 'who' }, ' denied by ', { capture: 'rule' }] });
  });

  it('builds or/not from callbacks', () => {
    const q = from(app).or((w) => w.search('a'), (w) => w.where('host', '=', 'h').phrase('x y')).not((w) => w.search('debug')).build();
    assert.deepEqual(q.filter, {
      kind: 'and',
      args: [
        {
          kind: 'or',
          args: [
            { kind: 'term', value: 'a' },
            { kind: 'and', args: [{ kind: 'compare', field: { kind: 'field', name: 'host' }, op: '=', value: 'h' }, { kind: 'phrase', value: 'x y' }] },
          ],
        },
        { kind: 'not', arg: { kind: 'term', value: 'debug' } },
      ],
    });
  });

  it('keeps wildcards structural: \\* is a literal star', () => {
    const q = from(app).where('host', 'wildcard', 'web-*-a\\*b').build();
    assert.deepEqual(q.filter, { kind: 'wildcard', field: { kind: 'field', name: 'host' }, pattern: ['web-', { wildcard: '*' }, '-a*b'] });
  });

  it('turns variables into references', () => {
    const host = variable({ name: 'host', values: ['a', 'b'] });
    const q = from(app).where('host', '=', host).build();
    assert.deepEqual(q.filter, { kind: 'compare', field: { kind: 'field', name: 'host' }, op: '=', value: { kind: 'var', name: 'host', multi: false, includeAll: true } });
  });

  it('parses regexes into the portable tree and lists named groups', () => {
    const q = from(app).parseRegex(/user=(?<who>\S+) rule=(?<rule>[^ ]+)/).build();
    const e = q.extract[0]!;
    assert.equal(e.kind, 'parseRegex');
    assert.deepEqual(e.kind === 'parseRegex' && e.captures, ['who', 'rule']);
  });

  it('splits JSON paths, keeping array-form keys whole', () => {
    const q = from(app).json({ who: 'user.name', first: 'items[0].id', dotted: ['k8s.pod', 'name'] }).build();
    assert.deepEqual(q.extract[0], {
      kind: 'json',
      paths: [
        { as: 'who', path: ['user', 'name'] },
        { as: 'first', path: ['items', 0, 'id'] },
        { as: 'dotted', path: ['k8s.pod', 'name'] },
      ],
    });
  });

  it('resolves sort and transpose keys, and marks unknown keys for validation', () => {
    const q = from(app).timeslice('1h').count().by('host').orderBy('timeslice').orderBy('nope', 'desc').transpose('timeslice', 'host').build();
    assert.deepEqual(q.sort.map((s) => s.ref), [{ kind: 'bucket' }, { kind: 'unresolved', key: 'nope' }]);
    assert.deepEqual(q.pivot?.row, { kind: 'bucket' });
    assert.deepEqual(q.pivot?.column, { kind: 'group', field: { kind: 'field', name: 'host' } });
  });

  describe('rejects malformed calls with a message saying what was expected', () => {
    const cases: [string, () => unknown, RegExp][] = [
      ['bad duration', () => from(app).timeslice('5 minutes'), /timeslice: invalid duration "5 minutes": expected a positive whole number and a unit s, m, h, d or w/],
      ['capture count', () => from(app).parse('a * b *', ['x']), /has 2 \* captures but 1 field names/],
      ['adjacent captures', () => from(app).parse('a ** b', ['x', 'y']), /two captures need literal text between them/],
      ['lookaround', () => from(app).parseRegex('(?=x)(?<a>y)'), /lookaround is not supported/],
      ['backreference', () => from(app).parseRegex('(?<a>x)\\1'), /backreferences are not supported/],
      ['no named group', () => from(app).parseRegex('x+'), /at least one named group/],
      ['regex flags', () => from(app).parseRegex(/(?<a>x)/i), /write \(\?i\) at the start/],
      ['unknown operator', () => from(app).where('host', '~' as '=', 'x'), /unknown operator "~"; expected one of/],
      ['number compare', () => from(app).where('status', '>', '5' as unknown as number), /expected a finite number/],
      ['NaN', () => from(app).where('status', '=', Number.NaN), /expected a finite number/],
      ['empty in', () => from(app).where('host', 'in', []), /non-empty array/],
      ['percentile range', () => from(app).percentile('status', 100), /expected 0 < p < 100/],
      ['limit', () => from(app).limit(0), /positive whole number/],
      ['empty search', () => from(app).search(), /at least one term/],
      ['or arity', () => from(app).or((w) => w.search('a')), /at least two branches/],
      ['not a source', () => from({} as never), /defineSource/],
    ];
    for (const [name, fn, message] of cases) {
      it(name, () => assert.throws(fn, message));
    }
  });
});
