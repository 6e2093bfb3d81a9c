// The query recognisers: what they read into the neutral model, what they keep raw and why, and
// the property that matters most: a neutral query compiled for a product and imported back is
// the same neutral query (so re-printing an imported query says what the original said).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileQuery, defineSource, from, type PanelQuery, type Query } from '../../src/index.js';
import { importDocument } from '../../src/import/index.js';
import { recogniseKql, recogniseLucene } from '../../src/import/kql-query.js';
import { keywordCondition, parseLogql, recogniseLogql } from '../../src/import/logql-query.js';
import { recogniseSpl } from '../../src/import/spl-query.js';
import { recogniseSumo } from '../../src/import/sumo-query.js';
import type { LokiOutput } from '../../src/query/outputs.js';

const NO_VARIABLES = new Set<string>();

function why(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('expected the query to be kept raw');
}

describe('import: Sumo Logic searches', () => {
  it('reads scope, parse, where, count by, sort and limit, and prints back the same search', () => {
    const text = '_sourceCategory=prod/app "Denied" | parse "user * by rule *" as user, rule | where user matches "{{u}}" | count by user | sort by _count | limit 10';
    const r = recogniseSumo(text, new Set(['u']));
    assert.deepEqual(r.source, { product: 'sumologic', sourceCategory: 'prod/app' });
    assert.deepEqual(r.steps.filters, [{ kind: 'term', value: 'Denied' }, { kind: 'compare', field: { extracted: 'user' }, op: '=', value: { var: 'u' } }]);
    assert.deepEqual(r.steps.sort, [{ key: 'count', dir: 'desc' }]);
    assert.equal(r.steps.limit, 10);
  });

  it('keeps raw what the neutral model would say differently, with the reason', () => {
    assert.match(why(() => recogniseSumo('_sourceCategory=a | parse "x=*" as x nodrop | count by x', NO_VARIABLES)), /nodrop keeps messages it does not match/);
    assert.match(why(() => recogniseSumo('_sourceCategory=a | json "n" as n | where n > 5 | count', NO_VARIABLES)), /without num\(\)/);
    assert.match(why(() => recogniseSumo('_sourceCategory=a fail* | count', NO_VARIABLES)), /keyword fail\* has a wildcard/);
    assert.match(why(() => recogniseSumo('_sourceCategory=a | count by x | where _count > 5', NO_VARIABLES)), /having clause/);
    assert.match(why(() => recogniseSumo('_sourceCategory=a | lookup x from y on z=z | count', NO_VARIABLES)), /the lookup operator has no neutral equivalent/);
    assert.match(why(() => recogniseSumo('_sourceCategory=a {{host}} | count', new Set(['host']))), /bare keyword \{\{host\}\}/);
  });

  it('turns an app-install placeholder scope into a source that says so', () => {
    const r = recogniseSumo('$$AQUASEC_SOURCE_CATEGORY | count', NO_VARIABLES);
    assert.deepEqual(r.source, { product: 'sumologic', sourceCategory: 'aquasec', note: 'the scope was the app-install placeholder $$AQUASEC_SOURCE_CATEGORY: set the source category (or index) it stands for' });
  });

  it('ignores comments and reads %field names', () => {
    const r = recogniseSumo('_sourceCategory=a // all of it\n| json "r" as result\n| where %result = "3"\n/* done */ | count', NO_VARIABLES);
    assert.deepEqual(r.steps.filters, [{ kind: 'compare', field: { extracted: 'result' }, op: '=', value: '3' }]);
  });
});

