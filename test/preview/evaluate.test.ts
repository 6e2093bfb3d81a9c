// The preview evaluator against results computed by hand from the events below.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defineSource, from, type QueryBuilder } from '../../src/index.js';
import { latestBucketQuery, seriesQuery } from '../../src/query/derive.js';
import { evaluate } from '../../src/preview/eval/evaluate.js';
import type { EvalContext, PreviewEvent, ResultTable } from '../../src/preview/eval/types.js';

const src = defineSource({ id: 'twistlock', fields: { host: { sumologic: '_sourceHost', splunk: 'host', elastic: 'host.name', loki: 'host' } } });

const t = (iso: string): number => Date.parse(iso);
const ev = (iso: string, message: string, record: Record<string, unknown> = {}): PreviewEvent => ({ time: t(iso), message, record: { timestamp: iso, message, ...record } });

const events: PreviewEvent[] = [
  /* e1 */ ev('2025-01-01T00:10:00Z', "Jan 01 00:10:00 console The command container_create denied for user alice by rule 'r1'", { host: 'node-a' }),
  /* e2 */ ev('2025-01-01T01:00:00Z', "Jan 01 01:00:00 console The command container_exec denied for user bob by rule 'r2'", { host: 'node-a' }),
  /* e3 */ ev('2025-01-01T02:30:00Z', "Jan 01 02:30:00 console The command image_pull allowed for user alice by rule 'r1'", { host: 'node-b' }),
  /* e4 */ ev('2025-01-01T05:00:00Z', 'Jan 01 05:00:00 defender defender.go:123 Process violation in container web', { host: 'node-b' }),
  /* e5 */ ev('2025-01-01T05:02:00Z', 'Jan 01 05:02:00 defender defender.go:456 Network violation in container db', { host: 'node-a' }),
  /* e6 */ ev('2025-01-01T05:07:00Z', 'Jan 01 05:07:00 defender runtime.go:78 Process violation in container web', { host: 'node-a' }),
  /* e7 */ ev('2025-01-02T10:00:00Z', 'Jan 02 10:00:00 defender defender.go:99 Filesystem violation in container api', { host: 'node-b' }),
  /* e8 */ ev('2025-01-02T10:03:00Z', 'Jan 02 10:03:00 console Process violations summary', { host: 'node-b' }),
  /* e9 */ ev('2025-01-02T23:59:59Z', "Jan 02 23:59:59 console The command container_create Denied for user carol by rule 'r3'", { host: 'node-c' }),
  /* e10 */ ev('2025-01-03T00:00:00Z', 'Jan 03 00:00:00 defender defender.go:11 Process violation in container web', { host: 'node-a' }),
  /* e11 */ ev('2025-01-03T00:30:00Z', 'Jan 03 00:30:00 console Process-violation marker', { host: 'node-c' }),
  /* e12 */ ev('2025-01-03T01:00:00Z', 'Jan 03 01:00:00 console heartbeat'),
];

const run = (q: QueryBuilder, ctx: Partial<EvalContext> = {}): ResultTable => evaluate(q.build(), { events, ...ctx });
const rows = (q: QueryBuilder, ctx: Partial<EvalContext> = {}): unknown[][] => run(q, ctx).rows.map((r) => [...r]);
const count = (q: QueryBuilder, ctx: Partial<EvalContext> = {}): unknown => run(q.count(), ctx).rows[0]![0];

describe('preview evaluator: keyword and phrase search', () => {
  test('a term matches whole words, case-insensitively', () => {
    assert.equal(count(from(src).search('violation')), 6); // e4 e5 e6 e7 e10 e11; not "violations" (e8)
    assert.equal(count(from(src).search('Denied')), 3); // e1 e2 e9
    assert.equal(count(from(src).search('container')), 5); // "in container x"; not container_create (one word with _)
    assert.equal(count(from(src).search('container_create')), 2); // e1 e9
  });

  test('several terms are ANDed', () => {
    assert.equal(count(from(src).search('Process', 'violation')), 4); // e4 e6 e10 e11
  });

  test('a term holding punctuation matches that exact token sequence, on word boundaries', () => {
    assert.equal(count(from(src).search('defender.go')), 4); // e4 e5 e7 e10
    assert.equal(count(from(src).search('go:123')), 1); // e4
    assert.equal(count(from(src).search('er.go')), 0); // starts inside the word "defender"
  });

  test('a phrase is adjacent words; punctuation between them does not count as adjacency', () => {
    assert.equal(count(from(src).phrase('Process violation')), 3); // e4 e6 e10; not "Process-violation" (e11)
    assert.equal(count(from(src).phrase('process   VIOLATION')), 3);
  });

  test('or and not', () => {
    assert.equal(count(from(src).or((w) => w.search('Denied'), (w) => w.where('host', '=', 'node-c'))), 4); // e1 e2 e9 e11
    assert.equal(count(from(src).not((w) => w.search('violation'))), 6); // 12 - 6
  });
});

