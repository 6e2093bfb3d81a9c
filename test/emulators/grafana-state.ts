// What the Grafana emulator stores: folders and dashboards with Grafana's numeric ids (one
// sequence for both, as folders are dashboards in Grafana's table), versions, and the version
// history (dashboard_version) with each save's message. Users, teams and permissions are the
// base class's (grafana-directory.ts).

import type { GrafanaAclEntry, GrafanaResourceKind } from './grafana-access.js';
import { GrafanaDirectory } from './grafana-directory.js';
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

export class GrafanaState extends GrafanaDirectory {
  readonly folders = new Map<string, GrafanaFolder>();
  readonly dashboards = new Map<string, GrafanaDashboard>();
  private nextId = 1;

  /** Current UI schemaVersion: a UI save migrates the JSON model to it. */
  constructor(readonly schemaVersion: number) {
    super();
  }

  newId(): number {
    return this.nextId++;
  }

  /**
   * A folder with Grafana's default permissions: Admin for its creator, and at the top level
   * Editor = Edit and Viewer = View (nested folders get no role defaults: they inherit).
   */
  addFolder(uid: string, title: string, parentUid?: string, creatorId?: number): GrafanaFolder {
    const t = new Date().toISOString();
    const f: GrafanaFolder = { id: this.newId(), uid, title, ...(parentUid ? { parentUid } : {}), version: 1, created: t, updated: t };
    this.folders.set(uid, f);
    this.setDefaultPermissions('folder', uid, !parentUid, creatorId);
    return f;
  }

  chain(kind: GrafanaResourceKind, uid: string): { key: string; entries: readonly GrafanaAclEntry[] }[] {
    const out: { key: string; entries: readonly GrafanaAclEntry[] }[] = [];
    const push = (key: string) => out.push({ key, entries: this.acl.get(key) ?? [] });
    let folderUid: string | null | undefined;
    if (kind === 'dashboard') {
      push(`dashboard:${uid}`);
      folderUid = this.dashboards.get(uid)?.folderUid;
    } else folderUid = uid;
    for (let f = folderUid ? this.folders.get(folderUid) : undefined; f && out.length < 64; f = f.parentUid ? this.folders.get(f.parentUid) : undefined) push(`folder:${f.uid}`);
    return out;
  }

  exists(kind: GrafanaResourceKind, uid: string): boolean {
    return kind === 'dashboard' ? this.dashboards.has(uid) : this.folders.has(uid);
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
