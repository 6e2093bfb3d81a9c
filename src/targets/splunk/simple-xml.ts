// Splunk Simple XML (classic dashboards): the view model that templates/splunk/*.hbs render.

import type { DashboardDef, PanelDef, VariableDef } from '../../model/types.js';
import { compileQuery } from '../../query/compile.js';
import { valuesQuery } from '../../query/derive.js';
import type { Diagnostic } from '../../query/fidelity.js';
import { nativeFieldName } from '../../query/mapping.js';
import { parseDuration, durationSeconds } from '../../query/duration.js';
import { markdownToHtml } from '../../render/markdown.js';
import type { PanelReport } from '../target.js';
import { gaugeBands, splunkRanges } from './ranges.js';
import { splunkHeight, splunkRows } from './rows.js';
import { panelSearches, type PanelSearch, splunkTime } from './searches.js';
import { renderTemplate } from './templates.js';

/** The token of the time picker a form adds for its searches. */
export const TIME_TOKEN = 'global_time';

interface Option {
  readonly name: string;
  readonly value: string;
}

function chartOptions(panel: PanelDef): Option[] {
  switch (panel.type) {
    case 'timeSeries':
      return [
        { name: 'charting.chart', value: panel.style === 'line' ? 'line' : 'area' },
        { name: 'charting.chart.stackMode', value: panel.style === 'stacked' ? 'stacked' : 'default' },
        { name: 'charting.chart.nullValueMode', value: 'gaps' },
        { name: 'charting.legend.placement', value: panel.legend ? 'bottom' : 'none' },
        { name: 'charting.axisTitleX.visibility', value: 'collapsed' },
      ];
    case 'bar':
      return [
        { name: 'charting.chart', value: panel.orientation },
        { name: 'charting.chart.stackMode', value: panel.stacked ? 'stacked' : 'default' },
        { name: 'charting.legend.placement', value: panel.legend ? 'bottom' : 'none' },
      ];
    case 'pie':
      return [
        { name: 'charting.chart', value: 'pie' },
        { name: 'charting.legend.placement', value: panel.legend ? 'right' : 'none' },
      ];
    default:
      return [];
  }
}

/** Whole-number measures let colour ranges map exactly onto Splunk's inclusive bounds. */
function countsOnly(panel: PanelDef): boolean {
  const q = 'query' in panel && panel.query.kind === 'query' ? panel.query : undefined;
  return q?.aggregate?.measures.every((m) => m.fn === 'count' || m.fn === 'countDistinct') ?? false;
}

function element(panel: PanelDef, extra: Diagnostic[]): { element: string; options: Option[] } {
  const height: Option = { name: 'height', value: String(splunkHeight(panel.gridPos.h)) };
  switch (panel.type) {
    case 'singleValue': {
      const options: Option[] = [
        { name: 'drilldown', value: 'none' },
        { name: 'numberPrecision', value: panel.decimals ? `0.${'0'.repeat(panel.decimals)}` : '0' },
        { name: 'showSparkline', value: '0' },
        { name: 'showTrendIndicator', value: '0' },
      ];
      if (panel.unit) options.push({ name: 'unit', value: panel.unit });
      if (panel.ranges) {
        const r = splunkRanges(panel.ranges, countsOnly(panel));
        if (!r.exact) extra.push({ code: 'splunk.range-bounds', severity: 'info', message: 'Splunk range bounds are inclusive upper bounds: a value exactly on a range boundary takes the lower range colour' });
        options.push({ name: 'rangeValues', value: JSON.stringify(r.values) }, { name: 'rangeColors', value: JSON.stringify(r.colors) }, { name: 'useColors', value: '1' }, { name: 'colorMode', value: 'none' });
      }
      return { element: 'single', options: [...options, height] };
    }
    case 'gauge': {
      const bands = gaugeBands(panel.ranges ?? [], panel.min, panel.max);
      return {
        element: 'chart',
        options: [
          { name: 'charting.chart', value: 'radialGauge' },
          { name: 'charting.chart.rangeValues', value: JSON.stringify(bands.values) },
          { name: 'charting.gaugeColors', value: JSON.stringify(bands.colors) },
          height,
        ],
      };
    }
    case 'timeSeries':
    case 'bar':
    case 'pie':
      if (panel.type === 'pie' && panel.donut) extra.push({ code: 'splunk.donut', severity: 'info', message: 'Simple XML draws pies without a hole' });
      return { element: 'chart', options: [...chartOptions(panel), { name: 'charting.drilldown', value: 'none' }, height] };
    case 'table':
      return {
        element: 'table',
        options: [
          { name: 'count', value: String(panel.pageSize ?? 10) },
          { name: 'drilldown', value: 'none' },
          { name: 'wrap', value: 'true' },
          { name: 'rowNumbers', value: 'false' },
          { name: 'dataOverlayMode', value: 'none' },
        ],
      };
    case 'events':
      return {
        element: 'event',
        options: [
          { name: 'type', value: 'list' },
          { name: 'count', value: '20' },
          { name: 'list.drilldown', value: 'none' },
          { name: 'maxLines', value: '5' },
          { name: 'rowNumbers', value: '0' },
        ],
      };
    case 'text':
      return { element: 'html', options: [] };
  }
}

