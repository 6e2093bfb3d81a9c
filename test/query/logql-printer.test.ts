import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parser } from '@grafana/lezer-logql';
import fc from 'fast-check';
import seed from '../../dashboards/twistlock-overview.js';
import { defineSource, from, QueryBuilder, variable } from '../../src/index.js';
import type { Diagnostic } from '../../src/query/fidelity.js';
import { fidelityOf, UnsupportedConstruct } from '../../src/query/fidelity.js';
import { mapQuery } from '../../src/query/mapping.js';
import type { PanelQuery, Query } from '../../src/query/nodes.js';
import type { LokiOutput } from '../../src/query/outputs.js';
import { LogqlPrinter } from '../../src/query/printers/logql.js';
import {
  logqlJsonPath,
  logqlLabel,
  logqlLegend,
  logqlNumber,
  logqlPatternTemplate,
  logqlQuantile,
  logqlString,
  logqlVariable,
  LOKI_REGEX,
} from '../../src/query/printers/logql-escape.js';
import { lexLogql, type LogqlToken } from '../../src/query/printers/logql-lexer.js';
import { literal } from '../../src/query/regex/ast.js';
import { printRegex } from '../../src/query/regex/print.js';
import { assertSingleLiteral, HOSTILE, hostileValue, runs } from '../helpers/injection.js';
import { app } from '../helpers/sources.js';
import { type Compiled, compiledAs } from '../helpers/compiled.js';

// ---- compiling through the mapping step, as compile.ts does -----------------------------

function loki(q: QueryBuilder | PanelQuery): Compiled<LokiOutput> {
  const r = compiledAs<LokiOutput>(q, 'loki');
  for (const t of r.output?.targets ?? []) assertValidLogql(t.expr);
  return r;
}

function out(q: QueryBuilder | PanelQuery): LokiOutput {
  const r = loki(q);
  assert.notEqual(r.fidelity, 'unsupported', JSON.stringify(r.diagnostics));
  return r.output!;
}

const expr = (q: QueryBuilder | PanelQuery): string => out(q).targets[0]!.expr;
const codes = (r: Compiled<LokiOutput>): string[] => r.diagnostics.map((d) => d.code).sort();

/** Grafana substitutes its macros and variables before Loki parses: use harmless values. */
function substituteGrafana(e: string): string {
  return e.replace(/\$__range/g, '1h').replace(/\$\{[A-Za-z0-9_]+:regex\}/g, 'host1');
}

/** `@grafana/lezer-logql` finds no error node, and no comment ever appears. */
function assertValidLogql(e: string): void {
  const tree = parser.parse(substituteGrafana(e));
  const errors: number[] = [];
  tree.iterate({ enter: (n) => void (n.type.isError ? errors.push(n.from) : undefined) });
  assert.deepEqual(errors, [], `lezer-logql rejects ${e.slice(0, 300)}`);
  assert.ok(!lexLogql(e).some((t) => t.kind === 'comment'), `comment in ${e.slice(0, 200)}`);
}

