// Payloads for the emulator tests: what polydash really builds (every dashboard under
// dashboards/, rendered by every registered target), plus small Kibana and Grafana payloads
// written here while those targets are being written. Replace the hand-written ones with
// rendered ones once the kibana and grafana targets are registered.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAndValidate } from '../../src/build/build.js';
import { TARGETS } from '../../src/targets/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BuiltArtifact {
  readonly target: string;
  readonly dashboard: string;
  readonly path: string;
  readonly content: string;
}

/** Every artifact of every dashboard for every registered target, rendered in memory. */
export async function buildAll(): Promise<BuiltArtifact[]> {
  const { issues, dashboards } = await loadAndValidate(repoRoot, []);
  if (issues.length) throw new Error(`the dashboards do not validate: ${issues.map((i) => i.message).join('; ')}`);
  const out: BuiltArtifact[] = [];
  for (const entry of TARGETS) {
    const target = await entry.load();
    for (const d of dashboards) {
      for (const a of target.render(d.def, { sourceFile: d.file }).artifacts) out.push({ target: entry.name, dashboard: d.def.uid, path: a.path, content: a.content });
    }
  }
  return out;
}

/** A Grafana POST /api/dashboards/db body. */
export function grafanaBody(uid: string, title: string, folderUid?: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    dashboard: {
      id: null,
      uid,
      title,
      tags: ['polydash'],
      timezone: 'browser',
      schemaVersion: 39,
      time: { from: 'now-6h', to: 'now' },
      annotations: { list: [] },
      templating: { list: [] },
      panels: [{ id: 1, type: 'text', title: 'Notes', gridPos: { x: 0, y: 0, w: 12, h: 4 }, options: { mode: 'markdown', content: `# ${title}` } }],
    },
    ...(folderUid !== undefined ? { folderUid } : {}),
    overwrite: false,
    message: 'polydash publish',
    ...extra,
  };
}

/** A Kibana import file: a dashboard with one by-value Lens metric on data view `dataView`. */
export function kibanaNdjson(dashboardId: string, title: string, dataView = 'logs-*', withDataView = false): string {
  const lens = {
    title: 'Events',
    description: '',
    visualizationType: 'lnsMetric',
    type: 'lens',
    references: [{ type: 'index-pattern', id: dataView, name: 'indexpattern-datasource-layer-L1' }],
    state: {
      datasourceStates: {
        formBased: {
          layers: {
            L1: {
              columnOrder: ['c1'],
              columns: { c1: { label: 'Events', dataType: 'number', operationType: 'count', isBucketed: false, scale: 'ratio', sourceField: '___records___', params: { emptyAsNull: true } } },
              incompleteColumns: {},
            },
          },
        },
      },
      visualization: { layerId: 'L1', layerType: 'data', metricAccessor: 'c1' },
      query: { language: 'kuery', query: '' },
      filters: [],
      internalReferences: [],
      adHocDataViews: {},
    },
  };
  const panels = [{ type: 'lens', panelIndex: 'p1', gridData: { x: 0, y: 0, w: 24, h: 15, i: 'p1' }, embeddableConfig: { enhancements: {}, attributes: lens } }];
  const dashboard = {
    id: dashboardId,
    type: 'dashboard',
    coreMigrationVersion: '8.8.0',
    typeMigrationVersion: '8.9.0',
    attributes: {
      title,
      description: 'managed by polydash',
      timeRestore: true,
      timeFrom: 'now-24h',
      timeTo: 'now',
      refreshInterval: { pause: true, value: 60000 },
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify({ query: { query: '', language: 'kuery' }, filter: [] }) },
      optionsJSON: JSON.stringify({ useMargins: true, syncColors: false, syncCursor: true, syncTooltips: false, hidePanelTitles: false }),
      panelsJSON: JSON.stringify(panels),
    },
    references: [{ type: 'index-pattern', id: dataView, name: 'p1:indexpattern-datasource-layer-L1' }],
  };
  const view = {
    id: dataView,
    type: 'index-pattern',
    coreMigrationVersion: '8.8.0',
    typeMigrationVersion: '8.0.0',
    attributes: { title: 'app-logs-*', name: 'App logs', timeFieldName: '@timestamp', fields: '[]', fieldFormatMap: '{}', runtimeFieldMap: '{}' },
    references: [],
  };
  return [...(withDataView ? [view] : []), dashboard].map((o) => JSON.stringify(o)).join('\n') + '\n';
}
