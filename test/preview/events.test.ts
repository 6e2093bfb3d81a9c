// Reading sample events, and the regex and search rules the evaluator applies to them.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defineSource } from '../../src/index.js';
import { parseNdjson } from '../../src/preview/events/ndjson.js';
import { compileRegex } from '../../src/preview/eval/regex.js';
import { matchesText } from '../../src/preview/eval/text-search.js';
import { bucketStart, eventTime, windowOf } from '../../src/preview/eval/time.js';
import { parseRegex } from '../../src/query/regex/parse.js';

const src = defineSource({ id: 'app', fields: {} });

describe('sample events (NDJSON)', () => {
  test('reads objects; reports unreadable lines by number and keeps the rest', () => {
    const text = [
      '{"@timestamp":"2025-01-01T00:00:00Z","message":"a","host":"x"}',
      '',
      '[1,2]',
      '{"timestamp":1735689600000,"message":42}',
      '{bad',
      '{"timestamp":"2025-01-01T00:00:00","message":"no zone"}',
      '{"message":"no time"}',
      '{"timestamp":"2025-01-01T01:00:00+01:00"}\r',
    ].join('\n');
    const r = parseNdjson(text, src, 'x.ndjson');
    assert.deepEqual(r.events.map((e) => [e.time, e.message]), [[1735689600000, 'a'], [1735689600000, '42'], [1735689600000, '']]);
    assert.deepEqual(r.problems.map((p) => [p.line, p.message.split(':')[0]]), [
      [3, 'expected a JSON object'],
      [5, 'not JSON'],
      [6, 'the time "2025-01-01T00'],
      [7, 'the event has no time (key "@timestamp" or "timestamp")'],
    ]);
    assert.equal(r.skipped, 4);
  });

  test('the source may name other keys for time and message', () => {
    const ecs = defineSource({ id: 'ecs', fields: {}, preview: { timeField: '@timestamp', messageField: 'log.original' } });
    const r = parseNdjson('{"@timestamp":"2025-01-01T00:00:00.250Z","log":{"original":"hello"}}', ecs, 'e.ndjson');
    assert.deepEqual(r.events.map((e) => [e.time, e.message]), [[Date.parse('2025-01-01T00:00:00.250Z'), 'hello']]);
  });

  test('event times need a zone; epoch milliseconds are accepted', () => {
    assert.equal(eventTime('2025-03-01T10:00:00-05:00'), Date.parse('2025-03-01T15:00:00Z'));
    assert.equal(eventTime(0), 0);
    assert.equal(typeof eventTime('2025-03-01 10:00:00'), 'string');
    assert.equal(typeof eventTime('yesterday'), 'string');
  });
});

describe('time', () => {
  test('buckets start at multiples of the span from the epoch, in UTC', () => {
    assert.equal(bucketStart(Date.parse('2025-01-01T05:07:59Z'), { n: 5, unit: 'm' }), Date.parse('2025-01-01T05:05:00Z'));
    // 1970-01-01 was a Thursday: 7-day buckets start on Thursdays.
    assert.equal(bucketStart(Date.parse('2025-01-06T12:00:00Z'), { n: 1, unit: 'w' }), Date.parse('2025-01-02T00:00:00Z'));
  });

  test('a relative range ends at now; both ends are included by the evaluator', () => {
    const now = Date.parse('2025-01-03T00:00:00Z');
    assert.deepEqual(windowOf({ kind: 'relative', last: '24h' }, now), { from: Date.parse('2025-01-02T00:00:00Z'), to: now });
    assert.deepEqual(windowOf({ kind: 'absolute', from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' }, now), { from: Date.parse('2025-01-01T00:00:00Z'), to: Date.parse('2025-01-02T00:00:00Z') });
  });
});

describe('regex: the portable tree as JavaScript', () => {
  const re = (p: string) => compileRegex(parseRegex(p));
  test('named groups become numbered groups with their names', () => {
    const { re: r, names } = re('user=(?<user>\\w+) id=(?<id>\\d+)');
    assert.deepEqual(names, ['user', 'id']);
    assert.deepEqual([...r.exec('x user=bob id=7')!].slice(1), ['bob', '7']);
  });
  test('. stops at a line feed; \\d \\w \\s are ASCII', () => {
    assert.equal(re('a.b').re.test('a\nb'), false);
    assert.equal(re('a.b').re.test('a\rb'), true);
    assert.equal(re('^\\d+$').re.test('٣'), false); // Arabic-Indic digit
    assert.equal(re('^\\w+$').re.test('é'), false);
    assert.equal(re('a\\sb').re.test('a\u00a0b'), false); // no-break space
    assert.equal(re('a\\sb').re.test('a\tb'), true);
  });
  test('classes with negated shorthands, and (?i)', () => {
    assert.equal(re('^[\\D_]+$').re.test('ab_c'), true);
    assert.equal(re('^[\\D_]+$').re.test('a1'), false);
    assert.equal(re('^[^\\D_]+$').re.test('123'), true);
    assert.equal(re('^[^\\D_]+$').re.test('1_'), false);
    assert.equal(re('(?i)denied').re.test('DENIED'), true);
    assert.equal(re('denied').re.test('DENIED'), false);
  });
  test('literal characters that are JavaScript syntax stay literal', () => {
    assert.equal(re('a\\.b\\(c\\)\\{1\\}\\/').re.test('a.b(c){1}/'), true);
    assert.equal(re('a\\.b').re.test('axb'), false);
  });
});

describe('keyword search', () => {
  test('word boundaries are Unicode letters, digits and underscore', () => {
    assert.equal(matchesText('Zugriff verweigert für Müller', 'müller'), true);
    assert.equal(matchesText('Müllerin', 'Müller'), false);
    assert.equal(matchesText('snake_case here', 'snake'), false);
    assert.equal(matchesText('a-b', 'a'), true);
  });
  test('texts starting or ending with punctuation need no boundary on that side', () => {
    assert.equal(matchesText('file main.go:12', '.go:'), true);
    assert.equal(matchesText('price $5', '$5'), true);
    assert.equal(matchesText('  ', ' '), false);
  });
});
