// What the Sumo Logic emulator stores: users with their Personal folders, content folders, and
// dashboards as the Dashboard API v2 returns them (server-assigned `id`, `contentId`, panel and
// variable ids, documented defaults filled in). Roles and content permissions are the base
// class's (sumologic-directory.ts).

import { alphanumericId, clone, hexId } from './http-util.js';
import { permissionsOf } from './sumologic-access.js';
import { SumoDirectory, type SumoUser } from './sumologic-directory.js';

export type { SumoPermissionInput, SumoRole, SumoShareNotification, SumoUser } from './sumologic-directory.js';

export type SumoDoc = Record<string, unknown>;

export interface SumoFolder {
  readonly id: string;
  name: string;
  description: string;
  readonly parentId: string;
  /** Set on a Personal folder. */
  readonly ownerEmail?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  modifiedAt: string;
  modifiedBy: string;
}

export interface SumoDashboardRecord {
  /** The `Dashboard` document, exactly as GET returns it. */
  doc: SumoDoc;
  readonly createdBy: string;
  readonly createdAt: string;
  modifiedAt: string;
  modifiedBy: string;
}

const now = () => new Date().toISOString();
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

// DashboardRequest members (spec); anything else in a request is dropped, as a JSON binder
// that ignores unknown members would [inferred].
const REQUEST_MEMBERS = ['title', 'description', 'folderId', 'topologyLabelMap', 'domain', 'hierarchies', 'refreshInterval', 'timeRange', 'panels', 'layout', 'variables', 'theme', 'isPublic', 'highlightViolations'];

export class SumoState extends SumoDirectory {
  readonly users = new Map<string, SumoUser>();
  readonly folders = new Map<string, SumoFolder>();
  readonly dashboards = new Map<string, SumoDashboardRecord>();
  /** The Library root; Personal folders hang below `/Library/Users`. */
  readonly libraryId: string;
  readonly adminRecommendedId: string;

  /** orgId: the `org` source id. */
  constructor(orgId: string = hexId()) {
    super(orgId);
    const t = now();
    const sys = '0000000000000000';
    this.libraryId = hexId();
    this.folders.set(this.libraryId, { id: this.libraryId, name: 'Library', description: '', parentId: sys, createdAt: t, createdBy: sys, modifiedAt: t, modifiedBy: sys });
    this.adminRecommendedId = hexId();
    this.folders.set(this.adminRecommendedId, { id: this.adminRecommendedId, name: 'Admin Recommended', description: '', parentId: this.libraryId, createdAt: t, createdBy: sys, modifiedAt: t, modifiedBy: sys });
  }

  /** The user behind an email, created with a Personal folder (which they own) on first use. */
  user(email: string, roles: readonly string[] = []): SumoUser {
    let u = this.users.get(email);
    if (!u) {
      const t = now();
      const local = email.split('@')[0] ?? email;
      u = { id: hexId(), email, personalFolderId: hexId(), firstName: local, lastName: '', roleIds: [], createdAt: t };
      this.users.set(email, u);
      this.folders.set(u.personalFolderId, { id: u.personalFolderId, name: 'Personal', description: '', parentId: this.libraryId, ownerEmail: email, createdAt: t, createdBy: u.id, modifiedAt: t, modifiedBy: u.id });
      this.grantCreator(u.personalFolderId, u);
    }
    for (const r of roles) this.assignRole(email, r);
    return u;
  }

  /** A content item (folder or dashboard) by content id. */
  contentItem(contentId: string): { id: string; parentId: string; name: string; itemType: 'Folder' | 'Dashboard'; createdBy: string } | undefined {
    const id = contentId.toUpperCase();
    const f = this.folders.get(id);
    if (f) return { id, parentId: f.parentId, name: f.name, itemType: 'Folder', createdBy: f.createdBy };
    const r = [...this.dashboards.values()].find((x) => String(x.doc.contentId) === id);
    return r ? { id, parentId: String(r.doc.folderId), name: String(r.doc.title), itemType: 'Dashboard', createdBy: r.createdBy } : undefined;
  }

  /** Library path of a content item (`/Library/Users/<email>/...` or `/Library/...`). */
  pathOf(contentId: string): string | undefined {
    const names: string[] = [];
    for (let item = this.contentItem(contentId); item; item = this.contentItem(item.parentId)) {
      const f = this.folders.get(item.id);
      names.unshift(f?.ownerEmail !== undefined ? `Users/${f.ownerEmail}` : item.name);
      if (item.id === this.libraryId) return `/${names.join('/')}`;
    }
    return undefined;
  }

  ancestors(contentId: string): string[] {
    const out: string[] = [];
    for (let item = this.contentItem(contentId); item && this.folders.has(item.parentId) && out.length < 64; item = this.contentItem(item.parentId)) out.push(item.parentId);
    return out;
  }

  deleteDashboard(id: string): void {
    const rec = this.dashboards.get(id);
    if (!rec) return;
    this.dashboards.delete(id);
    this.permissions.delete(String(rec.doc.contentId));
  }

  /**
   * Can the user see this content item (folder id or dashboard contentId)? Everything outside
   * other users' Personal folders, and what has been shared with the user (View through
   * themselves, a role or the org) wherever it is.
   */
  visibleTo(email: string, contentId: string): boolean {
    const item = this.contentItem(contentId);
    if (!item) return false;
    if (this.viewable(email, item.itemType === 'Folder' ? item.id : item.parentId)) return true;
    return permissionsOf(this, item.id, this.user(email).id).has('View');
  }

