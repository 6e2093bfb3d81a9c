// Sumo Logic: the request body of POST /api/v2/dashboards (a DashboardRequest).

import type { DashboardDef, PanelDef, TimeRange, VariableDef } from '../../model/types.js';
import { compileQuery } from '../../query/compile.js';
import { seriesQuery, valuesQuery } from '../../query/derive.js';
import { nativeFieldName } from '../../query/mapping.js';
import type { Query } from '../../query/nodes.js';
import { durationSeconds } from '../../query/duration.js';
import { parseDuration } from '../../query/duration.js';
import type { PanelReport, RenderResult, Target } from '../target.js';
import { sumologicMeta } from './meta.js';
import { visualSettings } from './visual-settings.js';

function timeRange(t: TimeRange): object {
  if (t.kind === 'relative') {
    return { type: 'BeginBoundedTimeRange', from: { type: 'RelativeTimeRangeBoundary', relativeTime: `-${t.last}` } };
  }
  return {
    type: 'BeginBoundedTimeRange',
    from: { type: 'Iso8601TimeRangeBoundary', iso8601Time: t.from },
    to: { type: 'Iso8601TimeRangeBoundary', iso8601Time: t.to },
  };
}

function textPanel(key: string, title: string, text: string, panel: PanelDef): object {
  return { key, panelType: 'TextPanel', title, text, visualSettings: JSON.stringify(visualSettings(panel, undefined)) };
}

function renderPanel(panel: PanelDef, reports: PanelReport[]): object {
  if (panel.type === 'text') {
    reports.push({ key: panel.key, title: panel.title, fidelity: 'exact', diagnostics: [] });
    return textPanel(panel.key, panel.title, panel.markdown, panel);
  }
  // Sumo charts draw one series per column: a chart split by a field needs the transpose.
  const query = (panel.type === 'timeSeries' || panel.type === 'bar') && panel.query.kind === 'query' ? seriesQuery(panel.query) : panel.query;
  const compiled = compileQuery(query, 'sumologic');
  reports.push({ key: panel.key, title: panel.title, fidelity: compiled.fidelity, language: 'sumologic', diagnostics: compiled.diagnostics });
  if (compiled.fidelity === 'unsupported') {
    const why = compiled.diagnostics.map((d) => d.message).join('; ');
    return textPanel(panel.key, panel.title, `**${panel.title}** cannot be shown on Sumo Logic: ${why}`, { ...panel, type: 'text', markdown: '' } as PanelDef);
  }
  return {
    key: panel.key,
    panelType: 'SumoSearchPanel',
    title: panel.title,
    visualSettings: JSON.stringify(visualSettings(panel, query.kind === 'query' ? query : undefined)),
    keepVisualSettingsConsistentWithParent: true,
    queries: [{ queryKey: 'A', queryType: 'Logs', queryString: compiled.output as string, parseMode: 'Manual', timeSource: 'Message' }],
    description: panel.description ?? '',
    linkedDashboards: [],
  };
}

function renderVariable(v: VariableDef): object {
  let sourceDefinition: object;
  if (v.values) {
    sourceDefinition = { variableSourceType: 'CsvVariableSourceDefinition', values: v.values.join(',') };
  } else {
    const q = v.query as Query;
    const field = nativeFieldName(q.source, v.field!, 'sumologic') ?? v.field!;
    const compiled = compileQuery(valuesQuery(q, v.field!), 'sumologic');
    if (compiled.fidelity === 'unsupported') {
      sourceDefinition = { variableSourceType: 'CsvVariableSourceDefinition', values: v.default ?? '*' };
    } else sourceDefinition = { variableSourceType: 'LogQueryVariableSourceDefinition', query: compiled.output as string, field };
  }
  return {
    name: v.name,
    displayName: v.label,
    defaultValue: v.default ?? '*',
    sourceDefinition,
    allowMultiSelect: false,
    includeAllOption: v.includeAll,
    hideFromUI: false,
    valueType: 'Any',
  };
}

export function renderSumoDashboard(d: DashboardDef): { body: object; panels: PanelReport[] } {
  const reports: PanelReport[] = [];
  const body = {
    title: d.title,
    description: d.description ?? '',
    refreshInterval: d.refresh ? durationSeconds(parseDuration(d.refresh)) : 0,
    theme: 'Light',
    timeRange: timeRange(d.time),
    panels: d.panels.map((p) => renderPanel(p, reports)),
    layout: {
      layoutType: 'Grid',
      layoutStructures: d.panels.map((p) => ({
        key: p.key,
        structure: JSON.stringify({ height: p.gridPos.h, width: p.gridPos.w, x: p.gridPos.x, y: p.gridPos.y }),
      })),
    },
    variables: d.variables.map(renderVariable),
  };
  return { body, panels: reports };
}

export const sumologic: Target = {
  ...sumologicMeta,
  render(d): RenderResult {
    const { body, panels } = renderSumoDashboard(d);
    return { artifacts: [{ path: `sumologic/${d.uid}.json`, content: `${JSON.stringify(body, null, 2)}\n` }], panels };
  },
};
