import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import twistlockOverview from '../../dashboards/twistlock-overview.js';
import { defineSource, from, QueryBuilder, variable } from '../../src/index.js';
import type { Diagnostic, Fidelity } from '../../src/query/fidelity.js';
import { fidelityOf, UnsupportedConstruct } from '../../src/query/fidelity.js';
import { mapQuery } from '../../src/query/mapping.js';
import type { AnchorPart, GlobPart, PanelQuery, Query } from '../../src/query/nodes.js';
import type { EsqlOutput } from '../../src/query/outputs.js';
import { EsqlPrinter } from '../../src/query/printers/esql.js';
import {
  esqlIdentifier,
  esqlIndexPattern,
  esqlLikePattern,
  esqlNumber,
  esqlParam,
  esqlString,
  esqlTimeSpan,
  isBareEsqlIdentifier,
} from '../../src/query/printers/esql-escape.js';
import { type EsqlToken, lexEsql } from '../../src/query/printers/esql-lexer.js';
import { literal } from '../../src/query/regex/ast.js';
import { parseRegex } from '../../src/query/regex/parse.js';
import { GROK_REGEX } from '../../src/query/regex/grok.js';
import { printRegex } from '../../src/query/regex/print.js';
import { assertSingleLiteral, HOSTILE, hostileValue, runs } from '../helpers/injection.js';
import { app } from '../helpers/sources.js';
import { type Compiled, compiledAs } from '../helpers/compiled.js';


function esql(q: QueryBuilder | PanelQuery): Compiled<EsqlOutput> {
  const r = compiledAs<EsqlOutput>(q, 'esql');
  return r;
}

/** The printed text; it must lex cleanly and hold no comment. */
function text(q: QueryBuilder | Query): string {
  const r = esql(q);
  assert.notEqual(r.fidelity, 'unsupported', JSON.stringify(r.diagnostics));
  const tokens = lexEsql(r.output!.esql);
  assert.equal(tokens.filter((t) => t.kind === 'comment').length, 0);
  return r.output!.esql;
}

const codes = (r: Compiled<EsqlOutput>): string[] => r.diagnostics.map((d) => d.code).sort();
const unsupportedCode = (q: QueryBuilder | Query): string => {
  const r = esql(q);
  assert.equal(r.fidelity, 'unsupported', r.output?.esql);
  assert.equal(r.output, undefined);
  return r.diagnostics[0]!.code;
};
const withExtract = (parts: readonly AnchorPart[], base = from(app)): Query => ({ ...base.build(), extract: [{ kind: 'parse', parts }] });

// Bindings as in query-languages.md §5.2: event.dataset on data view logs-*, host -> host.name.
const twistlockLogs = defineSource({ id: 'twistlock_logs', elastic: { dataView: 'logs-*', filter: { 'event.dataset': 'twistlock_logs' } }, fields: { host: { elastic: 'host.name' } } });
const twistlockExample = defineSource({ id: 'twistlock_example', elastic: { dataView: 'logs-*', filter: { 'event.dataset': 'twistlock/example' } }, fields: { host: { elastic: 'host.name' } } });