/** A printed RE2 regex as a JavaScript one (same meaning for what the printer emits). */
function re2ToJs(re: string, flags = ''): RegExp {
  const js = re.replace(/\(\?P</g, '(?<').replace(/\\x\{([0-9a-f]+)\}/g, '\\u{$1}');
  return new RegExp(`^(?:${js})$`, `u${flags}`);
}

/** Regex metacharacters turned into Z: an escaping mistake would let the regex match this. */
function mutated(v: string): string | undefined {
  const m = v.replace(/[.*+?^${}()|[\]\\]/g, 'Z');
  return m === v ? undefined : m;
}

const twistlock = (category: string) =>
  defineSource({ id: 'twistlock', loki: { selector: { source_category: category }, labels: ['host'] }, fields: { host: { loki: 'host' } } });
const twistlockLogs = twistlock('twistlock_logs');
const twistlockExample = twistlock('twistlock/example');

describe('LogQL printer', () => {
  describe('the five reference queries (query-languages.md §5.2)', () => {
    it('Q1: terms, 5m buckets, count by host: a range query whose series per host are the transpose', () => {
      const r = loki(from(twistlockLogs).search('Process', 'violation').timeslice('5m').count('count').by('host').transpose('timeslice', 'host'));
      assert.deepEqual(r.output, {
        queryType: 'range',
        step: '5m',
        targets: [{ expr: 'sum by (host) (count_over_time({source_category="twistlock_logs"} |~ "(?i)\\\\bProcess\\\\b" |~ "(?i)\\\\bviolation\\\\b" [5m]))', legendFormat: '{{host}}' }],
        transformations: [],
      });
      assert.equal(r.fidelity, 'approximate');
      assert.deepEqual(codes(r), ['logql.bucket-alignment', 'logql.series-limit', 'logql.term-regex']);
    });
    it('Q2: 24h buckets, newest first through a Sort by transformation', () => {
      assert.deepEqual(out(from(twistlockExample).search('violation').timeslice('24h').count().orderBy('timeslice', 'desc')), {
        queryType: 'range',
        step: '24h',
        targets: [{ expr: 'sum(count_over_time({source_category="twistlock/example"} |~ "(?i)\\\\bviolation\\\\b" [24h]))', legendFormat: 'count' }],
        transformations: [{ id: 'sortBy', options: { fields: {}, sort: [{ field: 'Time', desc: true }] } }],
      });
    });
    it('Q3: anchor parse as pattern, dropped lines by a line filter, count by user over the range, sorted by label in Grafana', () => {
      assert.deepEqual(
        out(from(twistlockExample).search('Denied').parse("The command * * for user * by rule *'", ['command', 'action', 'user', 'rulename']).count().by('user').orderBy('user', 'asc')),
        {
          queryType: 'instant',
          targets: [
            {
              expr: `sum by (user) (count_over_time({source_category="twistlock/example"} |~ "(?i)\\\\bDenied\\\\b" |~ "(?s)The command .* .* for user .* by rule .*'" | pattern "<_>The command <command> <action> for user <user> by rule <rulename>'" [$__range]))`,
              legendFormat: '{{user}}',
            },
          ],
          transformations: [{ id: 'sortBy', options: { fields: {}, sort: [{ field: 'user', desc: false }] } }],
        },
      );
    });
    it('Q4: sort by count is sort_desc', () => {
      const r = out(from(twistlockExample).search('violation').parse('.go:* * violation ', ['linenumber', 'violation_type']).count().by('violation_type').orderBy('count', 'desc'));
      assert.equal(
        r.targets[0]!.expr,
        'sort_desc(sum by (violation_type) (count_over_time({source_category="twistlock/example"} |~ "(?i)\\\\bviolation\\\\b" |~ "(?s)\\\\.go:.* .* violation " | pattern "<_>.go:<linenumber> <violation_type> violation " [$__range])))',
      );
      assert.equal(r.queryType, 'instant');
      assert.deepEqual(r.transformations, []);
    });
    it('Q5: host in the stream selector, three line filters, raw events with maxLines', () => {
      assert.deepEqual(out(from(twistlockLogs).search('Process', 'violation').where('host', '=', 'cto-stable-ubuntu.c.cto-sandbox.internal').search('nc').limit(100)), {
        queryType: 'range',
        targets: [{ expr: '{source_category="twistlock_logs", host="cto-stable-ubuntu.c.cto-sandbox.internal"} |~ "(?i)\\\\bProcess\\\\b" |~ "(?i)\\\\bviolation\\\\b" |~ "(?i)\\\\bnc\\\\b"' }],
        transformations: [],
        maxLines: 100,
      });
    });
  });

  it('compiles the seed dashboard: the host variable is a selector regex matcher in backticks', () => {
    const sel = '{job="twistlock", host=~`${host:regex}`}';
    const newestFirst = [{ id: 'sortBy', options: { fields: {}, sort: [{ field: 'Time', desc: true }] } }];
    const queries = seed.panels.flatMap((p) => ('query' in p && p.query ? [p.query] : []));
    const outputs = queries.map(out);
    assert.deepEqual(
      outputs.map((o) => [o.queryType, o.step, o.targets.map((t) => `${t.expr} @ ${t.legendFormat}`), o.transformations]),
      [
        ['range', '24h', [`sum(count_over_time(${sel} |~ "(?i)\\\\bviolation\\\\b" [24h])) @ count`], newestFirst],
        ['range', '24h', [`sum(count_over_time(${sel} |~ "(?i)\\\\bNetwork\\\\b" |~ "(?i)\\\\bviolation\\\\b" [24h])) @ count`], newestFirst],
        ['range', '24h', [`sum(count_over_time(${sel} |~ "(?i)\\\\bProcess\\\\b" |~ "(?i)\\\\bviolation\\\\b" [24h])) @ count`], newestFirst],
        ['range', '1d', [`sum(count_over_time(${sel} |~ "(?i)\\\\bviolation\\\\b" [1d])) @ count`], []],
        [
          'instant',
          undefined,
          [`sum by (user) (count_over_time(${sel} |~ "(?i)\\\\bDenied\\\\b" |~ "(?s)The command .* .* for user .* by rule .*'" | pattern "<_>The command <command> <action> for user <user> by rule <rulename>'" [$__range])) @ {{user}}`],
          [{ id: 'sortBy', options: { fields: {}, sort: [{ field: 'user', desc: false }] } }],
        ],
        [
          'instant',
          undefined,
          [`sort_desc(sum by (violation_type) (count_over_time(${sel} |~ "(?i)\\\\bviolation\\\\b" |~ "(?s)\\\\.go:.* .* violation " | pattern "<_>.go:<linenumber> <violation_type> violation " [$__range]))) @ {{violation_type}}`],
          [],
        ],
        ['range', '5m', [`sum by (host) (count_over_time(${sel} |~ "(?i)\\\\bProcess\\\\b" |~ "(?i)\\\\bviolation\\\\b" [5m])) @ {{host}}`], []],
      ],
    );
    const r = loki(queries[0]!);
    assert.ok(r.diagnostics.some((d) => d.code === 'logql.variable-regex' && d.severity === 'info' && /backtick/.test(d.message)));
  });

  describe('filters', () => {
    it('puts stream-label tests in the selector and other fields after the parser, with __error__ dropped', () => {
      assert.equal(
        expr(from(app).where('host', '!=', 'web1').where('user', '=', 'root').where('status', '>=', 500).where('host', 'exists')),
        '{job="app", host!="web1", host!=""} | json | user="root" | status >= 500 | __error__=""',
      );
    });
    it('anchors nothing itself in label regexes (Loki does): in and wildcard', () => {
      assert.equal(expr(from(app).where('host', 'in', ['a.b', 'c']).where('user', 'wildcard', 'adm*n')), '{job="app", host=~"a\\\\.b|c"} | json | user=~"adm.*n" | __error__=""');
    });
    it('prints numbers numerically: == for equality, a list as an or of comparisons', () => {
      assert.equal(expr(from(app).where('status', 'in', [500, 503])), '{job="app"} | json | (status == 500 or status == 503) | __error__=""');
      assert.equal(expr(from(app).where('status', '=', -1.5)), '{job="app"} | json | status == -1.5 | __error__=""');
    });
    it('ORs fields in one label filter (stream labels too) and pushes NOT down to the leaves', () => {
      const r = loki(from(app).or((w) => w.where('host', '=', 'a'), (w) => w.where('user', '=', 'b').where('status', '<', 400)).not((w) => w.where('user', 'in', ['x', 'y'])));
      assert.equal(r.output!.targets[0]!.expr, '{job="app"} | json | host="a" or (user="b" and status < 400) | user!~"x|y" | __error__=""');
      assert.equal(r.fidelity, 'exact');
    });
    it('a negated numeric test says that missing values are still dropped', () => {
      const r = loki(from(app).not((w) => w.where('status', '>=', 500)).limit(10));
      assert.equal(r.output!.targets[0]!.expr, '{job="app"} | json | status < 500 | __error__=""');
      assert.deepEqual(codes(r), ['logql.negated-number']);
    });
    it('ORs keywords as one regex alternation and negates with !~; phrases allow any whitespace run', () => {
      assert.equal(
        expr(from(app).or((w) => w.search('a'), (w) => w.phrase('failed  login')).not((w) => w.search('debug'))),
        '{job="app"} |~ "(?i)\\\\ba\\\\b|\\\\bfailed\\\\s+login\\\\b" !~ "(?i)\\\\bdebug\\\\b"',
      );
    });
    it('puts \\b only beside ASCII word characters', () => {
      assert.equal(expr(from(app).search('-1', 'é', 'x.')), '{job="app"} |~ "(?i)-1\\\\b" |~ "(?i)é" |~ "(?i)\\\\bx\\\\."');
    });
    it('writes variables as ${name:regex} in backticks, in the selector, label filters and keyword regexes', () => {
      const h = variable({ name: 'host', values: ['a', 'b'], multi: true });
      const u = variable({ name: 'u', values: ['a'] });
      const kw = variable({ name: 'kw', values: ['x'] });
      assert.equal(
        expr(from(app).where('host', '=', h).where('user', '!=', u).not((w) => w.search(kw)).count()),
        'sum(count_over_time({job="app", host=~`${host:regex}`} !~ `(?i)\\b${kw:regex}\\b` | json | user!~`${u:regex}` | __error__="" [$__range]))',
      );
    });
    it('writes $ as \\x24 and breaks [[ so that Grafana interpolates nothing', () => {
      const e = expr(from(app).where('host', '=', '$host [[host]] ${host}'));
      assert.equal(e, '{job="app", host="\\x24host [\\x5bhost]] \\x24{host}"}');
      assert.ok(!/\$|\[\[/.test(e));
    });
  });

  describe('extraction', () => {
    it('prints parse regex as a regexp stage after the same regex as a line filter (which drops non-matching lines)', () => {
      assert.equal(
        expr(from(app).parseRegex('path="(?<path>[^"\\\\]+)"').count().by('path')),
        'sum by (path) (count_over_time({job="app"} |~ "path=\\"(?P<path>[^\\"\\\\\\\\]+)\\"" | regexp "path=\\"(?P<path>[^\\"\\\\\\\\]+)\\"" [$__range]))',
      );
    });
    it('uses |= when the parse has one piece of text, and no filter when it has none', () => {
      assert.equal(expr(from(app).parse('user=*', ['who']).count().by('who')), 'sum by (who) (count_over_time({job="app"} |= "user=" | pattern "<_>user=<who>" [$__range]))');
      assert.equal(expr(from(app).parse('* - *', ['a', 'b'])), '{job="app"} |= " - " | pattern "<a> - <b>"');
    });
    it('falls back to an equivalent regexp when the text looks like a <capture>', () => {
      const r = loki(from(app).parse('<a> * <b>*', ['x', 'y']));
      assert.equal(r.output!.targets[0]!.expr, '{job="app"} |~ "(?s)<a> .* <b>" | regexp "(?s)<a> (?P<x>.*?) <b>(?P<y>.*)"');
      assert.deepEqual(codes(r), ['logql.default-max-lines', 'logql.parse-as-regexp']);
      assert.equal(r.fidelity, 'exact');
    });
    it('prints json paths in two layers and drops lines missing a path', () => {
      const r = loki(from(app).json({ pod: ['kubernetes', 'pod.name'], first: 'items[0]' }).count().by('pod'));
      assert.equal(
        r.output!.targets[0]!.expr,
        'sum by (pod) (count_over_time({job="app"} | json pod="kubernetes[\\"pod.name\\"]", first="items[0]" | pod!="" and first!="" | __error__="" [$__range]))',
      );
      assert.deepEqual(codes(r), ['logql.json-empty-value', 'logql.series-limit']);
    });
  });

  describe('aggregation, order and limits', () => {
    it('prints one target per measure, each named in its legend, with exact unwrap forms', () => {
      const r = loki(from(app).count('n').countDistinct('user').sum('status').avg('status').min('status').max('status').percentile('status', 99.9).by('host'));
      const pipe = '{job="app"} | json';
      assert.deepEqual(r.output!.targets, [
        { expr: `sum by (host) (count_over_time(${pipe} | __error__="" [$__range]))`, legendFormat: '{{host}} n' },
        { expr: `count by (host) (sum by (user, host) (count_over_time(${pipe} | user!="" | __error__="" [$__range])))`, legendFormat: '{{host}} distinct_user' },
        { expr: `sum by (host) (sum_over_time(${pipe} | unwrap status | __error__="" [$__range]))`, legendFormat: '{{host}} sum_status' },
        { expr: `avg_over_time(${pipe} | unwrap status | __error__="" [$__range]) by (host)`, legendFormat: '{{host}} avg_status' },
        { expr: `min_over_time(${pipe} | unwrap status | __error__="" [$__range]) by (host)`, legendFormat: '{{host}} min_status' },
        { expr: `max_over_time(${pipe} | unwrap status | __error__="" [$__range]) by (host)`, legendFormat: '{{host}} max_status' },
        { expr: `quantile_over_time(0.999, ${pipe} | unwrap status | __error__="" [$__range]) by (host)`, legendFormat: '{{host}} p99_9_status' },
      ]);
      assert.deepEqual(codes(r), ['logql.count-distinct-series', 'logql.quantile', 'logql.series-limit']);
    });
    it('groups avg, min, max and quantile samples by a selector label (one value) when there are no groups', () => {
      const r = out(from(app).avg('status').max('status').percentile('status', 5).timeslice('1h'));
      assert.deepEqual(
        r.targets.map((t) => t.expr),
        [
          'avg_over_time({job="app"} | json | unwrap status | __error__="" [1h]) by (job)',
          'max_over_time({job="app"} | json | unwrap status | __error__="" [1h]) by (job)',
          'quantile_over_time(0.05, {job="app"} | json | unwrap status | __error__="" [1h]) by (job)',
        ],
      );
      assert.equal(r.step, '1h');
    });
    it('merges the tables of several measures before ordering them by label', () => {
      const r = loki(from(app).count('n').sum('status').by('host').orderBy('host', 'desc'));
      assert.deepEqual(r.output!.transformations, [
        { id: 'merge', options: {} },
        { id: 'sortBy', options: { fields: {}, sort: [{ field: 'host', desc: true }] } },
      ]);
      assert.equal(r.output!.targets.length, 2);
    });
    it('ranks with topk / bottomk in instant queries', () => {
      assert.equal(expr(from(app).count().by('host').orderBy('count', 'desc').limit(5)), 'sort_desc(topk(5, sum by (host) (count_over_time({job="app"} [$__range]))))');
      assert.equal(expr(from(app).count().by('host').orderBy('count', 'asc').limit(5)), 'sort(bottomk(5, sum by (host) (count_over_time({job="app"} [$__range]))))');
    });
    it('sorts by several labels with stable Sort by transformations, least significant first, then limits', () => {
      assert.deepEqual(out(from(app).count().by('host', 'user').orderBy('user', 'desc').orderBy('host', 'asc').limit(3)).transformations, [
        { id: 'sortBy', options: { fields: {}, sort: [{ field: 'host', desc: false }] } },
        { id: 'sortBy', options: { fields: {}, sort: [{ field: 'user', desc: true }] } },
        { id: 'limit', options: { limitField: 3 } },
      ]);
    });
    it('says that topk in a range query is evaluated per step', () => {
      const r = loki(from(app).timeslice('5m').count().by('host').orderBy('count', 'desc').limit(3));
      assert.equal(r.output!.targets[0]!.expr, 'topk(3, sum by (host) (count_over_time({job="app"} [5m])))');
      assert.ok(codes(r).includes('logql.topk-per-step') && codes(r).includes('logql.range-order'));
    });
    it('keeps the newest bucket for a single value: Sort by Time, then Limit', () => {
      const r = loki(from(app).timeslice('1h').count().orderBy('timeslice', 'desc').limit(1));
      assert.deepEqual(r.output!.transformations, [
        { id: 'sortBy', options: { fields: {}, sort: [{ field: 'Time', desc: true }] } },
        { id: 'limit', options: { limitField: 1 } },
      ]);
      assert.deepEqual(codes(r), ['logql.bucket-alignment']);
    });
    it('fetches 1000 lines for raw events without a limit, and warns above Loki’s 5000', () => {
      const r = loki(from(app).search('x'));
      assert.equal(r.output!.maxLines, 1000);
      assert.ok(codes(r).includes('logql.default-max-lines'));
      assert.ok(codes(loki(from(app).search('x').limit(6000))).includes('logql.max-lines'));
    });
  });

  describe('unsupported constructs give a typed diagnostic and no output', () => {
    const cases: [string, () => QueryBuilder | Query, string][] = [
      ['a source without a loki binding', () => from(defineSource({ id: 's', splunk: { index: 'x' }, fields: {} })).count(), 'logql.no-binding'],
      ['a field that is not a label, with no parser', () => from(defineSource({ id: 's', loki: { selector: { job: 'x' } }, fields: { user: 'user' } })).where('user', '=', 'a'), 'logql.no-parser'],
      ['a field with no Loki name', () => from(defineSource({ id: 's', loki: { selector: { job: 'x' } }, fields: { user: { splunk: 'user' } } })).where('user', '=', 'a'), 'mapping.unmapped-field'],
      ['a keyword OR-ed with a field test', () => from(app).or((w) => w.search('a'), (w) => w.where('user', '=', 'b')), 'logql.mixed-boolean'],
      ['AND inside an OR of keywords', () => from(app).or((w) => w.search('a', 'b'), (w) => w.search('c')), 'logql.line-filter-boolean'],
      ['NOT inside an OR of keywords', () => from(app).or((w) => w.not((x) => x.search('a')), (w) => w.search('c')), 'logql.line-filter-boolean'],
      ['parsing a field rather than the line', () => from(app).parse('a=*', ['x'], { field: 'user' }), 'logql.extract-field'],
      ['an extracted field named like a stream label', () => from(app).parse('h=*', ['host']), 'logql.label-collision'],
      ['a label name that is a LogQL keyword', () => from(defineSource({ id: 's', loki: { selector: { job: 'x' }, parser: 'json' }, fields: { u: 'unwrap' } })).where('u', '=', 'a'), 'logql.label-name'],
      ['a label name that is not an identifier', () => from(defineSource({ id: 's', loki: { selector: { job: 'x' }, parser: 'json' }, fields: { u: 'user.name' } })).where('u', '=', 'a'), 'logql.label-name'],
      ['a transpose that is not buckets by a group', () => from(app).count().by('host', 'user').transpose('host', 'user'), 'logql.pivot'],
      ['a capture named twice', () => from(app).parse('a=* b=*', ['x', 'x']), 'logql.duplicate-capture'],
      ['a JSON key with a quote', () => from(app).json({ x: ['a"b'] }), 'logql.json-key'],
      ['a lone surrogate', () => from(app).where('host', '=', '\ud800'), 'logql.invalid-unicode'],
      ['a whitespace-only keyword', () => from(app).search('\n'), 'logql.blank-keyword'],
      ['an empty selector value', () => from(defineSource({ id: 's', loki: { selector: { job: '' } }, fields: {} })).count(), 'logql.empty-selector'],
      ['a sort key that names nothing', () => from(app).count().by('host').orderBy('nope', 'asc'), 'query.unresolved-key'],
      ['sorting raw events by a field', () => ({ ...from(app).build(), sort: [{ key: 'time', dir: 'asc', ref: { kind: 'unresolved', key: 'time' } }] }) as Query, 'logql.event-sort'],
      ['a legend that Grafana would interpolate', () => ({ ...from(app).count().build(), aggregate: { measures: [{ kind: 'measure', fn: 'count', as: 'a$b' }], by: [] } }) as Query, 'logql.legend-text'],
    ];
    for (const [name, make, code] of cases) {
      it(name, () => {
        const r = loki(make());
        assert.equal(r.fidelity, 'unsupported', JSON.stringify(r));
        assert.equal(r.output, undefined);
        assert.equal(r.diagnostics.length, 1);
        assert.equal(r.diagnostics[0]!.code, code, r.diagnostics[0]!.message);
      });
    }
  });

  describe('escaping, per context', () => {
    it('string literals: Go escapes only, $ and [[ broken for Grafana', () => {
      const table: [string, string][] = [
        ['plain', '"plain"'],
        ['a"b', '"a\\"b"'],
        ['a\\b', '"a\\\\b"'],
        ['trailing\\', '"trailing\\\\"'],
        ['\\b', '"\\\\b"'],
        ['$x ${x} $__range', '"\\x24x \\x24{x} \\x24__range"'],
        ['[[x]] [[[', '"[\\x5bx]] [\\x5b\\x5b"'],
        ['a\nb\r\t', '"a\\nb\\r\\t"'],
        ['\u0000\u0007\u007f\u0085', '"\\u0000\\u0007\\u007f\\u0085"'],
        ['\u2028\ufeff', '"\\u2028\\ufeff"'],
        ['`#|{}', '"`#|{}"'],
        ['é日本🔥', '"é日本🔥"'],
      ];
      for (const [value, printed] of table) {
        assert.equal(logqlString(value, 'v'), printed);
        assert.deepEqual(lexLogql(printed), [{ kind: 'string', text: printed, value }]);
      }
      assert.throws(() => logqlString('a\udc00', 'v'), (e: unknown) => e instanceof UnsupportedConstruct && e.code === 'logql.invalid-unicode');
    });
    it('regex literals: RE2 escapes, then the string layer doubles the backslashes', () => {
      const table: [string, string][] = [
        ['.*', '"\\\\.\\\\*"'],
        ['(?i)', '"\\\\(\\\\?i\\\\)"'],
        ['a|b$', '"a\\\\|b\\\\\\x24"'],
        ['[x]{1}', '"\\\\[x\\\\]\\\\{1\\\\}"'],
        ['\\d', '"\\\\\\\\d"'],
        ['tab\t', '"tab\\\\x09"'],
      ];
      for (const [value, printed] of table) assert.equal(logqlString(printRegex(literal(value), LOKI_REGEX), 'v'), printed);
    });
    it('labels: identifiers that are not LogQL keywords or internal names', () => {
      assert.equal(logqlLabel('user_name', 'f'), 'user_name');
      for (const bad of ['a-b', '1a', 'by', 'JSON', 'unwrap', '__error__', '', 'é']) assert.throws(() => logqlLabel(bad, 'f'), UnsupportedConstruct, bad);
    });
    it('json paths: dotted identifiers, bracketed keys, indices; keys Loki cannot quote are refused', () => {
      assert.equal(logqlJsonPath(['a', 'b_c', 0, 'd']), 'a.b_c[0].d');
      assert.equal(logqlJsonPath(['k8s.pod', 'a b', '$x', '日本', 2]), '["k8s.pod"]["a b"]["$x"]["日本"][2]');
      assert.equal(logqlString(logqlJsonPath(['a', '$[[x']), 'p'), '"a[\\"\\x24[\\x5bx\\"]"');
      for (const bad of ['a"b', 'a]b', 'a\\b', '', 'a\u0000']) assert.throws(() => logqlJsonPath(['x', bad]), UnsupportedConstruct, bad);
    });
    it('pattern templates: <_> for the search, undefined when text reads as a capture or captures touch', () => {
      assert.equal(logqlPatternTemplate(['a ', { capture: 'x' }, ' b']), '<_>a <x> b');
      assert.equal(logqlPatternTemplate([{ capture: 'x' }, ' <b']), '<x> <b');
      assert.equal(logqlPatternTemplate(['<_> ', { capture: 'x' }]), undefined);
      assert.equal(logqlPatternTemplate(['x<user>', { capture: 'x' }]), undefined);
      assert.equal(logqlPatternTemplate([{ capture: 'x' }, { capture: 'y' }]), undefined);
    });
    it('numbers, quantiles, variables and legends', () => {
      assert.equal(logqlNumber(-1.5), '-1.5');
      assert.throws(() => logqlNumber(1e21), UnsupportedConstruct);
      assert.deepEqual([95, 99.9, 50, 5, 0.5, 99.99].map(logqlQuantile), ['0.95', '0.999', '0.5', '0.05', '0.005', '0.9999']);
      assert.equal(logqlVariable({ kind: 'var', name: 'host', multi: true, includeAll: true }), '${host:regex}');
      assert.throws(() => logqlVariable({ kind: 'var', name: 'a}b', multi: false, includeAll: false }), UnsupportedConstruct);
      assert.equal(logqlLegend([{ label: 'host' }, 'count']), '{{host}} count');
      for (const bad of ['{{x}}', '$x', '[[x]]', 'a}']) assert.throws(() => logqlLegend([bad]), UnsupportedConstruct, bad);
    });
  });

  describe('the lexer', () => {
    it('decodes Go escapes as Loki does, bytes included', () => {
      assert.equal(lexLogql('"\\x24\\u00e9\\xc3\\xa9\\101\\U0001F525\\a"')[0]!.value, '$ééA🔥\u0007');
      assert.deepEqual(lexLogql('`a\\b`'), [{ kind: 'raw', text: '`a\\b`', value: 'a\\b' }]);
      for (const bad of ['"\\d"', '"\\\'"', '"a\nb"', '"\\ud800"', '"open', '"\\xff"']) assert.throws(() => lexLogql(bad), SyntaxError, bad);
    });
    it('splits matchers, pipes, operators, ranges, variables and comments', () => {
      const kinds = (e: string) => lexLogql(e).map((t) => `${t.kind}:${t.text}`);
      assert.deepEqual(kinds('{a=~"x", b!=""} |~ `y` != "z" | c >= 5 [5m] # note'), [
        'punct:{', 'word:a', 'matcher:=~', 'string:"x"', 'punct:,', 'word:b', 'matcher:!=', 'string:""', 'punct:}',
        'lineFilter:|~', 'raw:`y`', 'matcher:!=', 'string:"z"', 'pipe:|', 'word:c', 'op:>=', 'number:5', 'range:[5m]', 'comment:# note',
      ]);
      assert.deepEqual(kinds('sum by (h) (x [$__range]) ${v:regex}'), ['word:sum', 'word:by', 'punct:(', 'word:h', 'punct:)', 'punct:(', 'word:x', 'range:[$__range]', 'punct:)', 'variable:${v:regex}']);
    });
  });

  describe('injection: a value never changes the structure of the expression', () => {
    const strings = (e: string): LogqlToken[] => lexLogql(e).filter((t) => t.kind === 'string');
    const exprsOf = (r: Compiled<LokiOutput>): string[] => r.output!.targets.map((t) => t.expr);
    const lexAll = (r: Compiled<LokiOutput>): LogqlToken[] => exprsOf(r).flatMap(lexLogql);
    const isLone = (v: string) => /[\ud800-\udfff]/.test(v.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
    const blankForRe2 = (v: string) => v.split(/[\t\n\f\r ]+/).filter(Boolean).length === 0;
    const stripRe2Space = (v: string) => v.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');

    /** The literal of a keyword: (?i), \b beside ASCII word characters, the words joined by \s+. */
    const keywordHolds = (v: string) => (t: { value?: string }): boolean => {
      const words = stripRe2Space(v);
      let re = t.value!;
      if (!re.startsWith('(?i)')) return false;
      re = re.slice(4);
      if (/[A-Za-z0-9_]/.test(words[0]!)) {
        if (!re.startsWith('\\b')) return false;
        re = re.slice(2);
      }
      if (/[A-Za-z0-9_]/.test(words[words.length - 1]!)) {
        if (!re.endsWith('\\b') || re.endsWith('\\\\b')) return false;
        re = re.slice(0, -2);
      }
      const js = re2ToJs(re);
      const m = mutated(words);
      return js.test(words) && (m === undefined || !js.test(m));
    };
    const regexHolds = (v: string, wrap: (re: string) => string, sample: string) => (t: { value?: string }): boolean => {
      const js = re2ToJs(wrap(t.value!), 's');
      const m = mutated(v);
      return js.test(sample) && (m === undefined || !js.test(sample.replace(v, m)));
    };

    interface Context {
      readonly name: string;
      readonly build: (v: string) => QueryBuilder | Query;
      /** Why the value may be refused, or undefined when it must compile. */
      readonly refusal?: (v: string) => boolean;
      readonly kinds: readonly string[];
      readonly holds: (v: string) => (t: { value?: string }) => boolean;
    }
    const esc = (v: string) => v.replace(/[\\*]/g, '\\$&');
    const contexts: Context[] = [
      { name: 'keyword', build: (v) => from(app).search(v).count(), refusal: blankForRe2, kinds: ['string'], holds: keywordHolds },
      { name: 'phrase', build: (v) => from(app).phrase(v).count(), refusal: blankForRe2, kinds: ['string'], holds: keywordHolds },
      { name: 'stream-label value', build: (v) => from(app).where('host', '=', v).count(), kinds: ['string'], holds: (v) => (t) => t.value === v },
      { name: 'parsed-field value', build: (v) => from(app).where('user', '!=', v).count(), kinds: ['string'], holds: (v) => (t) => t.value === v },
      { name: 'list value', build: (v) => from(app).where('user', 'in', [v, 'z']).count(), kinds: ['string'], holds: (v) => regexHolds(v, (re) => re, v) },
      { name: 'wildcard literal part', build: (v) => from(app).where('host', 'wildcard', `${esc(v)}*`).count(), kinds: ['string'], holds: (v) => regexHolds(v, (re) => re, `${v}tail`) },
      {
        name: 'JSON path key',
        build: (v) => from(app).json({ k: ['a', v] }).count(),
        refusal: (v) => v === '' || /["\]\\\u0000]/.test(v),
        kinds: ['string'],
        holds: (v) => (t) => t.value === (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(v) ? `a.${v}` : `a["${v}"]`),
      },
    ];

    for (const c of contexts) {
      it(`${c.name}: hostile corpus and generated values`, () => {
        const benign = lexAll(loki(c.build('benign')));
        const check = (v: string): void => {
          let query;
          try {
            query = c.build(v);
          } catch (e) {
            assert.match(v, /^\s*$/, `${c.name}: the builder refused ${JSON.stringify(v)}: ${(e as Error).message}`);
            return;
          }
          const r = loki(query); // also checks every expr with lezer-logql
          if (r.fidelity === 'unsupported') {
            assert.ok(isLone(v) || c.refusal?.(v), `${c.name} ${JSON.stringify(v).slice(0, 60)}: ${JSON.stringify(r.diagnostics)}`);
            return;
          }
          assertSingleLiteral(lexAll(r), benign, c.kinds, c.holds(v), `${c.name} ${JSON.stringify(v).slice(0, 60)}`);
          assert.ok(!exprsOf(r).some((e) => /\$(?!\{[a-z]+:regex\}|__range)|\[\[/.test(e)), `${c.name}: Grafana would interpolate ${JSON.stringify(v).slice(0, 60)}`);
        };
        for (const v of HOSTILE) check(v);
        fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(1300) });
      });
    }

    it('anchor literal text: the line filter and the pattern (or its regexp) hold the text exactly', () => {
      const build = (v: string): Query => ({ ...from(app).count().build(), extract: [{ kind: 'parse', parts: [v, { capture: 'rest' }, ' end'] }] });
      const check = (v: string): void => {
        if (v === '') return; // not a piece of text: the builder never makes empty parts
        const r = loki(build(v));
        if (r.fidelity === 'unsupported') {
          assert.ok(isLone(v), `${JSON.stringify(v)}: ${JSON.stringify(r.diagnostics)}`);
          return;
        }
        const asPattern = !/<[A-Za-z_][A-Za-z0-9_]*>/.test(v);
        const b = loki(build(asPattern ? 'benign' : '<benign>'));
        const actual = lexAll(r);
        const expected = lexAll(b);
        assert.deepEqual(actual.map((t) => t.kind), expected.map((t) => t.kind));
        actual.forEach((t, i) => {
          if (t.kind !== 'string') assert.equal(t.text, expected[i]!.text);
        });
        const [selector, drop, parse] = strings(exprsOf(r)[0]!);
        assert.equal(selector!.value, 'app');
        assert.ok(regexHolds(v, (re) => re.replace(/^\(\?s\)/, ''), `${v}xyz end`)(drop!), `drop ${drop!.text}`);
        if (asPattern) assert.equal(parse!.value, `<_>${v}<rest> end`);
        else {
          const js = re2ToJs(parse!.value!.replace(/^\(\?s\)/, ''), 's');
          assert.equal(js.exec(`${v}xyz end`)?.groups?.rest, 'xyz');
        }
      };
      for (const v of HOSTILE) check(v);
      fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(1300) });
    });

    it('regex literal text: the regexp stage and its line filter match exactly the literal', () => {
      const build = (v: string): Query => ({
        ...from(app).count().build(),
        extract: [
          {
            kind: 'parseRegex',
            regex: { kind: 'seq', items: [literal(v), { kind: 'group', capture: 'rest', item: { kind: 'repeat', item: { kind: 'any' }, min: 0, lazy: false } }] },
            source: '',
            captures: ['rest'],
          },
        ],
      });
      const benign = lexAll(loki(build('benign')));
      const check = (v: string): void => {
        const r = loki(build(v));
        if (r.fidelity === 'unsupported') {
          assert.ok(isLone(v), `${JSON.stringify(v)}: ${JSON.stringify(r.diagnostics)}`);
          return;
        }
        const actual = lexAll(r);
        assert.deepEqual(actual.map((t) => t.kind), benign.map((t) => t.kind));
        const [, filter, regexp] = strings(exprsOf(r)[0]!);
        assert.equal(filter!.value, regexp!.value);
        const js = re2ToJs(regexp!.value!);
        assert.equal(js.exec(`${v}tail`)?.groups?.rest, 'tail', `${regexp!.text}`);
        const m = mutated(v);
        if (m !== undefined) assert.ok(!js.test(`${m}tail`) || js.exec(`${m}tail`)?.groups?.rest !== 'tail');
      };
      for (const v of HOSTILE) check(v);
      fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(1300) });
    });
  });
});
