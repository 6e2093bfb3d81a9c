import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import seed from '../../dashboards/twistlock-overview.js';
import { bar, dashboard, events, from, gauge, pie, raw, singleValue, table, text, timeSeries, variable } from '../../src/index.js';
import type { DashboardDef } from '../../src/index.js';
import { gridData } from '../../src/targets/kibana/grid.js';
import { dashboardId, dataViewId, POLYDASH_NAMESPACE, uuidV5 } from '../../src/targets/kibana/ids.js';
import { GAP_COLOR, lensPalette } from '../../src/targets/kibana/palette.js';
import { kibana, kibanaSettings } from '../../src/targets/kibana/render.js';
import { esqlFeatures, FEATURES } from '../../src/targets/kibana/versions.js';
import { app } from '../helpers/sources.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = path.resolve(repo, '..', 'shared');
const conformance = path.join(shared, 'conformance', 'check.mjs');
const examplesDirs = [path.join(shared, 'vendor-schemas', 'kibana', 'examples'), path.join(shared, 'corpus', 'kibana')];
const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

type Obj = Record<string, any>;

interface Rendered {
  readonly path: string;
  readonly content: string;
  readonly objects: Obj[];
  readonly dashboard: Obj;
  readonly panels: Obj[];
  readonly reports: ReturnType<typeof kibana.render>['panels'];
}

function render(d: DashboardDef, options: Record<string, string> = {}): Rendered {
  const r = kibana.render(d, { options });
  assert.equal(r.artifacts.length, 1);
  const { path: file, content } = r.artifacts[0]!;
  const objects = content.trimEnd().split('\n').map((line) => JSON.parse(line) as Obj);
  const dash = objects.find((o) => o.type === 'dashboard')!;
  return { path: file, content, objects, dashboard: dash, panels: JSON.parse(dash.attributes.panelsJSON as string) as Obj[], reports: r.panels };
}

const lensOf = (p: Obj): Obj => p.embeddableConfig.attributes as Obj;
const datasourceOf = (p: Obj): 'formBased' | 'textBased' => Object.keys(lensOf(p).state.datasourceStates)[0] as 'formBased' | 'textBased';
const layerOf = (p: Obj): Obj => Object.values(lensOf(p).state.datasourceStates[datasourceOf(p)].layers as Obj)[0] as Obj;
const dataViewOf = (r: Rendered): Obj => r.objects.find((o) => o.type === 'index-pattern')!;
const codes = (r: Rendered, key: string): string[] => r.reports.find((p) => p.key === key)!.diagnostics.map((d) => d.code);

/** A dashboard with every panel kind, a variable used with = and !=, raw queries and an unsupported panel. */
function kinds(): DashboardDef {
  const env = variable({ name: 'env', values: ['prod', 'dev'], field: 'namespace', multi: true, default: 'prod' });
  return dashboard({
    uid: 'kinds',
    title: 'Kinds',
    time: { last: '7d' },
    refresh: '5m',
    variables: [env],
    panels: [
      text({ title: 'About', markdown: '**Bold** <b>not html</b>' }),
      singleValue({
        title: 'Errors',
        query: from(app).where('status', '>=', 500).where('namespace', '=', env).count(),
        decimals: 1,
        unit: 'errors',
        ranges: [{ to: 10, color: 'green' }, { from: 20, to: 50, color: 'yellow' }, { from: 50, color: 'red' }],
      }),
      gauge({ title: 'Load', query: from(app).count(), min: 0, max: 100, ranges: [{ to: 50, color: 'green' }, { from: 50, to: 80, color: 'yellow' }, { from: 80, color: 'red' }] }),
      singleValue({ title: 'Latest 5m', query: from(app).timeslice('5m').count() }),
      gauge({ title: 'ES|QL load', kibana: { form: 'esql' }, query: from(app).count(), min: 0, max: 100, unit: '%' }),
      timeSeries({ title: 'By host', style: 'stacked', query: from(app).where('namespace', '!=', env).timeslice('15m').count().by('host') }),
      bar({ title: 'Users', orientation: 'bar', stacked: true, query: from(app).count().by('user') }),
      pie({ title: 'Namespaces', donut: true, query: from(app).count().by('namespace') }),
      table({ title: 'Top users', pageSize: 25, query: from(app).count().by('user').orderBy('count', 'desc').limit(20) }),
      events({ title: 'Errors list', query: from(app).search('error').limit(50), columns: ['user', 'host'] }),
      bar({ title: 'Raw ES|QL', query: raw({ esql: 'FROM logs-app-* | STATS c = COUNT(*) BY host.name' }) }),
      events({ title: 'Raw KQL', query: raw({ kql: 'error and not debug' }) }),
      singleValue({ title: 'Nested JSON', query: from(app).json({ x: ['a b'] }).count() }),
    ],
  });
}

