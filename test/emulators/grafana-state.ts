// What the Grafana emulator stores: folders and dashboards with Grafana's numeric ids (one
// sequence for both, as folders are dashboards in Grafana's table), versions, and the version
// history (dashboard_version) with each save's message.

import { clone } from './http-util.js';

export type DashboardJson = Record<string, unknown>;

export interface GrafanaFolder {
  readonly id: number;
  readonly uid: string;
  title: string;
  parentUid?: string;
  version: number;
  readonly created: string;
  updated: string;
}

export interface GrafanaDashboard {
  readonly id: number;
  uid: string;
  /** The JSON model as GET returns it (with id, uid and version set by the server). */
  json: DashboardJson;
  /** null: the root ("General") folder. */
  folderUid: string | null;
  version: number;
  readonly created: string;
  updated: string;
  readonly createdBy: string;
  updatedBy: string;
  readonly versions: { version: number; message: string; created: string; data: DashboardJson }[];
}

export function slugify(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export class GrafanaState {
  readonly folders = new Map<string, GrafanaFolder>();
  readonly dashboards = new Map<string, GrafanaDashboard>();
  private nextId = 1;

  /** Current UI schemaVersion: a UI save migrates the JSON model to it. */
  constructor(readonly schemaVersion: number) {}

  newId(): number {
    return this.nextId++;
  }

  addFolder(uid: string, title: string, parentUid?: string): GrafanaFolder {
    const t = new Date().toISOString();
    const f: GrafanaFolder = { id: this.newId(), uid, title, ...(parentUid ? { parentUid } : {}), version: 1, created: t, updated: t };
    this.folders.set(uid, f);
    return f;
  }

  byId(id: number): GrafanaDashboard | undefined {
    return [...this.dashboards.values()].find((d) => d.id === id);
  }

  /** A copy of the JSON model. */
  get(uid: string): DashboardJson | undefined {
    const d = this.dashboards.get(uid);
    return d ? clone(d.json) : undefined;
  }

  /**
   * A save from Grafana's UI: the JSON model is rewritten (the front end migrates it to the
   * current schemaVersion), the version goes up, the history records the save.
   */
  editInUi(uid: string, mutate: (json: DashboardJson) => void, message = 'edited in the UI', by = 'ui-user'): DashboardJson {
    const d = this.dashboards.get(uid);
    if (!d) throw new Error(`no Grafana dashboard ${uid}`);
    const json = clone(d.json);
    mutate(json);
    d.version += 1;
    d.json = { ...json, id: d.id, uid: d.uid, version: d.version, schemaVersion: this.schemaVersion };
    d.updated = new Date().toISOString();
    d.updatedBy = by;
    d.versions.push({ version: d.version, message, created: d.updated, data: clone(d.json) });
    return clone(d.json);
  }
}