describe('preview evaluator: field filters', () => {
  test('= is exact; != lets events without the field through', () => {
    assert.equal(count(from(src).where('host', '=', 'node-a')), 5); // e1 e2 e5 e6 e10
    assert.equal(count(from(src).where('host', '=', 'Node-A')), 0);
    assert.equal(count(from(src).where('host', '!=', 'node-a')), 7); // e3 e4 e7 e8 e9 e11 e12
  });

  test('in, wildcard, exists', () => {
    assert.equal(count(from(src).where('host', 'in', ['node-b', 'node-c'])), 6); // e3 e4 e7 e8 e9 e11
    assert.equal(count(from(src).where('host', 'wildcard', '*-c')), 2); // e9 e11
    assert.equal(count(from(src).where('host', 'wildcard', 'node-*')), 11);
    assert.equal(count(from(src).where('host', 'wildcard', 'node')), 0); // the whole value
    assert.equal(count(from(src).where('host', 'exists')), 11); // all but e12
  });

  test('a variable filters by its current value; All (*) or no value does not filter', () => {
    const host = { kind: 'variable', name: 'host', label: 'Host', multi: true, includeAll: true, default: '*' } as const;
    const q = from(src).search('violation').where('host', '=', host);
    assert.equal(count(q, { variables: { host: 'node-b' } }), 2); // e4 e7
    assert.equal(count(q, { variables: { host: '*' } }), 6);
    assert.equal(count(q), 6);
    assert.equal(count(q, { variables: { host: ['node-a', 'node-c'] } }), 4); // e5 e6 e10 e11
    assert.equal(count(from(src).where('host', '!=', host), { variables: { host: 'node-a' } }), 7);
  });

  test('the time window includes both ends', () => {
    const window = { from: t('2025-01-02T00:00:00Z'), to: t('2025-01-02T23:59:59Z') };
    assert.equal(count(from(src), { window }), 3); // e7 e8 e9
    assert.equal(count(from(src).search('violation'), { window }), 1); // e7
  });
});

describe('preview evaluator: extraction', () => {
  test('anchor parse: lazy captures, non-matching lines dropped', () => {
    const q = from(src).parse("The command * * for user * by rule *'", ['command', 'action', 'user', 'rulename']);
    // e1 e2 e3 e9 match; the others have no "The command" and are dropped.
    assert.deepEqual(rows(q.count().by('user').orderBy('count', 'desc')), [['alice', 2], ['bob', 1], ['carol', 1]]);
    assert.deepEqual(rows(q.count().by('action', 'user').orderBy('action', 'asc').orderBy('user', 'desc')), [
      ['Denied', 'carol', 1],
      ['allowed', 'alice', 1], // code-unit order: upper case first
      ['denied', 'bob', 1],
      ['denied', 'alice', 1],
    ]);
    // "by rule *'" on "by rule 'r1'": the capture stops lazily at the first quote, right away.
    assert.deepEqual(rows(q.count().by('rulename')), [['', 4]]);
  });

  test('the seed dashboard\'s violation types', () => {
    const q = from(src).search('violation').parse('.go:* * violation ', ['linenumber', 'violation_type']).count().by('violation_type').orderBy('count', 'desc');
    // e4 Process, e5 Network, e6 Process, e7 Filesystem, e10 Process; e11 has no ".go:"
    assert.deepEqual(rows(q), [['Process', 3], ['Filesystem', 1], ['Network', 1]]);
  });

  test('a final capture runs to the end of the line', () => {
    const q = from(src).parse('in container *', ['container']).count().by('container').orderBy('container', 'asc');
    assert.deepEqual(rows(q), [['api', 1], ['db', 1], ['web', 3]]);
  });

  test('parseRegex: named groups become fields; a group that took no part has no value', () => {
    const q = from(src).parseRegex('(?<cmd>container_[a-z]+)(?: (?<verb>denied))?');
    assert.deepEqual(rows(q.count().by('cmd').orderBy('cmd', 'asc')), [['container_create', 2], ['container_exec', 1]]);
    // e9 says "Denied": the regex is case-sensitive, so e9 has no verb and is left out of "by verb".
    assert.deepEqual(rows(q.count().by('verb')), [['denied', 2]]);
    assert.equal(count(from(src).parseRegex('(?i)(?<verb>DENIED)')), 3);
    assert.equal(count(from(src).parseRegex('go:(?<line>\\d{3})\\b')), 2); // e4 e5
  });

  test('a filter on an extracted field runs after the extraction', () => {
    const q = from(src).parse('.go:* ', ['line']).where('line', '>', 90);
    assert.equal(count(q), 3); // 123 456 99; not 78 or 11
  });
});