describe('import: Splunk searches', () => {
  const tokens = new Map([['console', { field: 'console', multi: true }]]);
  it('reads the search command, input tokens, stats, sort N and a trailing rename', () => {
    const r = recogniseSpl('index=main sourcetype=pcc:incident $console$ | stats count as Incidents by hostname | sort 5 -Incidents | rename hostname as Host', { tokens, rangeSeconds: 86400 });
    assert.deepEqual(r.source, { product: 'splunk', index: 'main', sourcetype: 'pcc:incident' });
    assert.deepEqual(r.steps.filters, [{ kind: 'compare', field: { native: 'console' }, op: '=', value: { var: 'console' } }]);
    assert.deepEqual(r.steps.sort, [{ key: 'Incidents', dir: 'desc' }]);
    assert.equal(r.steps.limit, 5);
    assert.deepEqual(r.approximations, ['the column labels of hostname as Host (a rename after the aggregation)']);
  });

  it('reads rex only when a later step drops the events it does not match', () => {
    const kept = recogniseSpl('index=a | rex "user=(?<user>\\w+)" | stats count by user', { tokens, rangeSeconds: 86400 });
    assert.equal(kept.steps.extracts.length, 1);
    assert.match(why(() => recogniseSpl('index=a | rex "user=(?<user>\\w+)" | stats count', { tokens, rangeSeconds: 86400 })), /rex keeps events it does not match/);
  });

  it('says how timechart defaults differ', () => {
    const r = recogniseSpl('index=a | timechart span=1h count by host', { tokens, rangeSeconds: 86400 });
    assert.equal(r.steps.timeslice, '1h');
    assert.deepEqual(r.steps.transpose, { row: 'timeslice', column: { native: 'host' } });
    assert.deepEqual(r.approximations, [
      'timechart shows the top 10 series and OTHER; polydash shows every series',
      'timechart shows events without the split field as NULL; polydash leaves them out',
      'timechart shows empty time buckets as 0; polydash leaves them out',
    ]);
    assert.match(why(() => recogniseSpl('index=a | eventstats count | stats count', { tokens, rangeSeconds: 86400 })), /eventstats command/);
    assert.match(why(() => recogniseSpl('| tstats count from datamodel=x', { tokens, rangeSeconds: 86400 })), /generating command tstats/);
    assert.match(why(() => recogniseSpl('index=a status!=200 | stats count', { tokens, rangeSeconds: 86400 })), /drops events without status/);
  });
});

describe('import: LogQL, KQL and Lucene', () => {
  it('reads selector matchers, keyword line filters and sum by (...) (count_over_time(...))', () => {
    const e = parseLogql('topk(20, sum by (rule) (count_over_time({source="syscall", hostname=~"$hostname", priority=~"Critical|Error", tags=~".*mitre.*"} |~ "(?i)\\\\bshell\\\\b" [$__range])))');
    const r = recogniseLogql(e, { source: 'syscall' }, new Set(['hostname']));
    assert.deepEqual(r.filters, [
      { kind: 'compare', field: { native: 'hostname' }, op: '=', value: { var: 'hostname' } },
      { kind: 'in', field: { native: 'priority' }, values: ['Critical', 'Error'] },
      { kind: 'wildcard', field: { native: 'tags' }, pattern: '*mitre*' },
      { kind: 'term', value: 'shell' },
    ]);
    assert.deepEqual([r.by, r.limit, r.sortDesc, r.range], [[{ native: 'rule' }], 20, true, '$__range']);
  });

  it('keeps raw what LogQL counts differently', () => {
    const raw = (q: string): string => why(() => recogniseLogql(parseLogql(q), { source: 's' }, NO_VARIABLES));
    assert.match(raw('count_over_time({source="s"} [5m])'), /one series per stream/);
    assert.match(raw('count by (p) (rate({source="s"} [1m]))'), /aggregates series/);
    assert.match(raw('sum(count_over_time({source="s"} |= "Error" [5m]))'), /case-sensitive substring/);
    assert.match(raw('{source="s"} | pattern "<a> <b>"'), /keeps lines it does not match/);
  });

  it('reads only the exact whole-word regex polydash writes for a keyword', () => {
    assert.deepEqual(keywordCondition('(?i)\\bviolation\\b'), { kind: 'term', value: 'violation' });
    assert.deepEqual(keywordCondition('(?i)\\bProcess\\s+violation\\b'), { kind: 'phrase', value: 'Process violation' });
    assert.equal(keywordCondition('(?i)violation'), undefined);
    assert.equal(keywordCondition('\\bviolation\\b'), undefined);
  });

  it('reads KQL and Lucene field tests and refuses free text', () => {
    assert.deepEqual(recogniseKql('data_stream.dataset : "falco.alerts" and not host.name:web* and status:(a or b)'), {
      ok: true,
      conds: [
        { kind: 'compare', field: { native: 'data_stream.dataset' }, op: '=', value: 'falco.alerts' },
        { kind: 'not', arg: { kind: 'wildcard', field: { native: 'host.name' }, pattern: 'web*' } },
        { kind: 'in', field: { native: 'status' }, values: ['a', 'b'] },
      ],
    });
    assert.deepEqual(recogniseLucene('*'), { ok: true, conds: [] });
    assert.equal(recogniseKql('error').ok, false);
    assert.equal(recogniseLucene('a:b c:d').ok, false, 'Lucene ORs clauses without an operator');
  });
});

// ---- compile, import, compare ----------------------------------------------------------------

const app = defineSource({
  id: 'app',
  sumologic: { sourceCategory: 'prod/app' },
  splunk: { index: 'app', sourcetype: 'app:log' },
  loki: { selector: { job: 'app' }, labels: ['host', 'level'] },
  fields: { host: 'host', level: 'level' },
});