describe('ES|QL printer', () => {
  describe('the five reference queries (query-languages.md §5.2)', () => {
    it('Q1: terms, 5m buckets, count by bucket and host, pivot as the Lens breakdown', () => {
      const r = esql(from(twistlockLogs).search('Process', 'violation').timeslice('5m').count('count').by('host').transpose('timeslice', 'host'));
      assert.equal(
        r.output!.esql,
        [
          'FROM logs-*',
          '| WHERE event.dataset == "twistlock_logs" AND MATCH(message, "Process") AND MATCH(message, "violation")',
          '| STATS count = COUNT(*) BY timeslice = BUCKET(@timestamp, 5 minutes), host.name',
          '| SORT timeslice ASC',
          '| LIMIT 10000',
        ].join('\n'),
      );
      assert.deepEqual(r.output!.columns, [
        { name: 'count', type: 'number', role: 'metric' },
        { name: 'timeslice', type: 'date', role: 'x' },
        { name: 'host.name', type: 'string', role: 'breakdown' },
      ]);
      assert.equal(r.fidelity, 'exact');
      assert.deepEqual(codes(r), ['esql.row-limit']);
      assert.match(r.diagnostics[0]!.message, /288 per day/);
    });

    it('Q2: 24h buckets sorted newest first; day buckets are UTC-aligned, so approximate', () => {
      const r = esql(from(twistlockExample).search('violation').timeslice('24h').count().orderBy('timeslice', 'desc'));
      assert.equal(
        r.output!.esql,
        [
          'FROM logs-*',
          '| WHERE event.dataset == "twistlock/example" AND MATCH(message, "violation")',
          '| STATS count = COUNT(*) BY timeslice = BUCKET(@timestamp, 24 hours)',
          '| SORT timeslice DESC',
          '| LIMIT 10000',
        ].join('\n'),
      );
      assert.equal(r.fidelity, 'approximate');
      assert.deepEqual(codes(r), ['esql.bucket-utc']);
      assert.match(r.diagnostics[0]!.message, /UTC/);
    });

    it('Q3: anchor parse as GROK with lazy groups and a null check, count by user', () => {
      const r = esql(
        from(twistlockExample).search('Denied').parse("The command * * for user * by rule *'", ['command', 'action', 'user', 'rulename']).count().by('user').orderBy('user', 'asc'),
      );
      assert.equal(
        r.output!.esql,
        [
          'FROM logs-*',
          '| WHERE event.dataset == "twistlock/example" AND MATCH(message, "Denied")',
          `| GROK message "The command (?<command>.*?) (?<action>.*?) for user (?<user>.*?) by rule (?<rulename>.*?)'"`,
          '| WHERE user IS NOT NULL',
          '| STATS count = COUNT(*) BY user',
          '| SORT user ASC',
          '| LIMIT 10000',
        ].join('\n'),
      );
      assert.equal(r.fidelity, 'exact');
      assert.deepEqual(r.output!.columns, [
        { name: 'count', type: 'number', role: 'metric' },
        { name: 'user', type: 'string', role: 'group' },
      ]);
    });

    it('Q4: anchor parse, count by type, sort by count', () => {
      assert.equal(
        text(from(twistlockExample).search('violation').parse('.go:* * violation ', ['linenumber', 'violation_type']).count().by('violation_type').orderBy('count', 'desc')),
        [
          'FROM logs-*',
          '| WHERE event.dataset == "twistlock/example" AND MATCH(message, "violation")',
          '| GROK message "\\\\.go:(?<linenumber>.*?) (?<violation_type>.*?) violation "',
          '| WHERE violation_type IS NOT NULL',
          '| STATS count = COUNT(*) BY violation_type',
          '| SORT count DESC',
          '| LIMIT 10000',
        ].join('\n'),
      );
    });

    it('Q5: terms and a host test in one WHERE, raw events newest first with KEEP', () => {
      const r = esql(from(twistlockLogs).search('Process', 'violation').where('host', '=', 'cto-stable-ubuntu.c.cto-sandbox.internal').search('nc'));
      assert.equal(
        r.output!.esql,
        [
          'FROM logs-*',
          '| WHERE event.dataset == "twistlock_logs" AND host.name == "cto-stable-ubuntu.c.cto-sandbox.internal" AND MATCH(message, "Process") AND MATCH(message, "violation") AND MATCH(message, "nc")',
          '| SORT @timestamp DESC',
          '| KEEP @timestamp, host.name, message',
          '| LIMIT 100',
        ].join('\n'),
      );
      assert.deepEqual(r.output!.columns, [
        { name: '@timestamp', type: 'date', role: 'field' },
        { name: 'host.name', type: 'string', role: 'field' },
        { name: 'message', type: 'string', role: 'field' },
      ]);
      assert.equal(r.fidelity, 'exact');
      assert.deepEqual(codes(r), ['esql.event-limit']);
    });
  });

  describe('the seed dashboard (dashboards/twistlock-overview.ts)', () => {
    const where = '| WHERE ';
    const daily = (terms: string, dir: string) =>
      ['FROM logs-twistlock-*', `${where}${terms}`, '| STATS count = COUNT(*) BY timeslice = BUCKET(@timestamp, 24 hours)', `| SORT timeslice ${dir}`, '| LIMIT 10000'].join('\n');
    const expected = [
      daily('MATCH(message, "violation")', 'DESC'),
      daily('MATCH(message, "Network") AND MATCH(message, "violation")', 'DESC'),
      daily('MATCH(message, "Process") AND MATCH(message, "violation")', 'DESC'),
      daily('MATCH(message, "violation")', 'ASC'),
      [
        'FROM logs-twistlock-*',
        `${where}MATCH(message, "Denied")`,
        `| GROK message "The command (?<command>.*?) (?<action>.*?) for user (?<user>.*?) by rule (?<rulename>.*?)'"`,
        '| WHERE user IS NOT NULL',
        '| STATS count = COUNT(*) BY user',
        '| SORT user ASC',
        '| LIMIT 10000',
      ].join('\n'),
      [
        'FROM logs-twistlock-*',
        `${where}MATCH(message, "violation")`,
        '| GROK message "\\\\.go:(?<linenumber>.*?) (?<violation_type>.*?) violation "',
        '| WHERE violation_type IS NOT NULL',
        '| STATS count = COUNT(*) BY violation_type',
        '| SORT count DESC',
        '| LIMIT 10000',
      ].join('\n'),
      [
        'FROM logs-twistlock-*',
        `${where}MATCH(message, "Process") AND MATCH(message, "violation")`,
        '| STATS count = COUNT(*) BY timeslice = BUCKET(@timestamp, 5 minutes), host.name',
        '| SORT timeslice ASC',
        '| LIMIT 10000',
      ].join('\n'),
    ];
    const queries = twistlockOverview.panels.flatMap((p) => ('query' in p && p.query ? [p.query as PanelQuery] : []));

    it('compiles all seven panels', () => {
      assert.equal(queries.length, 7);
      queries.forEach((q, i) => {
        assert.equal(q.kind, 'query');
        const r = esql(q as Query);
        assert.equal(r.output?.esql, expected[i], `panel ${i + 1}`);
        // The host variable is a dashboard control filter (it offers All and several values,
        // which an ES|QL parameter cannot), not text in the query.
        assert.deepEqual(r.output!.parameters, []);
        assert.deepEqual(r.output!.variableFilters, [{ variable: 'host', field: 'host.name', negate: false }]);
        assert.ok(r.diagnostics.some((d) => d.code === 'esql.variable-control'));
      });
    });
  });

  describe('escaping, per context', () => {
    it('string literals: only \\\\ \\" \\n \\r \\t are escaped; other controls and lone surrogates are refused', () => {
      const table: [string, string][] = [
        ['plain', '"plain"'],
        ['a"b', '"a\\"b"'],
        ['a\\b', '"a\\\\b"'],
        ['trailing\\', '"trailing\\\\"'],
        ['\\"', '"\\\\\\""'],
        ['line\nbreak\r\ttab', '"line\\nbreak\\r\\ttab"'],
        ['\\d \\b', '"\\\\d \\\\b"'],
        ['""" and `', '"\\"\\"\\" and `"'],
        ['// /* */ | ?x', '"// /* */ | ?x"'],
        ['é 日本 🔥 \u2028 \ufeff', '"é 日本 🔥 \u2028 \ufeff"'],
        ['', '""'],
      ];
      for (const [value, printed] of table) {
        assert.equal(esqlString(value, 'v'), printed);
        const tokens = lexEsql(printed);
        assert.equal(tokens.length, 1);
        assert.equal(tokens[0]!.value, value);
      }
      assert.throws(() => esqlString('a\u0000b', 'v'), (e: UnsupportedConstruct) => e.code === 'esql.control-character');
      assert.throws(() => esqlString('a\u001bb', 'v'), (e: UnsupportedConstruct) => e.code === 'esql.control-character');
      assert.throws(() => esqlString('\ud800', 'v'), (e: UnsupportedConstruct) => e.code === 'esql.invalid-unicode');
    });

    it('identifiers: bare only for plain dotted names that are not keywords, else backticks with ` doubled', () => {
      const table: [string, string][] = [
        ['host.name', 'host.name'],
        ['@timestamp', '@timestamp'],
        ['_id', '_id'],
        ['event.dataset', 'event.dataset'],
        ['count', 'count'],
        ['_', '`_`'],
        ['@', '`@`'],
        ['a b', '`a b`'],
        ['a`b', '`a``b`'],
        ['first', '`first`'],
        ['host.last', '`host.last`'],
        ['NOT', '`NOT`'],
        ['1a', '`1a`'],
        ['a..b', '`a..b`'],
        ['a-b', '`a-b`'],
        ['é', '`é`'],
      ];
      for (const [name, printed] of table) {
        assert.equal(esqlIdentifier(name), printed, name);
        const [token, ...rest] = lexEsql(printed);
        assert.equal(rest.length, 0);
        assert.equal(token!.kind === 'identifier' ? token!.value : token!.text, name);
      }
      for (const bad of ['', 'a\nb', 'a\u0000', '\udc00']) {
        assert.throws(() => esqlIdentifier(bad), (e: UnsupportedConstruct) => e.code === 'esql.identifier', JSON.stringify(bad));
      }
    });

    it('LIKE patterns: wildcard layer then string layer', () => {
      const star: GlobPart = { wildcard: '*' };
      const table: [GlobPart[], string][] = [
        [['web-', star], '"web-*"'],
        [[star, 'a*b', star], '"*a\\\\*b*"'],
        [['a?'], '"a\\\\?"'],
        [['C:\\dir'], '"C:\\\\\\\\dir"'],
        [['say "hi"', star], '"say \\"hi\\"*"'],
        [['%_'], '"%_"'],
      ];
      for (const [parts, printed] of table) assert.equal(esqlLikePattern(parts, 'p'), printed);
    });


    it('GROK regexes: % always hex-escaped (never %{), code points as \\x{h}, then string-escaped', () => {
      assert.equal(printRegex(literal('%{x}'), GROK_REGEX), '\\x{25}\\{x\\}');
      assert.equal(printRegex(parseRegex('%{2}[%{}]'), GROK_REGEX), '\\x{25}{2}[\\x{25}{}]');
      assert.equal(printRegex(literal('a\tb'), GROK_REGEX), 'a\\x{9}b');
      assert.equal(esqlString(printRegex(parseRegex('user=(?<user>\\S+) "(?<q>[^"]*)"'), GROK_REGEX), 'g'), '"user=(?<user>\\\\S+) \\"(?<q>[^\\"]*)\\""');
    });

    it('index patterns: plain patterns bare, the keyword metadata quoted, anything else refused', () => {
      assert.equal(esqlIndexPattern('logs-*', 'dv'), 'logs-*');
      assert.equal(esqlIndexPattern('logs-*, metrics-*,-logs-debug', 'dv'), 'logs-*, metrics-*, -logs-debug');
      assert.equal(esqlIndexPattern('remote:logs-*', 'dv'), 'remote:logs-*');
      assert.equal(esqlIndexPattern('metadata', 'dv'), '"metadata"');
      for (const bad of ['logs | DROP x', 'a b', 'logs/*', 'a"b', '', 'a::failures', '<logs-{now/d}>', 'logs,']) {
        assert.throws(() => esqlIndexPattern(bad, 'dv'), (e: UnsupportedConstruct) => e.code === 'esql.index-pattern', bad);
      }
    });

    it('numbers, parameters and time spans', () => {
      assert.equal(esqlNumber(500), '500');
      assert.equal(esqlNumber(-2.5), '-2.5');
      assert.equal(esqlNumber(1e21), '1e+21');
      assert.throws(() => esqlNumber(Number.NaN), (e: UnsupportedConstruct) => e.code === 'esql.number');
      assert.equal(esqlParam('host'), '?host');
      for (const bad of ['_tstart', 'a b', '1x', '', 'a"']) assert.throws(() => esqlParam(bad), (e: UnsupportedConstruct) => e.code === 'esql.parameter-name');
      const spans: [string, string][] = [['30s', '30 seconds'], ['1m', '1 minute'], ['5m', '5 minutes'], ['1h', '1 hour'], ['24h', '24 hours'], ['1d', '24 hours'], ['2d', '48 hours'], ['1w', '168 hours']];
      for (const [span, printed] of spans) {
        const n = Number(span.slice(0, -1));
        assert.equal(esqlTimeSpan({ n, unit: span.slice(-1) as 's' }), printed);
      }
    });
  });

  describe('filters', () => {
    it('prints comparisons, lists, LIKE and IS NOT NULL; numbers unquoted', () => {
      assert.equal(
        text(from(app).where('host', '!=', 'web1').where('user', '=', 'root').where('status', '>=', 500).where('status', 'in', [500, 503]).where('user', 'in', ['a', 'OR']).where('host', 'wildcard', 'web-*').where('user', 'exists')),
        [
          'FROM logs-app-*',
          '| WHERE host.name != "web1" AND user.name == "root" AND http.response.status_code >= 500 AND http.response.status_code IN (500, 503) AND user.name IN ("a", "OR") AND host.name LIKE "web-*" AND user.name IS NOT NULL',
          '| SORT @timestamp DESC',
          '| KEEP @timestamp, host.name, user.name, http.response.status_code, message',
          '| LIMIT 100',
        ].join('\n'),
      );
    });

    it('prints or/not with parentheses, field tests before full-text functions', () => {
      assert.equal(
        text(from(app).or((w) => w.search('a'), (w) => w.search('b').search('c')).not((w) => w.search('debug')).where('user', '=', 'x').not((w) => w.where('host', '=', 'h')).count()).split('\n')[1],
        '| WHERE user.name == "x" AND NOT (host.name == "h") AND (MATCH(message, "a") OR (MATCH(message, "b") AND MATCH(message, "c"))) AND NOT MATCH(message, "debug")',
      );
      assert.ok(codes(esql(from(app).or((w) => w.search('a'), (w) => w.where('user', '=', 'b')).count())).includes('esql.full-text-in-or'));
      assert.equal(text(from(app).parse('took=*', ['took']).not((w) => w.where('took', '>', 5)).count()).split('\n')[3], '| WHERE NOT (TO_DOUBLE(took) > 5)');
    });

    it('terms that are more than one token become MATCH_PHRASE; punctuation makes the match approximate', () => {
      const two = esql(from(app).search('failed login').count());
      assert.match(two.output!.esql, /MATCH_PHRASE\(message, "failed login"\)/);
      assert.deepEqual(codes(two), ['esql.match-phrase-version', 'esql.term-as-phrase']);
      assert.equal(two.fidelity, 'exact');
      const cjk = esql(from(app).search('日本').count());
      assert.match(cjk.output!.esql, /MATCH_PHRASE\(message, "日本"\)/);
      const dashed = esql(from(app).search('cto-stable').count());
      assert.match(dashed.output!.esql, /MATCH_PHRASE\(message, "cto-stable"\)/);
      assert.equal(dashed.fidelity, 'approximate');
      assert.ok(codes(dashed).includes('esql.term-punctuation'));
      const none = esql(from(app).search('*').count());
      assert.deepEqual(codes(none).filter((c) => c.startsWith('esql.term')), ['esql.term-as-phrase', 'esql.term-without-words']);
      const phrase = esql(from(app).phrase('Process violation').count());
      assert.match(phrase.output!.esql, /MATCH_PHRASE\(message, "Process violation"\)/);
      assert.match(phrase.diagnostics[0]!.message, /8\.19 \/ 9\.1/);
    });

    it('applies field variables as control filters and binds the rest as ?parameters, never as text', () => {
      const host = variable({ name: 'host', values: ['a', 'b'], includeAll: false });
      const word = variable({ name: 'word', values: ['x'], multi: true, includeAll: false });
      const r = esql(from(app).where('host', '!=', host).search(word).parse('u=* ', ['who']).where('who', '=', host).count());
      assert.deepEqual(r.output!.variableFilters, [{ variable: 'host', field: 'host.name', negate: true }]);
      assert.equal(r.output!.esql.split('\n')[1], '| WHERE MATCH_PHRASE(message, ?word)');
      assert.equal(r.output!.esql.split('\n')[4], '| WHERE who == ?host');
      assert.deepEqual(r.output!.parameters, ['word', 'host']);
      assert.deepEqual(codes(r), ['esql.match-phrase-version', 'esql.variable-control', 'esql.variable-multi']);
      const tokens = lexEsql(r.output!.esql).filter((t) => t.kind === 'param');
      assert.deepEqual(tokens.map((t) => t.value), ['word', 'host']);
    });

    it('filters on ?_tstart/?_tend when the time field is not @timestamp', () => {
      const s = defineSource({ id: 's', elastic: { dataView: 'events', timeField: 'event.created', messageField: 'log line' }, fields: {} });
      const r = esql(from(s).search('x'));
      assert.equal(
        r.output!.esql,
        ['FROM events', '| WHERE event.created >= ?_tstart AND event.created < ?_tend AND MATCH(`log line`, "x")', '| SORT event.created DESC', '| KEEP event.created, `log line`', '| LIMIT 100'].join('\n'),
      );
      assert.deepEqual(r.output!.parameters, []);
      assert.ok(codes(r).includes('esql.time-params'));
    });
  });

  describe('extraction', () => {
    it('GROK from the start when the pattern starts with a capture; a named input field', () => {
      assert.equal(
        text(from(app).parse('* - *', ['first_part', 'rest'], { field: 'user' }).count().by('rest')).split('\n').slice(1, 3).join('\n'),
        '| GROK user.name "(?<first_part>.*?) - (?<rest>.*)"\n| WHERE rest IS NOT NULL',
      );
    });

    it('keeps %{ in an anchor literal from becoming a grok pattern reference', () => {
      const r = esql(withExtract(['cpu=%{ ', { capture: 'pct' }, '%']));
      assert.equal(r.output!.esql.split('\n').slice(1, 3).join('\n'), '| GROK message "cpu=\\\\x{25}\\\\{ (?<pct>.*?)\\\\x{25}"\n| WHERE pct IS NOT NULL');
      assert.deepEqual(codes(r), ['esql.event-limit']);
    });

    it('prints parseRegex as GROK and checks a capture that is always set', () => {
      const r = esql(from(app).parseRegex('(?:x(?<opt>\\d+))?user=(?<user>[^ "]+)').count().by('user'));
      assert.equal(r.output!.esql.split('\n').slice(1, 3).join('\n'), '| GROK message "(?:x(?<opt>\\\\d+))?user=(?<user>[^ \\"]+)"\n| WHERE user IS NOT NULL');
      assert.equal(r.fidelity, 'exact');
    });

    it('says when every group is optional, and anchors ^/$ at the text, not the line', () => {
      const r = esql(from(app).parseRegex('^(?:a(?<x>\\w+)|b(?<y>\\w+))$').count());
      assert.equal(r.output!.esql.split('\n')[1], '| GROK message "\\\\A(?:a(?<x>\\\\w+)|b(?<y>\\\\w+))\\\\z"');
      assert.equal(r.output!.esql.split('\n')[2], '| WHERE x IS NOT NULL OR y IS NOT NULL');
      assert.deepEqual(codes(r), ['esql.grok-optional-captures']);
    });

    it('converts extracted fields for numeric tests and numeric measures', () => {
      const r = esql(from(app).parse('took=* ms', ['took']).where('took', '>', 100).avg('took').percentile('took', 95).countDistinct('took'));
      assert.equal(
        r.output!.esql,
        [
          'FROM logs-app-*',
          '| GROK message "took=(?<took>.*?) ms"',
          '| WHERE took IS NOT NULL',
          '| WHERE TO_DOUBLE(took) > 100',
          '| STATS avg_took = AVG(TO_DOUBLE(took)), p95_took = PERCENTILE(TO_DOUBLE(took), 95), distinct_took = COUNT_DISTINCT(took)',
          '| LIMIT 10000',
        ].join('\n'),
      );
      assert.deepEqual(codes(r), ['esql.count-distinct', 'esql.percentile']);
    });
  });

  describe('aggregation', () => {
    it('prints every measure, sorts and limits explicitly', () => {
      const r = esql(from(app).count('n').countDistinct('user').sum('status').avg('status').min('status').max('status').percentile('status', 99.9).by('host').orderBy('n', 'desc').orderBy('host', 'asc').limit(10));
      assert.equal(
        r.output!.esql,
        [
          'FROM logs-app-*',
          '| STATS n = COUNT(*), distinct_user = COUNT_DISTINCT(user.name), sum_status = SUM(http.response.status_code), avg_status = AVG(http.response.status_code), min_status = MIN(http.response.status_code), max_status = MAX(http.response.status_code), p99_9_status = PERCENTILE(http.response.status_code, 99.9) BY host.name',
          '| SORT n DESC, host.name ASC',
          '| LIMIT 10',
        ].join('\n'),
      );
      assert.equal(r.fidelity, 'approximate');
      assert.deepEqual(codes(r), ['esql.count-distinct', 'esql.percentile']);
      assert.equal(r.output!.columns.length, 8);
    });

    it('prints day and week buckets in hours and flags the UTC alignment', () => {
      const r = esql(from(app).timeslice('1w').count());
      assert.match(r.output!.esql, /BUCKET\(@timestamp, 168 hours\)/);
      assert.match(r.diagnostics.find((d) => d.code === 'esql.bucket-utc')!.message, /Thursdays/);
    });

    it('warns about the 10,000-row cap', () => {
      assert.ok(codes(esql(from(app).count().by('host').limit(50_000))).includes('esql.row-cap'));
      assert.ok(codes(esql(from(app).timeslice('10s').count())).includes('esql.row-limit'));
      assert.ok(!codes(esql(from(app).timeslice('5m').count())).includes('esql.row-limit'));
    });

    it('backticks aliases and group fields that need it', () => {
      const s = defineSource({ id: 's', elastic: { dataView: 'x' }, fields: { odd: { elastic: 'labels.my field' }, kw: { elastic: 'first' } } });
      assert.equal(text(from(s).count('count').by('odd', 'kw').orderBy('kw', 'desc')).split('\n').slice(1).join('\n'), '| STATS count = COUNT(*) BY `labels.my field`, `first`\n| SORT `first` DESC\n| LIMIT 10000');
    });

    it('pivots other than bucket × group are approximate', () => {
      const r = esql(from(app).count().by('host', 'user').transpose('host', 'user'));
      assert.deepEqual(r.output!.columns.map((c) => c.role), ['metric', 'group', 'breakdown']);
      assert.deepEqual(codes(r), ['esql.pivot-layout']);
      assert.equal(unsupportedCode(from(app).count().by('host').transpose('count', 'host')), 'esql.pivot-key');
    });
  });

  describe('unsupported constructs give a typed diagnostic and no output', () => {
    it('json extraction points the user at the source binding', () => {
      const r = esql(from(app).json({ user: 'user.name' }).count().by('user'));
      assert.equal(r.fidelity, 'unsupported');
      assert.equal(r.output, undefined);
      assert.equal(r.diagnostics[0]!.code, 'esql.json');
      assert.match(r.diagnostics[0]!.message, /ingest/);
      assert.match(r.diagnostics[0]!.message, /elastic/);
    });
    it('a source without elastic binding', () => {
      assert.equal(unsupportedCode(from(defineSource({ id: 'y', splunk: { index: 'y' }, fields: {} })).count()), 'esql.no-binding');
    });
    it('a data view ES|QL FROM cannot take', () => {
      assert.equal(unsupportedCode(from(defineSource({ id: 'y', elastic: { dataView: 'logs | DROP x' }, fields: {} })).count()), 'esql.index-pattern');
    });
    it('a field with no elastic name, and one that cannot be an identifier', () => {
      assert.equal(unsupportedCode(from(defineSource({ id: 'y', elastic: { dataView: 'y' }, fields: { h: { splunk: 'h' } } })).where('h', '=', 'a')), 'mapping.unmapped-field');
      assert.equal(unsupportedCode(from(defineSource({ id: 'y', elastic: { dataView: 'y' }, fields: { h: { elastic: 'a\nb' } } })).where('h', '=', 'a')), 'esql.identifier');
    });
    it('a keyword search that depends on an extracted field', () => {
      assert.equal(unsupportedCode(from(app).parse('u=*', ['u']).or((w) => w.search('x'), (w) => w.where('u', '=', 'y')).count()), 'esql.full-text-after-extraction');
    });
    it('a variable compared with < and a list mixing types', () => {
      const v = variable({ name: 'v', values: ['1'] });
      const q = from(app).build();
      assert.equal(unsupportedCode({ ...q, filter: { kind: 'compare', field: { kind: 'field', name: 'status' }, op: '<', value: { kind: 'var', name: v.name, multi: false, includeAll: false } } }), 'esql.variable-compare');
      assert.equal(unsupportedCode(from(app).where('status', 'in', [1, '2'])), 'esql.mixed-list');
    });
    it('capture names DISSECT/GROK cannot carry, and captures with nothing between them', () => {
      assert.equal(unsupportedCode(withExtract(['a=', { capture: 'x->' }])), 'esql.capture-name');
      assert.equal(unsupportedCode(withExtract(['a=', { capture: 'x' }, '', { capture: 'y' }])), 'esql.parse-pattern');
    });
    it('two output columns with one name, and an unknown sort key', () => {
      assert.equal(unsupportedCode(from(app).parse('u=*', ['u']).count('u').by('u')), 'esql.duplicate-column');
      assert.equal(unsupportedCode(from(app).count().orderBy('nope', 'asc')), 'query.unresolved-key');
    });
  });

  describe('the lexer', () => {
    it('decodes strings and quoted identifiers, reads parameters, pipes and comments', () => {
      const tokens = lexEsql('FROM logs-* // c\n| WHERE `a``b` == "x\\"y" AND n >= ?p /* c */ | LIMIT 1');
      assert.deepEqual(
        tokens.map((t) => [t.kind, t.value ?? t.text]),
        [
          ['word', 'FROM'], ['word', 'logs-*'], ['comment', '// c'], ['pipe', '|'], ['word', 'WHERE'], ['identifier', 'a`b'], ['punct', '=='], ['string', 'x"y'],
          ['word', 'AND'], ['word', 'n'], ['punct', '>='], ['param', 'p'], ['comment', '/* c */'], ['pipe', '|'], ['word', 'LIMIT'], ['word', '1'],
        ],
      );
      assert.deepEqual(lexEsql('"""a\\d"""').map((t) => t.value), ['a\\d']);
    });
    it('rejects what ES|QL rejects in strings', () => {
      for (const bad of ['"a\\d"', '"a\nb"', '"open', '`open', '/* open']) assert.throws(() => lexEsql(bad), SyntaxError, JSON.stringify(bad));
    });
  });

  describe('injection: a value never changes the structure of the query', () => {
    const forbidden = (v: string) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v) || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v);
    const star: GlobPart = { wildcard: '*' };
    const userField = { kind: 'field', name: 'user' } as const;
    /** Decodes a LIKE pattern into literal characters and wildcards (null). */
    const decodeLike = (s: string): (string | null)[] => {
      const out: (string | null)[] = [];
      for (let i = 0; i < s.length; i++) {
        if (s[i] === '\\') out.push(s[++i]!);
        else out.push(s[i] === '*' || s[i] === '?' ? null : s[i]!);
      }
      return out;
    };
    const grokLiteralMatches = (pattern: string, v: string): boolean => {
      const head = pattern.slice(0, pattern.indexOf('(?<rest>'));
      return !head.includes('%') && new RegExp(`^${head.replace(/\\x\{([0-9a-f]+)\}/g, '\\u{$1}')}$`, 'u').test(v);
    };

    interface Context {
      readonly name: string;
      readonly build: (v: string) => QueryBuilder | Query;
      /** Values that print with a different token shape get a benign value of that shape. */
      readonly benign: (v: string) => string;
      readonly kinds: readonly string[];
      readonly holds: (t: EsqlToken, v: string) => boolean;
      readonly mayRefuse?: (v: string) => boolean;
    }
    const contexts: Context[] = [
      { name: 'search term', build: (v) => from(app).search(v).count(), benign: (v) => (/^[A-Za-z0-9_]+$/.test(v) ? 'benign' : 'ben ign'), kinds: ['string'], holds: (t, v) => t.value === v },
      { name: 'phrase', build: (v) => from(app).phrase(v).count(), benign: () => 'benign', kinds: ['string'], holds: (t, v) => t.value === v },
      { name: 'field value', build: (v) => from(app).where('user', '!=', v).count(), benign: () => 'benign', kinds: ['string'], holds: (t, v) => t.value === v },
      { name: 'list value', build: (v) => from(app).where('user', 'in', [v, 'z']).count(), benign: () => 'benign', kinds: ['string'], holds: (t, v) => t.value === v },
      {
        name: 'wildcard literal part',
        build: (v) => ({ ...from(app).build(), filter: { kind: 'wildcard', field: userField, pattern: [v, star] } }),
        benign: () => 'benign',
        kinds: ['string'],
        holds: (t, v) => JSON.stringify(decodeLike(t.value!)) === JSON.stringify([...v.split(''), null]),
      },
      {
        name: 'anchor literal text',
        build: (v) => withExtract([v, { capture: 'rest' }], from(app).count().by('rest')),
        benign: () => 'benign',
        kinds: ['string'],
        holds: (t, v) => grokLiteralMatches(t.value!, v),
      },
      {
        name: 'field name',
        build: (v) => from(defineSource({ id: 's', elastic: { dataView: 'logs-*' }, fields: { user: { elastic: v } } })).where('user', '=', 'x').count(),
        benign: (v) => (isBareEsqlIdentifier(v) ? 'user.name' : 'user name'),
        kinds: ['word', 'identifier'],
        holds: (t, v) => (t.kind === 'identifier' ? t.value : t.text) === v,
        mayRefuse: (v) => v === '' || /[\u0000-\u001f\u007f]/.test(v) || forbidden(v),
      },
      {
        name: 'variable name',
        build: (v) => from(app).where('user', '=', variable({ name: v, values: ['a'], includeAll: false })).count(),
        benign: () => 'benign',
        kinds: ['param'],
        holds: (t, v) => t.value === v,
        mayRefuse: (v) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(v),
      },
    ];

    const benignOutputs = new Map<string, readonly EsqlToken[]>();
    for (const c of contexts) {
      it(`${c.name}: hostile corpus and generated values`, () => {
        const check = (v: string): void => {
          let query;
          try {
            query = c.build(v);
          } catch (e) {
            assert.match(v, /^\s*$/, `${c.name}: the builder refused ${JSON.stringify(v)}: ${(e as Error).message}`);
            return;
          }
          const r = esql(query);
          const what = `${c.name} ${JSON.stringify(v).slice(0, 60)}`;
          if (r.fidelity === 'unsupported') {
            assert.ok((c.mayRefuse ?? forbidden)(v), `${what}: ${JSON.stringify(r.diagnostics)}`);
            assert.equal(r.output, undefined);
            return;
          }
          const tokens = lexEsql(r.output!.esql);
          assert.equal(tokens.filter((t) => t.kind === 'comment').length, 0, what);
          const b = c.benign(v);
          const key = `${c.name}\u0000${b}`;
          if (!benignOutputs.has(key)) benignOutputs.set(key, lexEsql(esql(c.build(b)).output!.esql));
          assertSingleLiteral(tokens, benignOutputs.get(key)!, c.kinds, (t) => c.holds(t as EsqlToken, v), what);
        };
        for (const v of HOSTILE) check(v);
        fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(1300) });
      });
    }

    it('JSON paths: always the esql.json diagnostic, whatever the keys', () => {
      const check = (v: string): void => {
        const r = esql(from(app).json({ k: [v, 'b'] }).count().by('k'));
        assert.equal(r.fidelity, 'unsupported');
        assert.equal(r.output, undefined);
        assert.deepEqual(codes(r), ['esql.json']);
      };
      for (const v of HOSTILE) check(v);
      fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(300) });
    });
  });
});
