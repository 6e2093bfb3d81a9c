// One consistent view of the project for the preview: the definitions (valid or not, with
// their located problems), the sample events of every source they use, and the preview's "now".
// A new snapshot is taken whenever a definition or an events file changes.

import { type LocatedIssue, loadAndValidate } from '../build/build.js';
import { isUserError } from '../errors.js';
import type { DashboardDef } from '../model/types.js';
import type { Query } from '../query/nodes.js';
import type { SourceDef } from './eval/types.js';
import { loadSourceEvents, newestEventTime, type SourceEvents } from './events/load.js';

/** `latest`: the newest sample event, so that a pack's "last 7 days" always has data. */
export type NowSetting = 'latest' | 'clock' | number;

export interface PreviewOptions {
  readonly root: string;
  /** Definition files or folders; empty means dashboards/. */
  readonly inputs: readonly string[];
  /** Folder of `<source-id>.ndjson` files, relative to root. */
  readonly eventsDir: string;
  readonly now: NowSetting;
}

export interface PreviewDashboard {
  readonly def: DashboardDef;
  readonly file: string;
  /** Validation problems of this dashboard: it is shown as these errors, not drawn. */
  readonly issues: readonly LocatedIssue[];
}

export interface Snapshot {
  readonly generation: number;
  readonly takenAt: number;
  readonly dashboards: readonly PreviewDashboard[];
  /** Problems that belong to no dashboard, e.g. a definition file that does not load. */
  readonly problems: readonly LocatedIssue[];
  readonly events: ReadonlyMap<string, SourceEvents>;
  readonly now: number;
  readonly nowSource: string;
}

export function sourcesOf(def: DashboardDef): SourceDef[] {
  const queries: Query[] = [
    ...def.panels.flatMap((p) => (p.type !== 'text' && p.query?.kind === 'query' ? [p.query] : [])),
    ...def.variables.flatMap((v) => (v.query ? [v.query] : [])),
  ];
  const byId = new Map<string, SourceDef>();
  for (const q of queries) if (q.source && !byId.has(q.source.id)) byId.set(q.source.id, q.source);
  return [...byId.values()];
}

export async function takeSnapshot(options: PreviewOptions, generation: number): Promise<Snapshot> {
  const takenAt = Date.now();
  let loaded: Awaited<ReturnType<typeof loadAndValidate>>;
  try {
    loaded = await loadAndValidate(options.root, options.inputs);
  } catch (e) {
    if (!isUserError(e)) throw e;
    const problem: LocatedIssue = { file: options.inputs.join(', ') || 'dashboards/', message: e.message };
    return { generation, takenAt, dashboards: [], problems: [problem], events: new Map(), now: takenAt, nowSource: 'the clock' };
  }
  const dashboards = loaded.dashboards.map((d) => ({
    def: d.def,
    file: d.file,
    issues: loaded.issues.filter((i) => i.file === d.file && i.dashboard === d.def.uid),
  }));
  const problems = loaded.issues.filter((i) => !dashboards.some((d) => d.issues.includes(i)));
  const events = new Map<string, SourceEvents>();
  for (const d of dashboards) {
    if (d.issues.length) continue;
    for (const source of sourcesOf(d.def)) {
      if (!events.has(source.id)) events.set(source.id, await loadSourceEvents(options.root, options.eventsDir, source));
    }
  }
  const newest = newestEventTime(events.values());
  const [now, nowSource] =
    typeof options.now === 'number' ? [options.now, '--now']
    : options.now === 'latest' && newest !== undefined ? [newest, 'the newest sample event']
    : [takenAt, 'the clock'];
  return { generation, takenAt, dashboards, problems, events, now, nowSource };
}