describe('Kibana target (saved objects NDJSON)', () => {
  describe('the seed dashboard', () => {
    const r = render(seed);
    const space = 'default';

    it('is one data view and one dashboard, one saved object per line, in kibana/<uid>.ndjson', () => {
      assert.equal(r.path, 'kibana/twistlock-overview.ndjson');
      assert.ok(r.content.endsWith('}\n'));
      assert.deepEqual(r.objects.map((o) => o.type), ['index-pattern', 'dashboard']);
      for (const o of r.objects) {
        assert.deepEqual(Object.keys(o), ['id', 'type', 'coreMigrationVersion', 'typeMigrationVersion', 'attributes', 'references']);
        assert.equal(o.coreMigrationVersion, '8.8.0');
      }
      assert.deepEqual(r.objects.map((o) => o.typeMigrationVersion), ['8.0.0', '8.9.0']);
      const dv = dataViewOf(r).attributes;
      assert.deepEqual([dv.title, dv.timeFieldName, dv.runtimeFieldMap], ['logs-twistlock-*', '@timestamp', '{}']);
      const a = r.dashboard.attributes;
      assert.deepEqual([a.title, a.timeRestore, a.timeFrom, a.timeTo], ['Twistlock - Overview', true, 'now-24h', 'now']);
      // JSON-in-string attributes; Lens state stays an object.
      for (const s of [a.panelsJSON, a.optionsJSON, a.kibanaSavedObjectMeta.searchSourceJSON, a.controlGroupInput.panelsJSON]) assert.equal(typeof s, 'string');
      assert.equal(typeof lensOf(r.panels[0]!).state, 'object');
    });

    it('has ids from the space, the uid and the role: stable across builds, different per space', () => {
      assert.equal(render(seed).content, r.content);
      assert.equal(r.dashboard.id, dashboardId(space, 'twistlock-overview'));
      assert.equal(dataViewOf(r).id, dataViewId(space, 'twistlock'));
      assert.equal(r.dashboard.id, uuidV5('default/twistlock-overview/dashboard', POLYDASH_NAMESPACE));
      for (const o of r.objects) assert.match(o.id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const other = render(seed, { space: 'team-a' });
      assert.notEqual(other.dashboard.id, r.dashboard.id);
      assert.notEqual(dataViewOf(other).id, dataViewOf(r).id);
      assert.ok(other.dashboard.references.every((ref: Obj) => ref.id === dataViewOf(other).id));
    });

    it('implements UUID v5 as RFC 4122 specifies (its DNS example)', () => {
      assert.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
    });

    it('references each layer data view inside the Lens attributes and, prefixed with the panel index, on the dashboard', () => {
      const refs = r.dashboard.references as Obj[];
      const ids = new Set(r.objects.map((o) => `${o.type}:${o.id}`));
      for (const ref of refs) assert.ok(ids.has(`${ref.type}:${ref.id}`), `${ref.name} points at an object of the file`);
      assert.equal(new Set(refs.map((x) => x.name)).size, refs.length);
      assert.equal(new Set(r.panels.map((p) => p.panelIndex)).size, r.panels.length);
      for (const p of r.panels) {
        assert.equal(p.panelIndex, p.gridData.i);
        const lens = lensOf(p);
        const layerIds = Object.keys(lens.state.datasourceStates[datasourceOf(p)].layers);
        assert.equal(layerIds.length, 1);
        for (const layerId of layerIds) {
          const name = `indexpattern-datasource-layer-${layerId}`;
          const inner = (lens.references as Obj[]).find((x) => x.name === name);
          const outer = refs.find((x) => x.name === `${p.panelIndex}:${name}`);
          assert.ok(inner && outer, `panel ${p.title}: ${name} inside and on the dashboard`);
          assert.deepEqual([inner.type, inner.id], ['index-pattern', dataViewOf(r).id]);
          assert.deepEqual([outer.type, outer.id], ['index-pattern', dataViewOf(r).id]);
        }
      }
    });

    it('maps the 24-column grid onto 48 columns of 20 px rows, keeping panels that touch touching', () => {
      assert.deepEqual(
        r.panels.map((p) => [p.gridData.x, p.gridData.y, p.gridData.w, p.gridData.h]),
        [[0, 0, 16, 8], [16, 0, 16, 8], [32, 0, 16, 8], [0, 8, 48, 12], [0, 20, 24, 12], [24, 20, 24, 12], [0, 32, 48, 13]],
      );
      for (let y = 0; y < 40; y++) {
        for (let h = 1; h < 12; h++) {
          const upper = gridData({ x: 0, y, w: 1, h }, 'a');
          const lower = gridData({ x: 0, y: y + h, w: 1, h: 1 }, 'b');
          assert.equal(upper.y + upper.h, lower.y);
        }
      }
    });

    it('turns the host variable into an options-list control on host.name', () => {
      const input = r.dashboard.attributes.controlGroupInput;
      assert.deepEqual([input.controlStyle, input.chainingSystem], ['oneLine', 'NONE']);
      assert.deepEqual(JSON.parse(input.ignoreParentSettingsJSON as string), { ignoreFilters: false, ignoreQuery: false, ignoreTimerange: false, ignoreValidations: false });
      const controls = Object.entries(JSON.parse(input.panelsJSON as string) as Record<string, Obj>);
      assert.equal(controls.length, 1);
      const [id, control] = controls[0]!;
      assert.equal(control.type, 'optionsListControl');
      // "All" is the default: no selection.
      assert.deepEqual(control.explicitInput, { id, dataViewId: dataViewOf(r).id, fieldName: 'host.name', title: 'Host', singleSelect: true, enhancements: {} });
      assert.ok((r.dashboard.references as Obj[]).some((x) => x.name === `controlGroup_${id}:optionsListDataView` && x.id === dataViewOf(r).id));
    });

    it('uses Lens (KQL + formBased) or ES|QL (textBased) per panel and says why', () => {
      assert.deepEqual(
        r.panels.map((p) => [lensOf(p).visualizationType, datasourceOf(p)]),
        [
          ['lnsMetric', 'formBased'],
          ['lnsMetric', 'formBased'],
          ['lnsMetric', 'formBased'],
          ['lnsXY', 'formBased'],
          ['lnsXY', 'textBased'],
          ['lnsDatatable', 'textBased'],
          ['lnsXY', 'formBased'],
        ],
      );
      for (const p of r.reports) assert.equal(p.diagnostics[0]!.code, 'kibana.form');
      assert.deepEqual(lensOf(r.panels[0]!).state.query, { language: 'kuery', query: 'message:"violation"' });
      const esql = layerOf(r.panels[4]!);
      assert.equal(esql.index, dataViewOf(r).id);
      assert.match(esql.query.esql, /^FROM logs-twistlock-\*\n\| WHERE MATCH\(message, "Denied"\)\n\| GROK message /);
      assert.deepEqual(esql.columns.map((c: Obj) => [c.fieldName, c.meta.type]), [['count', 'number'], ['user', 'string']]);
      const bars = lensOf(r.panels[4]!).state.visualization.layers[0];
      assert.deepEqual([bars.xAccessor, bars.accessors, bars.seriesType], ['esql_1', ['esql_0'], 'bar']);
      // ES|QL parses at query time: nothing added to the shared data view.
      assert.equal(dataViewOf(r).attributes.runtimeFieldMap, '{}');
      assert.deepEqual(r.reports.map((p) => p.language), ['kibana-lens', 'kibana-lens', 'kibana-lens', 'kibana-lens', 'esql', 'esql', 'kibana-lens']);
    });

    it('shows a single value as the latest bucket over a reduced time range, coloured by the ranges', () => {
      const layer = layerOf(r.panels[0]!);
      assert.deepEqual(layer.columnOrder, ['metric_count']);
      assert.equal(layer.columns.metric_count.reducedTimeRange, '24h');
      assert.equal(layer.columns.metric_count.operationType, 'count');
      const report = r.reports[0]!;
      assert.equal(report.fidelity, 'approximate');
      assert.ok(codes(r, report.key).includes('kibana.latest-bucket'));
      assert.ok(!codes(r, report.key).includes('lens.row-limit'));
      const palette = lensOf(r.panels[0]!).state.visualization.palette.params;
      assert.deepEqual(
        [palette.continuity, palette.rangeMin, palette.rangeMax, palette.colorStops.map((s: Obj) => s.stop), palette.stops.map((s: Obj) => s.stop)],
        ['above', 1, null, [1, 31, 71], [31, 71, 111]],
      );
    });

    it('splits the per-host series with the breakdown (splitAccessor)', () => {
      const p = r.panels[6]!;
      const layer = lensOf(p).state.visualization.layers[0];
      assert.deepEqual([layer.xAccessor, layer.splitAccessor, layer.accessors, layer.seriesType], ['bucket', 'group_host', ['metric_count'], 'line']);
      assert.deepEqual(layerOf(p).columnOrder, ['group_host', 'bucket', 'metric_count']);
      assert.equal(lensOf(r.panels[3]!).state.visualization.layers[0].seriesType, 'area');
    });
  });

  describe('runtime fields and Kibana versions', () => {
    it('puts the runtime fields of Lens parse panels into the data view, merged per source', () => {
      const denied = seed.panels[4]!;
      const types = seed.panels[5]!;
      const d = dashboard({
        uid: 'forced',
        title: 'Forced Lens',
        time: { last: '1h' },
        panels: [
          bar({ title: denied.title, kibana: { form: 'lens' }, query: 'query' in denied && denied.query.kind === 'query' ? denied.query : from(app) }),
          table({ title: types.title, kibana: { form: 'lens' }, query: 'query' in types && types.query.kind === 'query' ? types.query : from(app) }),
        ],
      });
      const r = render(d);
      assert.deepEqual(r.panels.map(datasourceOf), ['formBased', 'formBased']);
      const map = JSON.parse(dataViewOf(r).attributes.runtimeFieldMap as string) as Record<string, { type: string; script: { source: string } }>;
      const used = r.panels.map((p) => Object.values(layerOf(p).columns as Obj).find((c) => c.operationType === 'terms').sourceField as string);
      assert.deepEqual(used.map((u) => u.replace(/^pd_[0-9a-f]{8}_/, '')), ['user', 'violation_type']);
      for (const name of used) {
        assert.equal(map[name]!.type, 'keyword');
        assert.match(map[name]!.script.source, /grok\('.*'\)\.extract\(m\)/);
      }
      assert.ok(r.reports.every((p) => p.diagnostics.some((x) => x.code === 'kibana.runtime-fields')));
    });

    it('falls back to Lens where the chosen version lacks an ES|QL feature, and says so', () => {
      const r = render(seed, { version: '8.11' });
      assert.deepEqual(r.panels.map(datasourceOf), ['formBased', 'formBased', 'formBased', 'formBased', 'formBased', 'formBased', 'formBased']);
      const notes = r.reports[4]!.diagnostics.filter((x) => x.code === 'kibana.esql-fallback');
      assert.match(notes[0]!.message, /the ES\|QL MATCH function, which Kibana has from 8\.16; this file is for 8\.11/);
      // The shared data view stays free of runtime fields; the dashboard's own one holds them.
      const views = r.objects.filter((o) => o.type === 'index-pattern');
      assert.deepEqual(views.map((v) => Object.keys(JSON.parse(v.attributes.runtimeFieldMap as string) as object).length), [0, 2]);
      assert.notEqual(views[0]!.id, views[1]!.id);
      assert.match(views[1]!.attributes.name as string, /\(parsed fields of Twistlock - Overview\)$/);
      assert.equal(render(seed, { version: '8.11' }).objects.filter((o) => o.type === 'index-pattern')[0]!.id, views[0]!.id);
    });

    it('replaces a forced ES|QL panel the version cannot run by a markdown panel saying why', () => {
      const d = dashboard({ uid: 'old', title: 'Old', time: { last: '1h' }, panels: [timeSeries({ title: 'Buckets', kibana: { form: 'esql' }, query: from(app).timeslice('5m').count() })] });
      const r = render(d, { version: '8.13' });
      assert.equal(r.panels[0]!.type, 'visualization');
      assert.match(r.panels[0]!.embeddableConfig.savedVis.params.markdown, /^\*\*Buckets\*\* cannot be shown on Kibana: ES\|QL: the ES\|QL query needs the ES\|QL BUCKET function, which Kibana has from 8\.14/);
      assert.equal(r.reports[0]!.fidelity, 'unsupported');
      assert.equal(render(d, { version: '8.14' }).panels[0]!.type, 'lens');
    });

    it('finds ES|QL features by lexing, not in string literals', () => {
      assert.deepEqual(esqlFeatures('FROM a | WHERE MATCH(message, "BUCKET(x)") | STATS c = COUNT(*) BY b = BUCKET(@timestamp, 1 hour)'), [FEATURES.esqlMatch, FEATURES.esqlBucket]);
      assert.deepEqual(esqlFeatures('FROM a | WHERE t >= ?_tstart'), [FEATURES.esqlTimeParams]);
      assert.ok(!FEATURES.esqlMatchPhrase.available({ major: 9, minor: 0 }) && FEATURES.esqlMatchPhrase.available({ major: 8, minor: 19 }));
    });

    it('refuses versions and spaces Kibana does not have', () => {
      assert.deepEqual(kibanaSettings({}), { version: { major: 8, minor: 19 }, space: 'default' });
      assert.deepEqual(kibanaSettings({ version: '9.1.3', space: 'soc_team-2' }), { version: { major: 9, minor: 1 }, space: 'soc_team-2' });
      assert.throws(() => kibanaSettings({ version: '8.10' }), /from 8\.11 to 9\.x/);
      assert.throws(() => kibanaSettings({ version: '10.0' }), /from 8\.11 to 9\.x/);
      assert.throws(() => kibanaSettings({ space: 'Team A' }), /space id/);
    });
  });

  describe('every panel kind', () => {
    const r = render(kinds());
    const byTitle = (title: string): Obj => r.panels.find((p) => p.title === title)!;

    it('writes time, refresh and one object per data view and saved search', () => {
      const a = r.dashboard.attributes;
      assert.deepEqual([a.timeFrom, a.timeTo, a.refreshInterval], ['now-7d', 'now', { pause: false, value: 300_000 }]);
      assert.deepEqual(r.objects.map((o) => o.type), ['index-pattern', 'search', 'search', 'search', 'dashboard']);
      assert.equal(r.panels.length, kinds().panels.length);
    });

    it('renders text as a markdown visualization and an unsupported panel as markdown saying why', () => {
      const about = byTitle('About');
      assert.equal(about.type, 'visualization');
      assert.deepEqual(about.embeddableConfig.savedVis.params, { markdown: '**Bold** <b>not html</b>', fontSize: 12, openLinksInNewTab: false });
      const json = byTitle('Nested JSON');
      assert.match(json.embeddableConfig.savedVis.params.markdown, /^\*\*Nested JSON\*\* cannot be shown on Kibana: Lens: JSON extraction: .*; ES\|QL: ES\|QL cannot extract JSON/);
      assert.equal(r.reports.find((p) => p.title === 'Nested JSON')!.fidelity, 'unsupported');
    });

    it('formats and colours a single value, filling the gap between ranges', () => {
      const p = byTitle('Errors');
      assert.deepEqual(layerOf(p).columns.metric_count.params.format, { id: 'number', params: { decimals: 1, suffix: ' errors' } });
      const palette = lensOf(p).state.visualization.palette.params;
      assert.deepEqual(palette.colorStops, [{ color: '#209280', stop: null }, { color: GAP_COLOR, stop: 10 }, { color: '#d6bf57', stop: 20 }, { color: '#cc5642', stop: 50 }]);
      assert.equal(palette.continuity, 'all');
      assert.ok(codes(r, 'errors').includes('kibana.color-gap'));
    });

    it('shows the latest bucket of an ES|QL single value exactly (SORT DESC, LIMIT 1)', () => {
      const p = byTitle('Latest 5m');
      assert.equal(datasourceOf(p), 'textBased');
      assert.match(layerOf(p).query.esql, /\| STATS count = COUNT\(\*\) BY timeslice = BUCKET\(@timestamp, 5 minutes?\)\n\| SORT timeslice DESC\n\| LIMIT 1$/);
      assert.deepEqual(layerOf(p).columns.map((c: Obj) => c.fieldName), ['count']);
      assert.equal(r.reports.find((x) => x.title === 'Latest 5m')!.fidelity, 'exact');
    });

    it('draws a gauge with static minimum and maximum columns', () => {
      const p = byTitle('Load');
      const vis = lensOf(p).state.visualization;
      assert.deepEqual([vis.shape, vis.minAccessor, vis.maxAccessor, vis.colorMode], ['arc', 'gauge_min', 'gauge_max', 'palette']);
      assert.deepEqual(layerOf(p).columns.gauge_max.params, { value: '100' });
      assert.equal(layerOf(p).columns.gauge_max.operationType, 'static_value');
      // ES|QL has no static columns: the query computes them.
      const esql = layerOf(byTitle('ES|QL load'));
      assert.match(esql.query.esql, /\n\| EVAL polydash_gauge_min = 0, polydash_gauge_max = 100$/);
      assert.deepEqual(esql.columns.map((c: Obj) => [c.columnId, c.fieldName]), [['esql_0', 'count'], ['gauge_min', 'polydash_gauge_min'], ['gauge_max', 'polydash_gauge_max']]);
      assert.ok(codes(r, 'es-ql-load').includes('kibana.number-format'));
    });

    it('stacks, splits and lays out XY charts; slices a donut; sorts and pages a table', () => {
      const series = lensOf(byTitle('By host')).state.visualization.layers[0];
      assert.equal(series.seriesType, 'area_stacked');
      assert.ok(series.splitAccessor && series.xAccessor);
      assert.equal(lensOf(byTitle('Users')).state.visualization.layers[0].seriesType, 'bar_horizontal_stacked');
      const donut = lensOf(byTitle('Namespaces')).state.visualization;
      assert.deepEqual([donut.shape, donut.layers[0].primaryGroups, donut.layers[0].metrics], ['donut', ['group_namespace'], ['metric_count']]);
      const t = lensOf(byTitle('Top users')).state.visualization;
      assert.deepEqual([t.sorting, t.paging], [{ columnId: 'metric_count', direction: 'desc' }, { size: 25, enabled: true }]);
      assert.equal(layerOf(byTitle('Top users')).columns.group_user.params.size, 20);
    });

    it('embeds event lists as saved searches by reference, keeping their limit from 8.12', () => {
      const p = byTitle('Errors list');
      const search = r.objects.find((o) => o.type === 'search' && o.attributes.title === 'Errors list')!;
      assert.equal(p.panelRefName, `panel_${p.panelIndex}`);
      assert.ok((r.dashboard.references as Obj[]).some((x) => x.name === `${p.panelIndex}:panel_${p.panelIndex}` && x.type === 'search' && x.id === search.id));
      assert.deepEqual([search.typeMigrationVersion, search.attributes.sampleSize, search.attributes.columns, search.attributes.sort], ['10.1.0', 50, ['user.name', 'host.name', 'message'], [['@timestamp', 'desc']]]);
      assert.deepEqual(JSON.parse(search.attributes.kibanaSavedObjectMeta.searchSourceJSON as string), {
        query: { query: 'message:"error"', language: 'kuery' },
        filter: [],
        indexRefName: 'kibanaSavedObjectMeta.searchSourceJSON.index',
      });
      assert.deepEqual(search.references, [{ type: 'index-pattern', id: dataViewOf(r).id, name: 'kibanaSavedObjectMeta.searchSourceJSON.index' }]);
      const old = render(kinds(), { version: '8.11' });
      const oldSearch = old.objects.find((o) => o.type === 'search' && o.attributes.title === 'Errors list')!;
      assert.deepEqual([oldSearch.typeMigrationVersion, 'sampleSize' in oldSearch.attributes], ['8.0.0', false]);
      assert.ok(codes(old, 'errors-list').includes('kibana.sample-size'));
    });

    it('shows raw ES|QL as a Discover ES|QL session and raw KQL as a search of the only source', () => {
      const esql = r.objects.find((o) => o.attributes.title === 'Raw ES|QL')!;
      assert.equal(esql.attributes.isTextBasedQuery, true);
      assert.deepEqual(JSON.parse(esql.attributes.kibanaSavedObjectMeta.searchSourceJSON as string), { query: { esql: 'FROM logs-app-* | STATS c = COUNT(*) BY host.name' }, filter: [] });
      assert.equal(r.reports.find((p) => p.title === 'Raw ES|QL')!.fidelity, 'approximate');
      const kql = r.objects.find((o) => o.attributes.title === 'Raw KQL')!;
      assert.equal(JSON.parse(kql.attributes.kibanaSavedObjectMeta.searchSourceJSON as string).query.query, 'error and not debug');
      assert.equal(kql.references[0].id, dataViewOf(r).id);
    });

    it('makes the variable a control with its default selected, and reports what a control cannot do', () => {
      const controls = Object.values(JSON.parse(r.dashboard.attributes.controlGroupInput.panelsJSON as string) as Record<string, Obj>);
      assert.equal(controls.length, 1);
      const input = controls[0]!.explicitInput;
      assert.deepEqual([input.fieldName, input.selectedOptions, 'singleSelect' in input, 'exclude' in input], ['namespace', ['prod'], false, false]);
      assert.ok(codes(r, 'by-host').includes('kibana.variable-negated'));
      assert.equal(r.reports.find((p) => p.key === 'by-host')!.fidelity, 'approximate');
      assert.ok(codes(r, 'errors').includes('kibana.variable-values'));
    });
  });

  describe('colour ranges as a Lens palette', () => {
    it('keeps from inclusive and to exclusive with contiguous bands and open ends as continuity', () => {
      const { palette, diagnostics } = lensPalette([{ from: 1, to: 31, color: 'green' }, { from: 31, to: 71, color: 'orange' }, { from: 71, color: 'red' }]);
      const params = (palette as Obj).params;
      assert.deepEqual(params.stops, [{ color: '#209280', stop: 31 }, { color: '#da8b45', stop: 71 }, { color: '#cc5642', stop: 111 }]);
      assert.deepEqual([params.continuity, params.rangeMin, params.rangeMax, params.steps], ['above', 1, null, 3]);
      assert.deepEqual(diagnostics, []);
    });
    it('says when the end of a closed last range would take its colour', () => {
      const { palette, diagnostics } = lensPalette([{ to: 5, color: '#ABCDEF' }, { from: 5, to: 9, color: 'red' }]);
      assert.deepEqual([(palette as Obj).params.continuity, (palette as Obj).params.rangeMax, (palette as Obj).params.colorStops[0]], ['below', 9, { color: '#abcdef', stop: null }]);
      assert.deepEqual(diagnostics.map((d) => d.code), ['kibana.color-upper-bound']);
    });
  });

  describe('shapes match real Kibana-produced Lens attributes', { skip: !examplesDirs.every(existsSync) && 'shared Kibana examples are not here' }, () => {
    const examples = loadRealLens();
    const mine = [render(seed), render(seed, { version: '8.11' }), render(kinds())].flatMap((x) => x.panels.filter((p) => p.type === 'lens').map(lensOf));

    it('each visualization state has the keys and JSON types of a real example of its type', () => {
      const types = new Set(mine.map((a) => a.visualizationType as string));
      assert.deepEqual([...types].sort(), ['lnsDatatable', 'lnsGauge', 'lnsMetric', 'lnsPie', 'lnsXY']);
      for (const a of mine) {
        const type = a.visualizationType as string;
        const vis = a.state.visualization as Obj;
        assertLikeAnExample(vis, examples.visualizations.get(type) ?? [], OPTIONAL_KEYS[type]!, `${type} of "${a.title}"`);
        if (vis.palette) assertLikeAnExample(vis.palette, examples.palettes, new Set(), `palette of "${a.title}"`);
      }
    });

    it('each formBased column has the keys and JSON types of a real column of its operation', () => {
      let checked = 0;
      for (const a of mine) {
        const fb = a.state.datasourceStates.formBased as Obj | undefined;
        for (const layer of Object.values((fb?.layers ?? {}) as Obj)) {
          for (const column of Object.values(layer.columns as Obj)) {
            assertLikeAnExample(column, examples.columns.get(column.operationType) ?? [], OPTIONAL_COLUMN_KEYS, `${column.operationType} column of "${a.title}"`);
            checked++;
          }
          assertLikeAnExample({ ...layer, columns: {} }, examples.formBasedLayers, new Set(['incompleteColumns', 'sampling', 'ignoreGlobalFilters', 'indexPatternId']), `layer of "${a.title}"`);
        }
      }
      assert.ok(checked > 20);
    });

    it('each textBased layer has the keys and JSON types of a LensConfigBuilder ES|QL layer', () => {
      const layers = mine.flatMap((a) => Object.values(((a.state.datasourceStates.textBased as Obj | undefined)?.layers ?? {}) as Obj));
      assert.ok(layers.length >= 3, `${layers.length} ES|QL layers`);
      for (const layer of layers) assertLikeAnExample({ ...layer, index: 'id' }, examples.textBasedLayers, new Set(), 'textBased layer');
    });
  });

  it('produces files the vendor conformance checker accepts', { skip: !existsSync(conformance) && 'shared/conformance is not here' }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'polydash-kibana-'));
    temps.push(dir);
    mkdirSync(path.join(dir, 'kibana'));
    for (const [name, d, options] of [['seed', seed, {}], ['seed-8.11', seed, { version: '8.11', space: 'team-a' }], ['kinds', kinds(), {}]] as const) {
      writeFileSync(path.join(dir, 'kibana', `${name}.ndjson`), render(d, options).content);
    }
    const out = execFileSync(process.execPath, [conformance, '--quiet', dir], { encoding: 'utf8' });
    assert.match(out, /^3 passed, 0 failed$/m);
  });
});