describe('preview evaluator: time buckets, sort, limit, transpose', () => {
  test('day buckets are aligned to the epoch in UTC', () => {
    const q = from(src).search('violation').timeslice('1d').count().orderBy('timeslice', 'asc');
    assert.deepEqual(rows(q), [[t('2025-01-01T00:00:00Z'), 3], [t('2025-01-02T00:00:00Z'), 1], [t('2025-01-03T00:00:00Z'), 2]]);
  });

  test('a single value of a bucketed query is the latest bucket', () => {
    const q = from(src).search('violation').timeslice('24h').count().orderBy('timeslice', 'desc').build();
    assert.deepEqual(evaluate(latestBucketQuery(q), { events }).rows, [[t('2025-01-03T00:00:00Z'), 2]]);
  });

  test('groups without a value are left out; sort is stable, limit keeps the first rows', () => {
    assert.deepEqual(rows(from(src).count().by('host')), [['node-a', 5], ['node-b', 4], ['node-c', 2]]);
    assert.deepEqual(rows(from(src).count().by('host').orderBy('count', 'desc').limit(2)), [['node-a', 5], ['node-b', 4]]);
  });

  test('transpose: bucket rows by host columns, empty cells stay empty', () => {
    const q = from(src).search('Process', 'violation').timeslice('5m').count('count').by('host').transpose('timeslice', 'host');
    const r = run(q);
    assert.deepEqual(r.columns.map((c) => c.name), ['timeslice', 'node-a', 'node-b', 'node-c']);
    assert.deepEqual(r.rows, [
      [t('2025-01-01T05:00:00Z'), null, 1, null], // e4
      [t('2025-01-01T05:05:00Z'), 1, null, null], // e6
      [t('2025-01-03T00:00:00Z'), 1, null, null], // e10
      [t('2025-01-03T00:30:00Z'), null, null, 1], // e11
    ]);
  });

  test('a chart split by one field is the same pivot (seriesQuery)', () => {
    const q = from(src).search('violation').timeslice('1d').count().by('host').build();
    const r = evaluate(seriesQuery(q), { events });
    assert.deepEqual(r.columns.map((c) => c.name), ['timeslice', 'node-a', 'node-b', 'node-c']);
    // day 1: e5 e6 (a), e4 (b); day 2: e7 (b); day 3: e10 (a), e11 (c)
    assert.deepEqual(r.rows, [[t('2025-01-01T00:00:00Z'), 2, 1, null], [t('2025-01-02T00:00:00Z'), null, 1, null], [t('2025-01-03T00:00:00Z'), 1, null, 1]]);
  });

  test('without an aggregate, a raw event list newest first', () => {
    const r = run(from(src).search('Denied').limit(2));
    assert.equal(r.kind, 'events');
    assert.deepEqual(r.rows.map((x) => x[0]), [t('2025-01-02T23:59:59Z'), t('2025-01-01T01:00:00Z')]); // e9 e2
  });

  test('measures without grouping give one row even over no events', () => {
    assert.deepEqual(rows(from(src).search('nothing-here').count().sum('host')), [[0, null]]);
  });
});