  /** Folders in another user's Personal folder are not viewable. */
  viewable(email: string, folderId: string): boolean {
    for (let f = this.folders.get(folderId); f; f = this.folders.get(f.parentId)) {
      if (f.ownerEmail !== undefined) return f.ownerEmail === email;
    }
    return true;
  }

  createFolder(by: SumoUser, name: string, parentId: string, description = ''): SumoFolder {
    const t = now();
    const f: SumoFolder = { id: hexId(), name, description, parentId, createdAt: t, createdBy: by.id, modifiedAt: t, modifiedBy: by.id };
    this.folders.set(f.id, f);
    this.grantCreator(f.id, by);
    return f;
  }

  children(folderId: string): { id: string; name: string; itemType: string; parentId: string; createdAt: string; createdBy: string; modifiedAt: string; modifiedBy: string }[] {
    const folders = [...this.folders.values()].filter((f) => f.parentId === folderId).map((f) => ({ id: f.id, name: f.name, itemType: 'Folder', parentId: f.parentId, createdAt: f.createdAt, createdBy: f.createdBy, modifiedAt: f.modifiedAt, modifiedBy: f.modifiedBy }));
    const dashboards = [...this.dashboards.values()]
      .filter((r) => r.doc.folderId === folderId)
      .map((r) => ({ id: String(r.doc.contentId), name: String(r.doc.title), itemType: 'Dashboard', parentId: folderId, createdAt: r.createdAt, createdBy: r.createdBy, modifiedAt: r.modifiedAt, modifiedBy: r.modifiedBy }));
    return [...folders, ...dashboards];
  }

  /** A stored `Dashboard` from a `DashboardRequest`; panel ids survive by panel key. */
  toDoc(request: SumoDoc, ids: { id: string; contentId: string }, defaultFolderId: string, previous?: SumoDoc): SumoDoc {
    const req: SumoDoc = {};
    for (const k of REQUEST_MEMBERS) if (request[k] !== undefined) req[k] = clone(request[k]);
    const oldPanelIds = new Map<string, unknown>();
    for (const p of Array.isArray(previous?.panels) ? previous.panels : []) if (isObject(p)) oldPanelIds.set(String(p.key), p.id);
    const panels = (Array.isArray(req.panels) ? req.panels : []).map((p) =>
      isObject(p) ? { ...p, id: typeof p.id === 'string' ? p.id : ((oldPanelIds.get(String(p.key)) as string | undefined) ?? hexId()) } : p,
    );
    const variables = (Array.isArray(req.variables) ? req.variables : []).map((v) => (isObject(v) ? { ...v, id: typeof v.id === 'string' ? v.id : hexId() } : v));
    // Defaults are the spec's documented ones [inferred: responses carry every member].
    return {
      id: ids.id,
      contentId: ids.contentId,
      title: req.title,
      description: req.description ?? '',
      folderId: req.folderId ?? defaultFolderId,
      topologyLabelMap: req.topologyLabelMap ?? { data: {} },
      domain: req.domain ?? '',
      hierarchies: req.hierarchies ?? [],
      refreshInterval: req.refreshInterval ?? 0,
      timeRange: req.timeRange,
      panels,
      layout: req.layout ?? { layoutType: 'Grid', layoutStructures: [] },
      variables,
      theme: req.theme ?? 'Light',
      isPublic: req.isPublic ?? false,
      highlightViolations: req.highlightViolations ?? false,
    };
  }

  create(by: SumoUser, request: SumoDoc): SumoDoc {
    const t = now();
    const doc = this.toDoc(request, { id: alphanumericId(60), contentId: hexId() }, by.personalFolderId);
    this.dashboards.set(String(doc.id), { doc, createdBy: by.id, createdAt: t, modifiedAt: t, modifiedBy: by.id });
    this.grantCreator(String(doc.contentId), by);
    return clone(doc);
  }

  replace(by: SumoUser, id: string, request: SumoDoc): SumoDoc | undefined {
    const rec = this.dashboards.get(id);
    if (!rec) return undefined;
    rec.doc = this.toDoc(request, { id, contentId: String(rec.doc.contentId) }, String(rec.doc.folderId), rec.doc);
    rec.modifiedAt = now();
    rec.modifiedBy = by.id;
    return clone(rec.doc);
  }

  /** A copy of a stored dashboard. */
  get(id: string): SumoDoc | undefined {
    const rec = this.dashboards.get(id);
    return rec ? clone(rec.doc) : undefined;
  }

  list(): SumoDoc[] {
    return [...this.dashboards.values()].map((r) => clone(r.doc));
  }

  findByTitle(title: string): SumoDoc[] {
    return this.list().filter((d) => d.title === title);
  }

  /**
   * An edit made in the Sumo UI: the mutated document is saved like a UI save (new panels get
   * ids, the modification time moves).
   */
  editInUi(id: string, mutate: (doc: SumoDoc) => void, byEmail = 'ui-user@example.com'): SumoDoc {
    const rec = this.dashboards.get(id);
    if (!rec) throw new Error(`no Sumo dashboard ${id}`);
    const draft = clone(rec.doc);
    mutate(draft);
    const by = this.user(byEmail);
    return this.replace(by, id, draft)!;
  }
}
