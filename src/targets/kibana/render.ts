// Kibana: dist/kibana/<uid>.ndjson, what POST /api/saved_objects/_import accepts: one saved
// object per line, referenced objects first: the data views of the sources the dashboard
// reads, the saved searches of its event lists, then the dashboard with by-value Lens and
// markdown panels and one options-list control per variable.

import { UserError } from '../../errors.js';
import type { SourceDef } from '../../model/source-types.js';
import type { DashboardDef, TimeRange } from '../../model/types.js';
import { durationSeconds, parseDuration } from '../../query/duration.js';
import { fidelityOf } from '../../query/fidelity.js';
import type { PanelReport, RenderContext, RenderResult, Target } from '../target.js';
import { controlGroup } from './controls.js';
import { DataViews } from './data-views.js';
import { dashboardId } from './ids.js';
import { kibanaMeta } from './meta.js';
import { buildPanel } from './panels.js';
import type { Reference, SavedObject } from './saved-object.js';
import { type KibanaVersion, MIGRATION_VERSIONS, parseKibanaVersion } from './versions.js';

/** Kibana space ids: lowercase letters, digits, `_` and `-`. */
const SPACE_ID = /^[a-z0-9_-]+$/;

export interface KibanaSettings {
  readonly version: KibanaVersion;
  readonly space: string;
}

export function kibanaSettings(options: Readonly<Record<string, string>> | undefined): KibanaSettings {
  const space = options?.space ?? 'default';
  if (!SPACE_ID.test(space)) throw new UserError(`--kibana-space ${JSON.stringify(space)}: a Kibana space id is lowercase letters, digits, '_' and '-'`);
  return { version: parseKibanaVersion(options?.version), space };
}

function timeBounds(t: TimeRange): { timeFrom: string; timeTo: string } {
  if (t.kind === 'relative') {
    parseDuration(t.last);
    // Kibana date math uses the same units (s, m, h, d, w).
    return { timeFrom: `now-${t.last}`, timeTo: 'now' };
  }
  return { timeFrom: t.from, timeTo: t.to };
}

/** The sources a dashboard reads (panels and variables), for raw KQL that names none. */
function sourcesOf(d: DashboardDef): SourceDef[] {
  const all = new Map<string, SourceDef>();
  for (const p of d.panels) if ('query' in p && p.query.kind === 'query') all.set(p.query.source.id, p.query.source);
  for (const v of d.variables) if (v.query) all.set(v.query.source.id, v.query.source);
  return [...all.values()];
}

export function renderKibanaObjects(d: DashboardDef, settings: KibanaSettings): { objects: SavedObject[]; panels: PanelReport[] } {
  const dataViews = new DataViews(settings.space, { uid: d.uid, title: d.title });
  const sources = sourcesOf(d).filter((s) => s.elastic);
  const built = d.panels.map((p) =>
    buildPanel(p, { dashboard: d, space: settings.space, version: settings.version, dataViews, ...(sources.length === 1 ? { soleSource: sources[0]! } : {}) }),
  );
  const controls = controlGroup(d, built.flatMap((b) => b.uses), dataViews);
  const references: Reference[] = [...built.flatMap((b) => b.references), ...controls.references];
  const dashboard: SavedObject = {
    id: dashboardId(settings.space, d.uid),
    type: 'dashboard',
    coreMigrationVersion: MIGRATION_VERSIONS.core,
    typeMigrationVersion: MIGRATION_VERSIONS.dashboard,
    attributes: {
      title: d.title,
      description: d.description ?? '',
      timeRestore: true,
      ...timeBounds(d.time),
      refreshInterval: d.refresh ? { pause: false, value: durationSeconds(parseDuration(d.refresh)) * 1000 } : { pause: true, value: 60_000 },
      // Kibana stores these as JSON strings; Lens state inside panelsJSON is an object.
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify({ query: { query: '', language: 'kuery' }, filter: [] }) },
      optionsJSON: JSON.stringify({ useMargins: true, syncColors: false, syncCursor: true, syncTooltips: false, hidePanelTitles: false }),
      panelsJSON: JSON.stringify(built.map((b) => b.json)),
      ...(controls.input ? { controlGroupInput: controls.input } : {}),
      version: 1,
    },
    references,
  };
  const panels: PanelReport[] = d.panels.map((p, i) => {
    const b = built[i]!;
    const diagnostics = [...b.diagnostics, ...(controls.notes.get(p.key) ?? [])];
    return {
      key: p.key,
      title: p.title,
      fidelity: b.unsupported ? 'unsupported' : fidelityOf(diagnostics),
      ...(b.language ? { language: b.language } : {}),
      diagnostics,
    };
  });
  return { objects: [...dataViews.objects(), ...built.flatMap((b) => b.objects), dashboard], panels };
}

export const kibana: Target = {
  ...kibanaMeta,
  render(d: DashboardDef, ctx: RenderContext): RenderResult {
    const { objects, panels } = renderKibanaObjects(d, kibanaSettings(ctx.options));
    const content = objects.map((o) => JSON.stringify(o)).join('\n');
    return { artifacts: [{ path: `kibana/${d.uid}.ndjson`, content: `${content}\n` }], panels };
  },
};
