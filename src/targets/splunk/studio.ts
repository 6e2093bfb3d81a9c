// Splunk Dashboard Studio: a JSON definition (dataSources, visualizations, inputs, a tabbed grid
// layout, defaults) inside <dashboard version="2"><definition><![CDATA[...]]></definition>.

import type { ColorRange, DashboardDef, PanelDef, VariableDef } from '../../model/types.js';
import { compileQuery } from '../../query/compile.js';
import { valuesQuery } from '../../query/derive.js';
import type { Diagnostic } from '../../query/fidelity.js';
import { nativeFieldName } from '../../query/mapping.js';
import type { PanelReport } from '../target.js';
import { studioColor } from './palette.js';
import { splunkHeight } from './rows.js';
import { panelSearches, splunkTime } from './searches.js';
import { TIME_TOKEN } from './simple-xml.js';
import { renderTemplate } from './templates.js';

/** Studio's grid is 1440 px wide: 60 px per column of the 24-column grid. */
const COLUMN_PX = 60;

/** Studio range colours: `from` inclusive, `to` exclusive, like polydash ranges. */
function colorRanges(ranges: readonly ColorRange[]): object[] {
  return ranges.map((r) => ({ ...(r.from !== undefined ? { from: r.from } : {}), ...(r.to !== undefined ? { to: r.to } : {}), value: studioColor(r.color) }));
}

function visualization(panel: PanelDef): { type: string; options: Record<string, unknown>; context?: Record<string, unknown> } {
  switch (panel.type) {
    case 'singleValue':
      return {
        type: 'splunk.singlevalue',
        options: {
          numberPrecision: panel.decimals ?? 0,
          ...(panel.unit ? { unit: panel.unit } : {}),
          sparklineDisplay: 'off',
          trendDisplay: 'off',
          ...(panel.ranges ? { majorColor: '> majorValue | rangeValue(majorColorEditorConfig)' } : {}),
        },
        ...(panel.ranges ? { context: { majorColorEditorConfig: colorRanges(panel.ranges) } } : {}),
      };
    case 'gauge':
      return {
        type: 'splunk.markergauge',
        options: { gaugeRanges: colorRanges(panel.ranges ?? [{ color: 'green' }]).map((r) => ({ from: panel.min, to: panel.max, ...r })) },
      };
    case 'timeSeries':
      return {
        type: panel.style === 'line' ? 'splunk.line' : 'splunk.area',
        options: { stackMode: panel.style === 'stacked' ? 'stacked' : 'auto', legendDisplay: panel.legend ? 'bottom' : 'off', nullValueDisplay: 'gaps', xAxisTitleVisibility: 'hide' },
      };
    case 'bar':
      return { type: panel.orientation === 'column' ? 'splunk.column' : 'splunk.bar', options: { stackMode: panel.stacked ? 'stacked' : 'auto', legendDisplay: panel.legend ? 'bottom' : 'off' } };
    case 'pie':
      return { type: 'splunk.pie', options: { showDonutHole: panel.donut, labelDisplay: 'valuesAndPercentage' } };
    case 'table':
      return { type: 'splunk.table', options: { count: panel.pageSize ?? 10, drilldown: 'none', rowNumbers: false, wrap: true } };
    case 'events':
      return { type: 'splunk.events', options: { type: 'list', count: 20, rowNumbers: false } };
    case 'text':
      return { type: 'splunk.markdown', options: { markdown: panel.markdown } };
  }
}

function input(v: VariableDef, dataSources: Record<string, object>): object {
  const statics = v.includeAll ? [['All'], ['*']] : [[], []];
  const type = v.multi ? 'input.multiselect' : 'input.dropdown';
  const common = { title: v.label, type };
  if (v.values) {
    return { ...common, options: { items: [...(v.includeAll ? [{ label: 'All', value: '*' }] : []), ...v.values.map((x) => ({ label: x, value: x }))], token: v.name, defaultValue: v.multi ? [v.default] : v.default } };
  }
  const compiled = compileQuery(valuesQuery(v.query!, v.field!), 'splunk');
  const field = nativeFieldName(v.query!.source, v.field!, 'splunk') ?? v.field!;
  const ds = `ds_values_${v.name}`;
  if (typeof compiled.output === 'string') dataSources[ds] = { type: 'ds.search', name: `values of ${v.name}`, options: { query: compiled.output } };
  const series = (as: string): string => `>primary | seriesByName(${JSON.stringify(field)}) | renameSeries("${as}") | formatByType(formattedConfig)`;
  return {
    ...common,
    options: { items: '>frame(label, value) | prepend(formattedStatics) | objects()', token: v.name, defaultValue: v.multi ? [v.default] : v.default },
    context: { formattedConfig: { number: { prefix: '' } }, formattedStatics: '>statics | formatByType(formattedConfig)', statics, label: series('label'), value: series('value') },
    ...(typeof compiled.output === 'string' ? { dataSources: { primary: ds } } : {}),
  };
}