function inputFor(v: VariableDef, time: { earliest: string; latest: string }): object {
  const base = {
    type: v.multi ? 'multiselect' : 'dropdown',
    token: v.name,
    label: v.label,
    choices: [...(v.includeAll ? [{ value: '*', label: 'All' }] : []), ...(v.values ?? []).map((x) => ({ value: x, label: x }))],
    default: v.default ?? '',
    multi: v.multi,
    search: false as false | object,
  };
  if (v.query) {
    const compiled = compileQuery(valuesQuery(v.query, v.field!), 'splunk');
    if (typeof compiled.output === 'string') {
      base.search = {
        field: nativeFieldName(v.query.source, v.field!, 'splunk') ?? v.field!,
        query: compiled.output,
        earliest: time.earliest,
        latest: time.latest,
      };
    }
  }
  return base;
}

export function renderSimpleXml(d: DashboardDef, options: { shareBaseSearches: boolean }): { xml: string; panels: PanelReport[] } {
  const form = d.variables.length > 0;
  const fixed = splunkTime(d.time);
  const time = form ? { earliest: `$${TIME_TOKEN}.earliest$`, latest: `$${TIME_TOKEN}.latest$` } : fixed;
  const { searches, bases } = panelSearches(d.panels, options);
  const reports: PanelReport[] = [];
  const rows = splunkRows(d.panels).map((row) => ({
    panels: row.panels.map((panel) => {
      const extra: Diagnostic[] = [];
      const note = row.notes.get(panel.key);
      if (note) extra.push({ code: 'splunk.layout', severity: 'info', message: note });
      if (panel.type === 'text') {
        reports.push({ key: panel.key, title: panel.title, fidelity: 'exact', diagnostics: extra });
        return { element: 'html', title: panel.title, html: markdownToHtml(panel.markdown) };
      }
      const search = searches.get(panel.key) as PanelSearch;
      if (!search.spl) {
        reports.push({ key: panel.key, title: panel.title, fidelity: 'unsupported', language: 'splunk', diagnostics: [...search.diagnostics, ...extra] });
        const why = search.diagnostics.map((x) => x.message).join('; ');
        return { element: 'html', title: panel.title, html: markdownToHtml(`**${panel.title}** cannot be shown on Splunk: ${why}`) };
      }
      const { element: el, options: opts } = element(panel, extra);
      reports.push({ key: panel.key, title: panel.title, fidelity: search.fidelity, language: 'splunk', diagnostics: [...search.diagnostics, ...extra] });
      return {
        element: el,
        title: panel.title,
        search: { base: search.base?.id ?? '', query: search.spl, earliest: time.earliest, latest: time.latest },
        options: opts,
      };
    }),
  }));
  const inputs = form
    ? [
        { type: 'time', token: TIME_TOKEN, label: 'Time range', earliest: fixed.earliest, latest: fixed.latest },
        ...d.variables.map((v) => inputFor(v, time)),
      ]
    : [];
  const xml = renderTemplate('dashboard.xml', {
    root: form ? 'form' : 'dashboard',
    refresh: d.refresh ? String(durationSeconds(parseDuration(d.refresh))) : '',
    label: d.title,
    description: d.description ?? '',
    bases,
    time,
    inputs,
    rows,
  });
  // report in definition order, like every other target
  const order = new Map(d.panels.map((p, i) => [p.key, i]));
  reports.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  return { xml, panels: reports };
}
