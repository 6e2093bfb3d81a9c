import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import seed from '../../dashboards/twistlock-overview.js';
import { compileQuery, from, raw } from '../../src/index.js';
import { LANGUAGES } from '../../src/query/languages.js';
import type { PanelQuery } from '../../src/query/nodes.js';
import { app } from '../helpers/sources.js';

const languages = Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[];

describe('compileQuery', () => {
  it('knows the six languages of the four products', () => {
    assert.deepEqual(languages.sort(), ['esql', 'grafana-elasticsearch', 'kibana-lens', 'loki', 'splunk', 'sumologic']);
  });

  it('gives every seed panel a verdict in every language; only text parsing is out of reach for Grafana on Elasticsearch', () => {
    const queries = seed.panels.flatMap((p) => ('query' in p ? [p.query as PanelQuery] : []));
    const matrix = Object.fromEntries(languages.map((l) => [l, queries.map((q) => compileQuery(q, l).fidelity)]));
    for (const l of languages) {
      const unsupported = matrix[l]!.flatMap((f, i) => (f === 'unsupported' ? [i + 1] : []));
      assert.deepEqual(unsupported, l === 'grafana-elasticsearch' ? [5, 6] : [], `${l}: ${JSON.stringify(matrix[l])}`);
    }
    assert.deepEqual(matrix.sumologic, ['exact', 'exact', 'exact', 'exact', 'exact', 'exact', 'exact']);
    assert.deepEqual(matrix.splunk, ['exact', 'exact', 'exact', 'exact', 'exact', 'exact', 'exact']);
    const grafanaEs = compileQuery(queries[4]!, 'grafana-elasticsearch');
    assert.equal(grafanaEs.diagnostics[0]!.code, 'lucene.parse');
    assert.equal(grafanaEs.output, undefined);
  });

  it('explains every verdict that is not exact', () => {
    for (const l of languages) {
      for (const p of seed.panels) {
        if (!('query' in p)) continue;
        const r = compileQuery(p.query, l);
        if (r.fidelity === 'exact') continue;
        assert.ok(r.diagnostics.some((d) => d.severity === r.fidelity && d.message.length > 20), `${l} ${p.title}: ${JSON.stringify(r.diagnostics)}`);
      }
    }
  });

  it('translates each distinct query once per language', () => {
    const q = from(app).search('x').count().build();
    assert.equal(compileQuery(q, 'splunk'), compileQuery(q, 'splunk'));
    assert.notEqual(compileQuery(q, 'splunk'), compileQuery(q, 'sumologic'));
  });

  it('accepts a builder as well as a built query', () => {
    assert.equal(compileQuery(from(app).search('x'), 'sumologic').output, '_sourceCategory="prod/app" "x"');
  });

  it('uses the hand-written entry of a raw query verbatim, and reports languages without one', () => {
    const q = raw({ sumologic: '_sourceCategory=x | outlier _count', splunk: 'index=x | anomalydetection', logql: 'sum(rate({job="x"}[5m]))' });
    assert.deepEqual([compileQuery(q, 'sumologic').output, compileQuery(q, 'sumologic').fidelity], ['_sourceCategory=x | outlier _count', 'exact']);
    assert.equal(compileQuery(q, 'loki').output, 'sum(rate({job="x"}[5m]))');
    const esql = compileQuery(q, 'esql');
    assert.deepEqual([esql.fidelity, esql.diagnostics[0]!.code, esql.diagnostics[0]!.message], ['unsupported', 'raw.missing', 'the raw query has no esql entry']);
  });

  it('refuses an unknown language', () => {
    assert.throws(() => compileQuery(from(app).build(), 'datadog' as 'splunk'), /unknown language "datadog"; expected one of sumologic, splunk/);
  });
});
