import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import seed from '../../dashboards/twistlock-overview.js';
import { defineSource, from, variable } from '../../src/index.js';
import type { Diagnostic, Fidelity } from '../../src/query/fidelity.js';
import { fidelityOf, UnsupportedConstruct } from '../../src/query/fidelity.js';
import { mapQuery } from '../../src/query/mapping.js';
import type { GlobPart, PanelQuery, Pred, Query } from '../../src/query/nodes.js';
import type { GrafanaElasticOutput } from '../../src/query/outputs.js';
import { QueryBuilder } from '../../src/query/builder.js';
import { LucenePrinter } from '../../src/query/printers/lucene.js';
import { GRAFANA_VARIABLE, LUCENE_VARIABLE_VALUE_REGEX, luceneVariableValueProblem } from '../../src/query/printers/lucene-escape.js';
import { lexLucene, type LuceneGlobPart, type LuceneToken } from '../../src/query/printers/lucene-lexer.js';
import { assertSingleLiteral, HOSTILE, hostileValue, runs } from '../helpers/injection.js';
import { app } from '../helpers/sources.js';
import { type Compiled, compiledAs } from '../helpers/compiled.js';

// ---- compiling through the mapping step, as compile.ts does -----------------------------

function grafanaEs(q: QueryBuilder | PanelQuery): Compiled<GrafanaElasticOutput> {
  const r = compiledAs<GrafanaElasticOutput>(q, 'grafana-elasticsearch');
  return r;
}

function out(q: QueryBuilder | PanelQuery): GrafanaElasticOutput {
  const r = grafanaEs(q);
  assert.notEqual(r.fidelity, 'unsupported', JSON.stringify(r.diagnostics));
  assertSchemaValid(r.output!);
  return r.output!;
}
const lucene = (q: QueryBuilder | PanelQuery): string => out(q).query;
const codes = (r: Compiled<GrafanaElasticOutput>): string[] => r.diagnostics.map((d) => d.code).sort();

// ---- the Grafana Elasticsearch target schema, dispatched on `type` like the conformance checker
const ES_METRICS: Record<string, string> = {
  count: 'Count', avg: 'Average', sum: 'Sum', min: 'Min', max: 'Max', extended_stats: 'ExtendedStats',
  percentiles: 'Percentiles', cardinality: 'UniqueCount', raw_document: 'RawDocument', raw_data: 'RawData',
  logs: 'Logs', rate: 'Rate', top_metrics: 'TopMetrics', moving_avg: 'MovingAverage', moving_fn: 'MovingFunction',
  derivative: 'Derivative', serial_diff: 'SerialDiff', cumulative_sum: 'CumulativeSum', bucket_script: 'BucketScript',
};
const ES_BUCKETS: Record<string, string> = {
  date_histogram: 'DateHistogram', histogram: 'Histogram', terms: 'Terms', filters: 'Filters', geohash_grid: 'GeoHashGrid', nested: 'Nested',
};
const dispatchOn = (map: Record<string, string>) => ({
  type: 'object',
  required: ['type'],
  properties: { type: { enum: Object.keys(map) } },
  allOf: Object.entries(map).map(([t, def]) => ({ if: { properties: { type: { const: t } }, required: ['type'] }, then: { $ref: `#/definitions/${def}` } })),
});
// Grafana's published target schema, from the shared vendor schemas beside this repository.
const SCHEMA_FILE = fileURLToPath(new URL('../../../shared/vendor-schemas/grafana/jsonschema/elasticsearch.jsonschema.json', import.meta.url));
const SCHEMA_MISSING = existsSync(SCHEMA_FILE) ? false : `${SCHEMA_FILE} is not here`;
function compileSchema() {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
  schema.definitions.MetricAggregation = dispatchOn(ES_METRICS);
  schema.definitions.BucketAggregation = dispatchOn(ES_BUCKETS);
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}
const validateTarget = SCHEMA_MISSING ? undefined : compileSchema();

function assertSchemaValid(o: GrafanaElasticOutput): void {
  const { transformations, ...target } = o;
  if (validateTarget) assert.ok(validateTarget({ refId: 'A', ...target }), JSON.stringify(validateTarget.errors));
  for (const t of transformations) assert.ok(typeof t.id === 'string' && typeof t.options === 'object');
}