// ---- comparing shapes with real exports -----------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Keys Kibana's state types declare optional that the stored examples do not all carry:
 * MetricVisualizationState (palette, maxAccessor, breakdownByAccessor), the XY layer
 * (splitAccessor), PieLayerState (nestedLegend, legendPosition, allowMultipleMetrics),
 * DatatableVisualizationState (sorting?, paging?) and GaugeState (goalAccessor, colorMode,
 * palette; showBar is LensConfigBuilder's).
 */
const OPTIONAL_KEYS: Record<string, ReadonlySet<string>> = {
  lnsMetric: new Set(['palette', 'maxAccessor', 'breakdownByAccessor']),
  lnsXY: new Set(['splitAccessor']),
  lnsPie: new Set(['nestedLegend', 'legendPosition', 'allowMultipleMetrics', 'palette']),
  lnsDatatable: new Set(['sorting', 'paging']),
  lnsGauge: new Set(['goalAccessor', 'showBar', 'colorMode', 'palette']),
};
/** Optional members of every formBased column (Lens's base column type). */
const OPTIONAL_COLUMN_KEYS: ReadonlySet<string> = new Set(['reducedTimeRange', 'filter', 'timeShift', 'customLabel', 'params', 'format']);

const kindOf = (v: Json): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Where `actual` differs in shape from `example`: other keys (except optional ones), other
 * JSON types, array elements unlike every element of the example's array. A null in the
 * example is a nullable scalar (real exports write null for open palette bounds).
 */
function shapeDiff(actual: Json, example: Json, optional: ReadonlySet<string>, at = '$'): string[] {
  if (example === null) return typeof actual === 'object' && actual !== null ? [`${at}: ${kindOf(actual)} where the example has null`] : [];
  if (kindOf(actual) !== kindOf(example)) return [`${at}: ${kindOf(actual)} where the example has ${kindOf(example)}`];
  if (Array.isArray(actual)) {
    const elements = example as Json[];
    if (elements.length === 0) return [];
    return actual.flatMap((a, i) => (elements.some((e) => shapeDiff(a, e, optional).length === 0) ? [] : shapeDiff(a, elements[0]!, optional, `${at}[${i}]`)));
  }
  if (typeof actual !== 'object' || actual === null) return [];
  const a = actual as Record<string, Json>;
  const e = example as Record<string, Json>;
  return [
    ...Object.keys(a).filter((k) => !(k in e) && !optional.has(k)).map((k) => `${at}.${k}: not in the example`),
    ...Object.keys(e).filter((k) => !(k in a) && !optional.has(k)).map((k) => `${at}.${k}: missing`),
    ...Object.keys(a).filter((k) => k in e).flatMap((k) => shapeDiff(a[k]!, e[k]!, optional, `${at}.${k}`)),
  ];
}

function assertLikeAnExample(actual: unknown, examples: readonly unknown[], optional: ReadonlySet<string>, what: string): void {
  assert.ok(examples.length > 0, `no real example for ${what}`);
  const diffs = examples.map((e) => shapeDiff(actual as Json, e as Json, optional));
  if (diffs.some((d) => d.length === 0)) return;
  const closest = diffs.reduce((a, b) => (b.length < a.length ? b : a));
  assert.fail(`${what} has the shape of no real example; closest differs in: ${closest.join('; ')}`);
}

/** Lens attributes in the stored real exports (elastic-package files keep JSON strings decoded). */
function loadRealLens(): { visualizations: Map<string, Obj[]>; columns: Map<string, Obj[]>; palettes: Obj[]; formBasedLayers: Obj[]; textBasedLayers: Obj[] } {
  const visualizations = new Map<string, Obj[]>();
  const columns = new Map<string, Obj[]>();
  const palettes: Obj[] = [];
  const formBasedLayers: Obj[] = [];
  const textBasedLayers: Obj[] = [];
  const add = <T>(m: Map<string, T[]>, k: string, v: T): void => void m.set(k, [...(m.get(k) ?? []), v]);
  const visit = (v: unknown): void => {
    if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
      try {
        visit(JSON.parse(v));
      } catch {
        // not JSON after all
      }
      return;
    }
    if (Array.isArray(v)) return v.forEach(visit);
    if (typeof v !== 'object' || v === null) return;
    const o = v as Obj;
    if (typeof o.visualizationType === 'string' && typeof o.state === 'object') {
      add(visualizations, o.visualizationType, o.state.visualization);
      if (o.state.visualization?.palette?.name === 'custom') palettes.push(o.state.visualization.palette);
      for (const layer of Object.values((o.state.datasourceStates?.formBased?.layers ?? {}) as Obj)) {
        formBasedLayers.push({ ...layer, columns: {} });
        for (const c of Object.values(layer.columns as Obj)) add(columns, c.operationType, c);
      }
      for (const layer of Object.values((o.state.datasourceStates?.textBased?.layers ?? {}) as Obj)) textBasedLayers.push(layer);
    }
    Object.values(o).forEach(visit);
  };
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : /\.(nd)?json$/.test(name) ? [full] : [];
    });
  for (const file of examplesDirs.flatMap(walk)) {
    const text = readFileSync(file, 'utf8');
    const docs = file.endsWith('.ndjson') ? text.split('\n').filter((l) => l.trim()) : [text];
    for (const doc of docs) {
      try {
        visit(JSON.parse(doc));
      } catch {
        // a file that is not JSON is no example
      }
    }
  }
  return { visualizations, columns, palettes, formBasedLayers, textBasedLayers };
}