const QUERIES: Record<string, Query> = {
  keywords: from(app).search('Denied').phrase('access denied').count().build(),
  fields: from(app).where('host', '=', 'web-1').where('level', 'in', ['error', 'warn']).count().by('host').orderBy('count', 'desc').limit(5).build(),
  wildcard: from(app).where('host', 'wildcard', 'web-*').not((w) => w.where('level', '=', 'debug')).count().by('level').build(),
  parse: from(app).search('Denied').parse('user * by rule *', ['user', 'rule']).count().by('user').orderBy('user', 'asc').build(),
  regex: from(app).parseRegex('took (?<ms>\\d+)ms').where('ms', 'exists').count().build(),
  buckets: from(app).search('error').timeslice('5m').count().by('host').transpose('timeslice', 'host').build(),
};

/**
 * The parts of a query the product's text says, without field metadata the mapping step adds;
 * `not (f = v)` and `f != v` are one test.
 */
function meaning(q: PanelQuery): unknown {
  assert.equal(q.kind, 'query');
  const strip = (v: unknown): unknown =>
    JSON.parse(
      JSON.stringify(v, (k, x) => {
        if (['logical', 'indexed', 'type', 'source'].includes(k)) return undefined;
        if (x && x.kind === 'not' && x.arg?.kind === 'compare' && x.arg.op === '=') return { ...x.arg, op: '!=' };
        return x;
      }),
    );
  const query = q as Query;
  return strip({ filter: query.filter, extract: query.extract.map((e) => ({ ...e, source: undefined })), postFilter: query.postFilter, bucket: query.bucket, aggregate: query.aggregate, sort: query.sort.map((s) => [s.key, s.dir]), limit: query.limit, pivot: query.pivot && [query.pivot.rowKey, query.pivot.columnKey] });
}

function sumoDocument(texts: string[]): string {
  return JSON.stringify({
    title: 'Round trip',
    timeRange: { type: 'BeginBoundedTimeRange', from: { type: 'RelativeTimeRangeBoundary', relativeTime: '-1d' } },
    panels: texts.map((t, i) => ({ key: `p${i}`, panelType: 'SumoSearchPanel', title: `q${i}`, visualSettings: JSON.stringify({ general: { type: 'table', mode: 'distribution' } }), queries: [{ queryKey: 'A', queryType: 'Logs', queryString: t }] })),
    layout: { layoutType: 'Grid', layoutStructures: texts.map((_, i) => ({ key: `p${i}`, structure: JSON.stringify({ x: 0, y: i * 6, width: 24, height: 6 }) })) },
  });
}

function splunkDocument(texts: string[]): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<dashboard version="1.1"><label>Round trip</label>${texts.map((t, i) => `<row><panel><title>q${i}</title><table><search><query>${esc(t)}</query></search></table></panel></row>`).join('')}</dashboard>`;
}

function grafanaDocument(outputs: LokiOutput[]): string {
  return JSON.stringify({
    uid: 'round-trip',
    title: 'Round trip',
    time: { from: 'now-24h', to: 'now' },
    panels: outputs.map((o, i) => ({ type: 'table', title: `q${i}`, gridPos: { x: 0, y: i * 6, w: 24, h: 6 }, datasource: { type: 'loki', uid: 'l' }, targets: o.targets.map((t) => ({ refId: 'A', expr: t.expr, queryType: o.queryType, ...(o.step ? { step: o.step } : {}) })), transformations: o.transformations })),
  });
}

describe('import: a query compiled for a product imports back as the same neutral query', () => {
  const names = Object.keys(QUERIES);
  const check = (product: 'sumologic' | 'splunk' | 'grafana', text: string, skip: readonly string[] = []): void => {
    const r = importDocument(text, { from: product, origin: 'round-trip' });
    const panels = r.definitions[0]!.panels;
    names.forEach((name, i) => {
      if (skip.includes(name)) return;
      const p = panels.find((x) => x.title === `q${i}`)!;
      assert.ok('query' in p, `${product} ${name}: ${JSON.stringify(r.report.dashboards[0]!.panels[i])}`);
      assert.deepEqual(meaning(p.query), meaning(QUERIES[name]!), `${product} ${name}`);
    });
  };

  it('Sumo Logic', () => {
    check('sumologic', sumoDocument(names.map((n) => compileQuery(QUERIES[n]!, 'sumologic').output as string)));
  });

  it('Splunk', () => {
    check('splunk', splunkDocument(names.map((n) => compileQuery(QUERIES[n]!, 'splunk').output as string)));
  });

  it('Grafana (Loki)', () => {
    // the keyword search on Loki is the same regex both ways; a transpose is how Grafana draws series anyway
    check('grafana', grafanaDocument(names.map((n) => compileQuery(QUERIES[n]!, 'loki').output as LokiOutput)), ['buckets']);
  });
});