// ---- sources --------------------------------------------------------------------------------
/** As in query-languages.md §5.2: data view logs-*, dataset filter, host.name. */
const twistlockLogs = defineSource({
  id: 'twistlock',
  elastic: { dataView: 'logs-*', filter: { 'event.dataset': 'twistlock_logs' } },
  fields: { host: { elastic: 'host.name' } },
});
const dataset = 'event.dataset:"twistlock_logs"';

describe('Grafana Elasticsearch (Lucene) printer', () => {
  it("has Grafana's target schema to check every output against", { skip: SCHEMA_MISSING }, () => assert.ok(validateTarget));

  describe('the reference queries (query-languages.md §5.2)', () => {
    it('Q1: terms then date_histogram is the pivot of time rows by host', () => {
      const r = grafanaEs(from(twistlockLogs).search('Process', 'violation').timeslice('5m').count('count').by('host').transpose('timeslice', 'host'));
      assert.deepEqual(r.output, {
        query: `${dataset} AND message:"Process" AND message:"violation"`,
        timeField: '@timestamp',
        metrics: [{ id: '1', type: 'count' }],
        bucketAggs: [
          { id: '2', type: 'terms', field: 'host.name', settings: { size: '300', order: 'desc', orderBy: '_count', min_doc_count: '1' } },
          // §5.2 writes min_doc_count "0"; empty buckets are omitted here, as Sumo/Splunk stats omit them
          { id: '3', type: 'date_histogram', field: '@timestamp', settings: { interval: '5m', min_doc_count: '1' } },
        ],
        transformations: [],
      });
      assertSchemaValid(r.output!);
      assert.equal(r.fidelity, 'exact');
      assert.deepEqual(codes(r), ['lucene.terms-size']);
    });
    it('Q2: 24h buckets newest first via a sortBy transformation; day alignment is approximate', () => {
      const r = grafanaEs(from(twistlockLogs).search('violation').timeslice('24h').count().orderBy('timeslice', 'desc'));
      assert.deepEqual(r.output, {
        query: `${dataset} AND message:"violation"`,
        timeField: '@timestamp',
        metrics: [{ id: '1', type: 'count' }],
        bucketAggs: [{ id: '2', type: 'date_histogram', field: '@timestamp', settings: { interval: '24h', min_doc_count: '1' } }],
        transformations: [{ id: 'sortBy', options: { fields: {}, sort: [{ field: 'Time', desc: true }] } }],
      });
      assertSchemaValid(r.output!);
      assert.equal(r.fidelity, 'approximate');
      assert.deepEqual(codes(r), ['lucene.bucket-alignment', 'lucene.sort-transformation']);
    });
    it('Q3 and Q4: text parsing is unsupported, naming the alternatives', () => {
      for (const q of [
        from(twistlockLogs).search('Denied').parse("The command * * for user * by rule *'", ['command', 'action', 'user', 'rulename']).count().by('user').orderBy('user', 'asc'),
        from(twistlockLogs).search('violation').parse('.go:* * violation ', ['linenumber', 'violation_type']).count().by('violation_type').orderBy('count', 'desc'),
      ]) {
        const r = grafanaEs(q);
        assert.equal(r.fidelity, 'unsupported');
        assert.equal(r.output, undefined);
        assert.deepEqual(codes(r), ['lucene.parse']);
        assert.match(r.diagnostics[0]!.message, /ingest pipeline/);
        assert.match(r.diagnostics[0]!.message, /elastic binding/);
        assert.match(r.diagnostics[0]!.message, /Loki/);
      }
    });
    it('Q5: terms and a host value, raw events', () => {
      const r = grafanaEs(from(twistlockLogs).search('Process', 'violation').where('host', '=', 'cto-stable-ubuntu.c.cto-sandbox.internal').search('nc').limit(100));
      assert.deepEqual(r.output, {
        // §5.2 lists host.name first; the clauses keep the order the query was written in
        query: `${dataset} AND message:"Process" AND message:"violation" AND host.name:"cto-stable-ubuntu.c.cto-sandbox.internal" AND message:"nc"`,
        timeField: '@timestamp',
        metrics: [{ id: '1', type: 'raw_data', settings: { size: '100' } }],
        bucketAggs: [],
        transformations: [],
      });
      assertSchemaValid(r.output!);
      assert.equal(r.fidelity, 'exact');
    });
  });

  describe('the seed dashboard', () => {
    const results = seed.panels.map((p) => ('query' in p ? grafanaEs(p.query) : undefined));
    const host = 'host.name:${host:lucene}';
    const day = (...terms: string[]) => `${host} AND ${terms.map((t) => `message:"${t}"`).join(' AND ')}`;
    const newestFirst = [{ id: 'sortBy', options: { fields: {}, sort: [{ field: 'Time', desc: true }] } }];
    const count = [{ id: '1', type: 'count' }];
    const histogram = (id: string, interval: string) => ({ id, type: 'date_histogram', field: '@timestamp', settings: { interval, min_doc_count: '1' } });

    it('compiles the five panels that do not parse text', () => {
      assert.deepEqual(
        results.map((r) => r?.output),
        [
          { query: day('violation'), timeField: '@timestamp', metrics: count, bucketAggs: [histogram('2', '24h')], transformations: newestFirst },
          { query: day('Network', 'violation'), timeField: '@timestamp', metrics: count, bucketAggs: [histogram('2', '24h')], transformations: newestFirst },
          { query: day('Process', 'violation'), timeField: '@timestamp', metrics: count, bucketAggs: [histogram('2', '24h')], transformations: newestFirst },
          // 1d is a fixed 24 hours; ascending is the histogram's own order
          { query: day('violation'), timeField: '@timestamp', metrics: count, bucketAggs: [histogram('2', '24h')], transformations: [] },
          undefined,
          undefined,
          {
            query: day('Process', 'violation'),
            timeField: '@timestamp',
            metrics: count,
            bucketAggs: [{ id: '2', type: 'terms', field: 'host.name', settings: { size: '300', order: 'desc', orderBy: '_count', min_doc_count: '1' } }, histogram('3', '5m')],
            transformations: [],
          },
        ],
      );
      for (const r of results) if (r?.output) assertSchemaValid(r.output);
    });
    it('reports the two parsing panels as unsupported and notes the host variable', () => {
      assert.deepEqual(results.map((r) => r?.fidelity), ['approximate', 'approximate', 'approximate', 'approximate', 'unsupported', 'unsupported', 'exact']);
      assert.deepEqual(codes(results[4]!), ['lucene.parse']);
      assert.deepEqual(codes(results[5]!), ['lucene.parse']);
      assert.deepEqual(codes(results[6]!), ['lucene.terms-size', 'lucene.variable-all', 'lucene.variable-format']);
      const format = results[6]!.diagnostics.find((d) => d.code === 'lucene.variable-format')!;
      for (const fact of [/number/, /-1/, /0x10/, /Infinity/, /blank/, /AND, OR and NOT/, /< or >/, /second time/]) assert.match(format.message, fact);
    });
  });

  describe('query string', () => {
    it('an empty filter matches everything', () => {
      assert.equal(lucene(from(app).count().by('host')), '*');
    });
    it('ANDs every clause explicitly and groups or/not with parentheses', () => {
      assert.equal(
        lucene(from(app).or((w) => w.search('a'), (w) => w.search('b').search('c')).not((w) => w.search('debug'))),
        '(message:"a" OR (message:"b" AND message:"c")) AND NOT message:"debug"',
      );
    });
    it('anchors negations that stand alone on all documents (Lucene drops pure-NOT clause lists)', () => {
      assert.equal(lucene(from(app).where('user', '!=', 'root')), '*:* AND NOT user.name:"root"');
      assert.equal(lucene(from(app).or((w) => w.search('a'), (w) => w.not((n) => n.search('b')))), '(message:"a" OR (*:* AND NOT message:"b"))');
      assert.equal(lucene(from(app).search('a').where('user', '!=', 'root')), 'message:"a" AND NOT user.name:"root"');
    });
    it('prints comparisons, lists, existence and phrases', () => {
      assert.equal(
        lucene(from(app).where('status', '>=', 500).where('status', '<', -1.5).where('status', '=', -5).where('user', 'in', ['a', 'b']).where('status', 'in', [1, -2]).where('user', 'exists').phrase('Process violation')),
        'http.response.status_code:>=500 AND http.response.status_code:<-1.5 AND http.response.status_code:\\-5 AND user.name:("a" OR "b") AND http.response.status_code:(1 OR \\-2) AND _exists_:user.name AND message:"Process violation"',
      );
      assert.equal(lucene(from(app).where('user', '=', true)), 'user.name:true');
    });
    it('prints wildcards unquoted, escaped, and as a regex when < > or $ would be unsafe', () => {
      const r = grafanaEs(from(app).where('user', 'wildcard', 'a b:c*').where('host', 'wildcard', 'web-<1>*').where('user', 'wildcard', 'plain'));
      assert.equal(r.output!.query, 'user.name:a\\ b\\:c* AND host.name:/web\\-\\<1\\>.*/ AND user.name:"plain"');
      assert.deepEqual(codes(r), ['lucene.event-size', 'lucene.glob-as-regex']);
    });
    it('puts variables in a field position with the lucene format', () => {
      const host = variable({ name: 'host', values: ['a', 'b'] });
      assert.equal(lucene(from(app).where('host', '=', host)), 'host.name:${host:lucene}');
      assert.equal(lucene(from(app).search('x').where('host', '!=', host)), 'message:"x" AND NOT host.name:${host:lucene}');
      const r = grafanaEs(from(app).search(host));
      assert.equal(r.output!.query, 'message:${host:lucene}');
      assert.equal(r.fidelity, 'approximate');
      assert.ok(codes(r).includes('lucene.variable-term-words'));
    });
  });

  describe('escaping, per context', () => {
    const table: [string, QueryBuilder | Query, string | { unsupported: string }][] = [
      ['phrase: quote', from(app).search('a"b'), 'message:"a\\"b"'],
      ['phrase: backslash', from(app).search('a\\b'), 'message:"a\\\\b"'],
      ['phrase: $ becomes \\u0024 (Grafana has no escape)', from(app).search('$x ${x} $__range'), 'message:"\\u0024x \\u0024{x} \\u0024__range"'],
      ['phrase: [[ is broken up', from(app).search('[[x]]'), 'message:"\\[\\[x]]"'],
      ['phrase: operators and reserved characters stay literal', from(app).search('AND (a:b)* -c'), 'message:"AND (a:b)* -c"'],
      ['phrase: whitespace stays raw', from(app).phrase('a\n\tb'), 'message:"a\n\tb"'],
      ['phrase: lone surrogate', from(app).search('\ud800'), { unsupported: 'lucene.invalid-unicode' }],
      ['field value', from(app).where('user', '=', 'x" OR "1"="1'), 'user.name:"x\\" OR \\"1\\"=\\"1"'],
      ['list value', from(app).where('user', 'in', ['a\\', '"']), 'user.name:("a\\\\" OR "\\"")'],
      ['glob: reserved characters and whitespace', from(app).where('user', 'wildcard', 'a+b-c&d|e!f(g)h{i}j[k]l^m"n~o?p:q/r s*'), 'user.name:a\\+b\\-c\\&d\\|e\\!f\\(g\\)h\\{i\\}j\\[k\\]l\\^m\\"n\\~o\\?p\\:q\\/r\\ s*'],
      ['glob: a literal * and backslash', from(app).where('user', 'wildcard', 'a\\*b\\\\*'), 'user.name:a\\*b\\\\*'],
      ['glob: AND stays inside one term', from(app).where('user', 'wildcard', 'AND*'), 'user.name:AND*'],
      ['glob as regex: $ and \\ in one-character classes', from(app).where('user', 'wildcard', '$x\\\\<*'), 'user.name:/[$]x[\\\\]\\<.*/'],
      ['glob as regex: regexp operators and /', from(app).where('user', 'wildcard', '<a.b/c#@&~"(|)*'), 'user.name:/\\<a\\.b\\/c\\#\\@\\&\\~\\"\\(\\|\\).*/'],
      ['number: exponent form', from(app).where('status', '>', 1e21), { unsupported: 'lucene.number' }],
    ];
    for (const [name, q, expected] of table) {
      it(name, () => {
        const r = grafanaEs(q);
        if (typeof expected === 'string') assert.equal(r.output?.query, expected, JSON.stringify(r.diagnostics));
        else assert.deepEqual(codes(r), [expected.unsupported]);
      });
    }
    const fieldNames: [string, string | { unsupported: string }][] = [
      ['host.name', 'host.name:"x"'],
      ['@timestamp', '@timestamp:"x"'],
      ['my field', 'my\\ field:"x"'],
      ['a:b/c', 'a\\:b\\/c:"x"'],
      ['AND', '\\AND:"x"'],
      ['-x', '\\-x:"x"'],
      ['a*', { unsupported: 'lucene.field-name' }],
      ['a<b', { unsupported: 'lucene.field-name' }],
      ['$x', { unsupported: 'lucene.field-name' }],
      ['[[x]]', { unsupported: 'lucene.field-name' }],
      ['a\nb', { unsupported: 'lucene.field-name' }],
      ['', { unsupported: 'lucene.field-name' }],
      ['_exists_', { unsupported: 'lucene.field-name' }],
    ];
    for (const [name, expected] of fieldNames) {
      it(`field name ${JSON.stringify(name)}`, () => {
        const s = defineSource({ id: 'f', elastic: { dataView: 'x', filter: { [name]: 'x' } }, fields: {} });
        const r = grafanaEs(from(s).count().timeslice('5m'));
        if (typeof expected === 'string') assert.equal(r.output?.query, expected, JSON.stringify(r.diagnostics));
        else assert.deepEqual(codes(r), [expected.unsupported]);
      });
    }
    it('a time field Grafana would read as a variable is refused', () => {
      const s = defineSource({ id: 't', elastic: { dataView: 'x', timeField: '$ts' }, fields: {} });
      assert.deepEqual(codes(grafanaEs(from(s).count().timeslice('5m'))), ['lucene.field-name']);
    });
  });

  describe('metrics and bucket aggregations', () => {
    it('prints every measure with string settings and flags the estimated ones', () => {
      const r = grafanaEs(from(app).count('n').countDistinct('user').sum('status').avg('status').min('status').max('status').percentile('status', 95).by('host'));
      const f = 'http.response.status_code';
      assert.deepEqual(r.output!.metrics, [
        { id: '1', type: 'count' },
        { id: '2', type: 'cardinality', field: 'user.name' },
        { id: '3', type: 'sum', field: f },
        { id: '4', type: 'avg', field: f },
        { id: '5', type: 'min', field: f },
        { id: '6', type: 'max', field: f },
        { id: '7', type: 'percentiles', field: f, settings: { percents: ['95'] } },
      ]);
      assert.deepEqual(r.output!.bucketAggs, [{ id: '8', type: 'terms', field: 'host.name', settings: { size: '300', order: 'desc', orderBy: '_count', min_doc_count: '1' } }]);
      assertSchemaValid(r.output!);
      assert.equal(r.fidelity, 'approximate');
      assert.deepEqual(codes(r), ['lucene.cardinality', 'lucene.percentiles', 'lucene.terms-size']);
    });
    it('a limit on one group is the terms size: exact by key, approximate by count', () => {
      const byKey = grafanaEs(from(app).count().by('user').orderBy('user', 'asc').limit(5));
      assert.deepEqual(byKey.output!.bucketAggs[0]!.settings, { size: '5', order: 'asc', orderBy: '_term', min_doc_count: '1' });
      assert.equal(byKey.fidelity, 'exact');
      const byCount = grafanaEs(from(app).count().by('user').orderBy('count', 'desc').limit(10));
      assert.deepEqual(byCount.output!.bucketAggs[0]!.settings, { size: '10', order: 'desc', orderBy: '_count', min_doc_count: '1' });
      assert.deepEqual(codes(byCount), ['lucene.terms-top-n']);
      const byAvg = grafanaEs(from(app).count().avg('status').by('user').orderBy('avg_status', 'asc'));
      assert.deepEqual(byAvg.output!.bucketAggs[0]!.settings, { size: '300', order: 'asc', orderBy: '2', min_doc_count: '1' });
      assert.deepEqual(byAvg.output!.transformations, []);
    });
    it('sorts by a percentile, and several groups, with Grafana transformations', () => {
      const p = out(from(app).percentile('status', 99.5).by('user').orderBy('p99_5_status', 'desc').limit(3));
      assert.deepEqual(p.transformations, [
        { id: 'sortBy', options: { fields: {}, sort: [{ field: 'p99.5 http.response.status_code', desc: true }] } },
        { id: 'limit', options: { limitField: 3 } },
      ]);
      const two = out(from(app).count().by('user', 'host').orderBy('count', 'desc').limit(10));
      assert.deepEqual(two.bucketAggs.map((b) => b.settings?.['orderBy']), ['_count', '_count']);
      assert.deepEqual(two.transformations, [
        { id: 'sortBy', options: { fields: {}, sort: [{ field: 'Count', desc: true }] } },
        { id: 'limit', options: { limitField: 10 } },
      ]);
      const inner = out(from(app).count().by('user', 'host').orderBy('host', 'asc'));
      assert.deepEqual(inner.transformations, [{ id: 'sortBy', options: { fields: {}, sort: [{ field: 'host.name', desc: false }] } }]);
    });
    it('time series: sorting rows across series and per-series limits are approximate', () => {
      const r = grafanaEs(from(app).count().timeslice('5m').by('host').orderBy('count', 'desc').limit(10));
      assert.equal(r.fidelity, 'approximate');
      assert.deepEqual(codes(r), ['lucene.limit-per-series', 'lucene.sort-across-series', 'lucene.terms-size']);
      const single = grafanaEs(from(app).avg('status').timeslice('1m').orderBy('avg_status', 'desc').limit(10));
      assert.deepEqual(single.output!.transformations, [
        { id: 'sortBy', options: { fields: {}, sort: [{ field: 'Average http.response.status_code', desc: true }] } },
        { id: 'limit', options: { limitField: 10 } },
      ]);
      assert.equal(single.fidelity, 'exact');
      assert.deepEqual(codes(grafanaEs(from(app).count().timeslice('1w').orderBy('count', 'desc').orderBy('timeslice', 'desc'))).includes('lucene.secondary-sort'), true);
      assert.equal(out(from(app).count().timeslice('2w')).bucketAggs[0]!.settings?.['interval'], '336h');
    });
    it('pivots: group by group is grouping-to-matrix, others are unsupported', () => {
      const m = out(from(app).count().by('user', 'host').transpose('user', 'host'));
      assert.deepEqual(m.transformations, [{ id: 'groupingToMatrix', options: { columnField: 'host.name', rowField: 'user.name', valueField: 'Count' } }]);
      assert.deepEqual(codes(grafanaEs(from(app).count().timeslice('5m').by('host').transpose('host', 'timeslice'))), ['lucene.pivot']);
    });
    it('raw events are newest first with an explicit size', () => {
      const r = grafanaEs(from(app).search('x'));
      assert.deepEqual(r.output!.metrics, [{ id: '1', type: 'raw_data', settings: { size: '500' } }]);
      assert.deepEqual(codes(r), ['lucene.event-size']);
      const capped = grafanaEs(from(app).search('x').limit(50_000));
      assert.equal(capped.output!.metrics[0]!.settings?.['size'], '10000');
      assert.deepEqual(codes(capped), ['lucene.event-size-cap']);
    });
  });

  describe('unsupported constructs give a typed diagnostic, never a wrong query', () => {
    it('a source with no elastic binding', () => {
      const s = defineSource({ id: 'y', splunk: { index: 'y' }, fields: {} });
      assert.deepEqual(codes(grafanaEs(from(s).count())), ['lucene.no-binding']);
    });
    it('regex and JSON extraction', () => {
      assert.deepEqual(codes(grafanaEs(from(app).parseRegex('user=(?<u>\\S+)').count().by('u'))), ['lucene.parse']);
      const json = grafanaEs(from(app).json(['rule']).count().by('rule'));
      assert.deepEqual(codes(json), ['lucene.json']);
      assert.match(json.diagnostics[0]!.message, /json processor/);
    });
    it('a measure with no group and no time bucket', () => {
      assert.deepEqual(codes(grafanaEs(from(app).count())), ['lucene.no-buckets']);
    });
    it('sorting raw events by anything but time', () => {
      assert.deepEqual(codes(grafanaEs(from(app).search('x').orderBy('user', 'asc'))), ['query.unresolved-key']);
    });
    it('a field with no elastic name', () => {
      const s = defineSource({ id: 'z', elastic: { dataView: 'z' }, fields: { host: { splunk: 'host' } } });
      assert.deepEqual(codes(grafanaEs(from(s).where('host', '=', 'a'))), ['mapping.unmapped-field']);
    });
  });

  describe('lexer', () => {
    it('decodes phrases, escaped terms, regexes, fields, ranges and templates', () => {
      assert.deepEqual(
        lexLucene('f:a\\ b* AND g:/x\\/y[\\\\]/ OR h:>=5 NOT _exists_:x AND "a\\u0024b" AND (i:${v:lucene})').map((t) => [t.kind, t.value ?? t.text]),
        [
          ['field', 'f'], ['term', 'a b*'], ['operator', 'AND'], ['field', 'g'], ['regex', 'x\\/y[\\\\]'], ['operator', 'OR'],
          ['field', 'h'], ['range', '5'], ['operator', 'NOT'], ['exists', '_exists_'], ['term', 'x'], ['operator', 'AND'],
          ['phrase', 'a$b'], ['operator', 'AND'], ['paren', '('], ['field', 'i'], ['template', 'v'], ['paren', ')'],
        ],
      );
    });
    it('models what Elasticsearch does: a leading < is a range even when escaped', () => {
      assert.equal(lexLucene('f:\\<x')[1]!.kind, 'range');
      assert.throws(() => lexLucene('f:a\\u0024*'), /ambiguous/);
    });
  });

  describe('injection: a value never changes the structure of the query', () => {
    const noGrafanaReference = (o: GrafanaElasticOutput, context: string): void => {
      assert.deepEqual([...o.query.matchAll(GRAFANA_VARIABLE)], [], `${context}: Grafana would interpolate ${o.query.slice(0, 80)}`);
      assert.deepEqual([...JSON.stringify(o).matchAll(GRAFANA_VARIABLE)], [], `${context}: Grafana would interpolate the target JSON`);
    };
    const isLoneSurrogate = (v: string): boolean => /[\ud800-\udfff]/.test(v.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
    const phrase = (v: string) => (t: LuceneToken) => t.kind === 'phrase' && t.value === v;
    const withFilter = (p: Pred): Query => ({ ...from(app).count().by('host').build(), filter: p });
    const contexts: { name: string; query: (v: string) => QueryBuilder | Query; benign: (v: string) => string; check: (v: string) => (t: LuceneToken) => boolean; quoted: boolean }[] = [
      { name: 'term', query: (v) => from(app).search(v).count().by('host'), benign: () => 'benign', check: phrase, quoted: true },
      { name: 'phrase', query: (v) => from(app).phrase(v).count().by('host'), benign: () => 'benign', check: phrase, quoted: true },
      { name: 'field value', query: (v) => from(app).where('user', '=', v).count().by('host'), benign: () => 'benign', check: phrase, quoted: true },
      { name: 'field value (!=)', query: (v) => from(app).search('x').where('user', '!=', v).count().by('host'), benign: () => 'benign', check: phrase, quoted: true },
      { name: 'list value', query: (v) => from(app).where('user', 'in', [v, 'z']).count().by('host'), benign: () => 'benign', check: phrase, quoted: true },
      {
        name: 'wildcard literal part',
        query: (v) => withFilter({ kind: 'wildcard', field: { kind: 'field', name: 'user' }, pattern: [v, { wildcard: '*' }] }),
        benign: (v) => (/[<>$]/.test(v) ? 'ben$ign' : 'benign'),
        check: (v) => (t) => sameGlob(t.kind === 'regex' ? decodeRegex(t.value!) : (t.glob ?? []), [v, { wildcard: '*' }]),
        quoted: false,
      },
    ];
    for (const c of contexts) {
      it(`${c.name}: hostile corpus and generated values`, () => {
        const check = (v: string): void => {
          let query;
          try {
            query = c.query(v);
          } catch (e) {
            assert.match(v, /^\s*$/, `${c.name}: the builder refused ${JSON.stringify(v)}: ${(e as Error).message}`);
            return;
          }
          if (c.name.startsWith('wildcard') && v === '') return; // globs never hold empty text parts
          const r = grafanaEs(query);
          if (r.fidelity === 'unsupported') {
            assert.ok(isLoneSurrogate(v), `${c.name} ${JSON.stringify(v)}: ${JSON.stringify(r.diagnostics)}`);
            assert.deepEqual(codes(r), ['lucene.invalid-unicode']);
            return;
          }
          const o = r.output!;
          const context = `${c.name} ${JSON.stringify(v).slice(0, 60)}`;
          noGrafanaReference(o, context);
          if (c.quoted) assert.ok(!o.query.includes('$') && !o.query.includes('[['), `${context}: ${o.query.slice(0, 80)}`);
          const benign = grafanaEs(c.query(c.benign(v))).output!;
          assertSingleLiteral(lexLucene(o.query), lexLucene(benign.query), ['phrase', 'term', 'regex'], (t) => c.check(v)(t as LuceneToken), context);
        };
        for (const v of HOSTILE) check(v);
        fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(2000) });
      });
    }

    it('field names in the source binding: escaped into one field token, or refused', () => {
      const check = (name: string): void => {
        const s = defineSource({ id: 'f', elastic: { dataView: 'x', filter: { [name]: 'x' } }, fields: {} });
        const r = grafanaEs(from(s).count().timeslice('5m'));
        if (r.fidelity === 'unsupported') {
          assert.ok(codes(r)[0] === 'lucene.field-name' || codes(r)[0] === 'lucene.invalid-unicode');
          assert.ok(name === '' || name === '_exists_' || /[*<>\u0000-\u001f\u007f]/.test(name) || new RegExp(GRAFANA_VARIABLE.source).test(name) || isLoneSurrogate(name), JSON.stringify(name));
          return;
        }
        noGrafanaReference(r.output!, `field ${JSON.stringify(name)}`);
        const tokens = lexLucene(r.output!.query);
        assert.deepEqual(tokens.map((t) => t.kind), ['field', 'phrase'], `field ${JSON.stringify(name)}: ${r.output!.query}`);
        assert.equal(tokens[0]!.value, name);
      };
      for (const v of HOSTILE) check(v);
      fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(1000) });
    });

    describe('variables, as Grafana interpolates them with the lucene format', () => {
      /** Grafana's lucene variable format (query-languages.md §6), re-implemented to test the placement. */
      const luceneFormat = (value: string | string[]): string => {
        const escape = (v: string) => (Number.isNaN(+v) ? v.replace(/([!*+\-=<>\s&|()[\]{}^~?:\\/"])/g, '\\$1') : v);
        return Array.isArray(value) ? `(${value.map((v) => `"${escape(v)}"`).join(' OR ')})` : escape(value);
      };
      const host = variable({ name: 'host', values: ['a'] });
      const printed = lucene(from(app).where('host', '=', host).count().by('user'));
      const allow = new RegExp(LUCENE_VARIABLE_VALUE_REGEX.slice(1, -1));

      it('a value the allow-list accepts lands in one term; one it rejects would not', () => {
        const check = (v: string): void => {
          const problem = luceneVariableValueProblem(v);
          assert.equal(allow.test(v), problem === undefined, `regex and check disagree on ${JSON.stringify(v)}`);
          const query = printed.replace('${host:lucene}', () => luceneFormat(v));
          let tokens: LuceneToken[];
          try {
            tokens = lexLucene(query);
          } catch (e) {
            assert.ok(problem, `${JSON.stringify(v)} broke the query: ${(e as Error).message}`);
            return;
          }
          const single = tokens.length === 2 && tokens[0]!.kind === 'field' && tokens[1]!.kind === 'term' && tokens[1]!.value === v && !tokens[1]!.glob;
          if (problem === undefined) assert.ok(single, `${JSON.stringify(v)}: ${query}`);
          // what the diagnostic warns about really happens
          if (/^[<>]/.test(v) && Number.isNaN(+v)) assert.equal(tokens[1]?.kind, 'range', query);
        };
        for (const v of HOSTILE) check(v);
        for (const v of ['-1', ' 1', '0x10', '1e5', 'Infinity', '', ' ', 'AND', '<x', '>=5', 'a$b', '$x', '${x}', 'a$ b', 'ok']) check(v);
        fc.assert(fc.property(hostileValue(), (v) => check(v)), { numRuns: runs(2000) });
      });
      it('several chosen values become quoted phrases, one per value', () => {
        const check = (a: string, b: string): void => {
          const tokens = lexLucene(printed.replace('${host:lucene}', () => luceneFormat([a, b])));
          assert.deepEqual(tokens.map((t) => t.kind), ['field', 'paren', 'phrase', 'operator', 'phrase', 'paren']);
          assert.deepEqual([tokens[2]!.value, tokens[4]!.value], [a, b]);
        };
        for (const v of HOSTILE) check(v, 'z');
        fc.assert(fc.property(hostileValue(), hostileValue(), check), { numRuns: runs(500) });
      });
    });
  });
});

// ---- decoding helpers for the wildcard context ------------------------------------------------
/** A printed Lucene regexp of the shape the printer writes (escaped literals, [c] classes, .*), as glob parts. */
function decodeRegex(body: string): LuceneGlobPart[] {
  const parts: LuceneGlobPart[] = [];
  let text = '';
  const chars = Array.from(body);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\') text += chars[++i]!;
    else if (c === '[') {
      const inner = chars[i + 1] === '\\' ? chars[i + 2]! : chars[i + 1]!;
      i += chars[i + 1] === '\\' ? 3 : 2;
      assert.equal(chars[i], ']', `class in ${body}`);
      text += inner;
    } else if (c === '.' && chars[i + 1] === '*') {
      if (text) parts.push(text);
      text = '';
      parts.push({ wildcard: '*' });
      i++;
    } else {
      assert.ok(!'.?+*|{}()"#@&<>~/^-$'.includes(c), `unescaped regexp operator ${c} in ${body}`);
      text += c;
    }
  }
  if (text) parts.push(text);
  return parts;
}

function sameGlob(actual: readonly LuceneGlobPart[], expected: readonly GlobPart[]): boolean {
  return JSON.stringify(actual) === JSON.stringify(expected.filter((p) => p !== ''));
}