export function studioDefinition(d: DashboardDef): { definition: object; panels: PanelReport[] } {
  const time = splunkTime(d.time);
  const { searches, bases } = panelSearches(d.panels, { shareBaseSearches: true });
  const dataSources: Record<string, object> = {};
  for (const b of bases) dataSources[`ds_${b.id}`] = { type: 'ds.search', name: b.id, options: { query: b.query } };
  const visualizations: Record<string, object> = {};
  const structure: object[] = [];
  const reports: PanelReport[] = [];
  d.panels.forEach((panel, i) => {
    const id = `viz_${i + 1}`;
    const diagnostics: Diagnostic[] = [];
    let viz = visualization(panel);
    let source: string | undefined;
    if (panel.type !== 'text') {
      const search = searches.get(panel.key)!;
      diagnostics.push(...search.diagnostics);
      if (!search.spl) {
        viz = { type: 'splunk.markdown', options: { markdown: `**${panel.title}** cannot be shown on Splunk: ${search.diagnostics.map((x) => x.message).join('; ')}` } };
      } else {
        source = `ds_${i + 1}`;
        dataSources[source] = search.base
          ? { type: 'ds.chain', name: panel.key, options: { extend: `ds_${search.base.id}`, query: `| ${search.spl}` } }
          : { type: 'ds.search', name: panel.key, options: { query: search.spl } };
      }
      reports.push({ key: panel.key, title: panel.title, fidelity: search.spl ? search.fidelity : 'unsupported', language: 'splunk', diagnostics });
    } else reports.push({ key: panel.key, title: panel.title, fidelity: 'exact', diagnostics });
    visualizations[id] = {
      type: viz.type,
      ...(panel.title ? { title: panel.title } : {}),
      ...(panel.description ? { description: panel.description } : {}),
      options: viz.options,
      ...(viz.context ? { context: viz.context } : {}),
      ...(source ? { dataSources: { primary: source } } : {}),
    };
    const g = panel.gridPos;
    structure.push({ item: id, type: 'block', position: { x: g.x * COLUMN_PX, y: g.y * 30, w: g.w * COLUMN_PX, h: splunkHeight(g.h) } });
  });
  const inputs: Record<string, object> = {
    input_global_trp: { type: 'input.timerange', title: 'Time range', options: { token: TIME_TOKEN, defaultValue: `${time.earliest},${time.latest}` } },
  };
  for (const v of d.variables) inputs[`input_${v.name}`] = input(v, dataSources);
  const height = Math.max(...d.panels.map((p) => p.gridPos.y * 30 + splunkHeight(p.gridPos.h)));
  return {
    definition: {
      title: d.title,
      description: d.description ?? '',
      dataSources,
      visualizations,
      inputs,
      layout: {
        options: {},
        globalInputs: Object.keys(inputs),
        tabs: { items: [{ layoutId: 'layout_1', label: d.title }] },
        layoutDefinitions: { layout_1: { type: 'grid', options: { width: 24 * COLUMN_PX, height }, structure } },
      },
      defaults: {
        dataSources: {
          'ds.search': { options: { queryParameters: { earliest: `$${TIME_TOKEN}.earliest$`, latest: `$${TIME_TOKEN}.latest$` } } },
        },
      },
    },
    panels: reports,
  };
}

/**
 * The Studio definition serialised for CDATA: `>` is written `\u003e` inside JSON strings
 * (JSON has no other `>`), so the text can never contain `]]>`.
 */
export function renderStudio(d: DashboardDef): { xml: string; panels: PanelReport[] } {
  const { definition, panels } = studioDefinition(d);
  const json = JSON.stringify(definition, null, 2).replace(/>/g, '\\u003e');
  return { xml: renderTemplate('studio.xml', { label: d.title, description: d.description ?? '', definition: json }), panels };
}
