import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import seed from '../../dashboards/twistlock-overview.js';
import { dashboard, events, from, gauge, pie, singleValue, table, text, variable } from '../../src/index.js';
import type { DashboardDef } from '../../src/index.js';
import { splunk } from '../../src/targets/splunk/render.js';
import { app } from '../helpers/sources.js';
import { childrenNamed, parseXml, textOf } from '../helpers/xml.js';

// Splunk's own published definition schema, from @splunk/dashboard-definition (runs in Node).
const require = createRequire(import.meta.url);
const { defaultSchema } = require('@splunk/dashboard-definition') as { defaultSchema: object };
const validateDefinition = new Ajv({ strict: false, allErrors: true }).compile(defaultSchema);

function studio(d: DashboardDef, options: Record<string, string> = { format: 'studio' }) {
  const xml = splunk.render(d, { options }).artifacts[0]!.content;
  const doc = parseXml(xml);
  const definition = JSON.parse(textOf(childrenNamed(doc, 'definition')[0]!)) as {
    dataSources: Record<string, { type: string; options: { query: string; extend?: string } }>;
    visualizations: Record<string, { type: string; title?: string; options: Record<string, unknown>; context?: Record<string, unknown>; dataSources?: { primary: string } }>;
    inputs: Record<string, { type: string; options: Record<string, unknown>; context?: Record<string, unknown>; dataSources?: { primary: string } }>;
    layout: { globalInputs: string[]; layoutDefinitions: Record<string, { structure: { item: string; position: Record<string, number> }[] }> };
  };
  return { xml, doc, definition };
}

describe('Splunk target (Dashboard Studio)', () => {
  it('is chosen by --splunk-format studio or by the dashboard, and wraps the JSON in <dashboard version="2">', () => {
    const { doc } = studio(seed);
    assert.deepEqual([doc.name, doc.attrs.version], ['dashboard', '2']);
    assert.equal(textOf(childrenNamed(doc, 'label')[0]!), 'Twistlock - Overview');
    const own = dashboard({ uid: 'own', title: 'Own', time: { last: '1h' }, splunk: { format: 'studio' }, panels: [table({ title: 't', query: from(app).count().by('host') })] });
    assert.equal(parseXml(splunk.render(own, {}).artifacts[0]!.content).attrs.version, '2');
    assert.equal(parseXml(splunk.render(seed, {}).artifacts[0]!.content).attrs.version, '1.1');
  });

  it("passes Splunk's own definition schema", () => {
    const { definition } = studio(seed);
    assert.ok(validateDefinition(definition), JSON.stringify(validateDefinition.errors));
  });

  it('uses ds.search for base searches and ds.chain for the panels that post-process them', () => {
    const { definition } = studio(seed);
    const ds = definition.dataSources;
    assert.deepEqual(ds.ds_base1, { type: 'ds.search', name: 'base1', options: { query: 'index="twistlock" sourcetype="twistlock:syslog" host=$host|s$ "violation" | fields _time, _raw' } });
    assert.deepEqual(ds.ds_1, { type: 'ds.chain', name: 'violations-last-24-hours', options: { extend: 'ds_base1', query: '| bin _time span=24h | stats count AS count by _time | sort 0 -_time | head 1' } });
    assert.equal(ds.ds_2!.type, 'ds.search');
  });

  it('maps each panel to its visualization, grid position and data source', () => {
    const { definition } = studio(seed);
    const viz = Object.values(definition.visualizations);
    assert.deepEqual(viz.map((v) => v.type), ['splunk.singlevalue', 'splunk.singlevalue', 'splunk.singlevalue', 'splunk.area', 'splunk.column', 'splunk.table', 'splunk.line']);
    assert.deepEqual(viz[0]!.context, {
      majorColorEditorConfig: [
        { from: 1, to: 31, value: '#53a051' },
        { from: 31, to: 71, value: '#f1813f' },
        { from: 71, value: '#dc4e41' },
      ],
    });
    assert.equal(viz[0]!.options.majorColor, '> majorValue | rangeValue(majorColorEditorConfig)');
    const structure = definition.layout.layoutDefinitions.layout_1!.structure;
    assert.deepEqual(structure.slice(0, 4).map((s) => s.position), [
      { x: 0, y: 0, w: 480, h: 150 },
      { x: 480, y: 0, w: 480, h: 150 },
      { x: 960, y: 0, w: 480, h: 150 },
      { x: 0, y: 150, w: 1440, h: 240 },
    ]);
    for (const v of viz) assert.ok(definition.dataSources[v.dataSources!.primary], `${v.title} has a data source`);
  });

  it('turns variables into inputs: a dynamic dropdown fed by a search, a static multiselect', () => {
    const env = variable({ name: 'env', values: ['prod', 'dev'], multi: true, includeAll: false });
    const d = dashboard({ ...seed, uid: 'seed-env', variables: [...seed.variables, env], panels: [pie({ title: 'p', query: from(app).where('namespace', '=', env).count().by('user') })] } as never);
    const { definition } = studio(d);
    assert.deepEqual(definition.layout.globalInputs, ['input_global_trp', 'input_host', 'input_env']);
    assert.deepEqual(definition.inputs.input_global_trp, { type: 'input.timerange', title: 'Time range', options: { token: 'global_time', defaultValue: '-24h,now' } });
    const host = definition.inputs.input_host!;
    assert.equal(host.type, 'input.dropdown');
    assert.equal(host.options.items, '>frame(label, value) | prepend(formattedStatics) | objects()');
    assert.deepEqual(host.context!.statics, [['All'], ['*']]);
    assert.equal(definition.dataSources[host.dataSources!.primary]!.options.query, 'index="twistlock" sourcetype="twistlock:syslog" | stats count AS count by host | sort 0 -count | head 1000');
    assert.deepEqual(definition.inputs.input_env, { title: 'env', type: 'input.multiselect', options: { items: [{ label: 'prod', value: 'prod' }, { label: 'dev', value: 'dev' }], token: 'env', defaultValue: ['prod'] } });
    assert.ok(validateDefinition(definition), JSON.stringify(validateDefinition.errors));
  });

  it('renders text as native markdown, gauges, events, and keeps ]]> out of the CDATA', () => {
    const nasty = 'x]]>y<z>&"';
    const d = dashboard({
      uid: 'kinds',
      title: nasty,
      time: { last: '1h' },
      panels: [
        text({ markdown: `# ${nasty}` }),
        gauge({ title: 'g', query: from(app).count(), max: 10, ranges: [{ to: 5, color: 'green' }, { from: 5, color: 'red' }] }),
        events({ title: 'e', query: from(app).where('user', '=', nasty) }),
        singleValue({ title: 's', query: from(app).count() }),
      ],
    });
    const { xml, definition, doc } = studio(d);
    assert.equal(xml.split(']]>').length, 2, 'only the CDATA end marker');
    assert.equal(textOf(childrenNamed(doc, 'label')[0]!), nasty);
    const viz = Object.values(definition.visualizations);
    assert.deepEqual(viz[0], { type: 'splunk.markdown', options: { markdown: `# ${nasty}` } });
    assert.deepEqual(viz[1]!.options, { gaugeRanges: [{ from: 0, to: 5, value: '#53a051' }, { from: 5, to: 10, value: '#dc4e41' }] });
    assert.equal(viz[2]!.type, 'splunk.events');
    assert.equal(definition.dataSources[viz[2]!.dataSources!.primary]!.options.query, 'index="main" sourcetype="app:log" user="x]]>y<z>&\\""');
    assert.ok(validateDefinition(definition), JSON.stringify(validateDefinition.errors));
  });
});