describe('preview evaluator: measures', () => {
  const app = defineSource({ id: 'app', fields: { ms: 'ms', user: 'user', detail: 'detail' } });
  const metric = (ms: unknown, user?: string, detail?: string): PreviewEvent => ({
    time: t('2025-01-01T00:00:00Z'),
    message: JSON.stringify({ ms }),
    record: { ms, ...(user ? { user } : {}), ...(detail ? { detail } : {}) },
  });
  const data = [metric(5, 'alice', 'user=alice id=1'), metric(1, 'bob'), metric(9, 'alice'), metric(3), metric('7', 'Alice'), metric('n/a', 'bob')];
  const one = (q: QueryBuilder): unknown[] => [...evaluate(q.build(), { events: data }).rows[0]!];

  test('sum, avg, min, max read numbers and numeric text and skip the rest', () => {
    assert.deepEqual(one(from(app).sum('ms').avg('ms').min('ms').max('ms').count()), [25, 5, 1, 9, 6]);
  });

  test('percentile is the nearest rank (ceil(p/100 * n)-th smallest)', () => {
    // numbers sorted: 1 3 5 7 9 (n = 5)
    assert.deepEqual(one(from(app).percentile('ms', 50).percentile('ms', 95).percentile('ms', 20).percentile('ms', 21)), [5, 9, 1, 3]);
  });

  test('count distinct is exact and compares text exactly', () => {
    assert.deepEqual(one(from(app).countDistinct('user')), [3]); // alice, bob, Alice
  });

  test('numbers compare numerically, also when the field holds numeric text', () => {
    assert.deepEqual(one(from(app).where('ms', '>', 4).count()), [3]); // 5 9 "7"
    assert.deepEqual(one(from(app).where('ms', '=', 7).count()), [1]);
    assert.deepEqual(one(from(app).where('ms', '=', '7').count()), [1]);
  });

  test('parse can read a field instead of the message', () => {
    assert.deepEqual(one(from(app).parse('user=* ', ['u'], { field: 'detail' }).count().by('u')), ['alice', 1]);
  });
});

describe('preview evaluator: json', () => {
  const logs = defineSource({ id: 'json', fields: {} });
  const line = (message: string): PreviewEvent => ({ time: 0, message, record: { message } });
  const data = [
    line('{"user":{"name":"alice"},"tags":["x","y"],"a.b":1,"n":null}'),
    line('{"user":{"name":"bob"},"tags":["z"],"a.b":2,"n":3}'), // tags[1] missing: dropped
    line('not json'),
    line('{"user":{"name":"carol"},"tags":["p","q"],"a.b":{"deep":true},"n":4}'),
  ];

  test('paths, dotted keys kept whole, lines missing a path dropped, null kept', () => {
    const q = from(logs).json({ name: 'user.name', tag: 'tags[1]', dotted: ['a.b'], n: 'n' });
    const r = evaluate(q.build(), { events: data });
    assert.deepEqual(r.columns.slice(2).map((c) => c.name), ['name', 'tag', 'dotted', 'n']);
    assert.deepEqual(r.rows.map((x) => x.slice(2)), [['alice', 'y', 1, null], ['carol', 'q', '{"deep":true}', 4]]);
  });
});

describe('preview evaluator: event keys', () => {
  test('a source may map logical fields to dotted event keys (proposed preview binding)', () => {
    const ecs = defineSource({ id: 'ecs', fields: { host: 'host' }, preview: { fields: { host: 'host.name' } } } as Parameters<typeof defineSource>[0]);
    const data: PreviewEvent[] = [
      { time: 0, message: 'a', record: { host: { name: 'web-1' } } },
      { time: 0, message: 'b', record: { 'host.name': 'web-2' } },
      { time: 0, message: 'c', record: { host: 'web-3' } },
    ];
    assert.deepEqual(evaluate(from(ecs).count().by('host').build(), { events: data }).rows, [['web-1', 1], ['web-2', 1]]);
  });
});
