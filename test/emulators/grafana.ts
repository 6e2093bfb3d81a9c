// Grafana HTTP API emulator (vendor-formats.md §4.7): POST /api/dashboards/db with Grafana's
// version and title checks (412 version-mismatch / name-exists, 404 for an unknown non-null
// id, overwrite), versions that go up on every save, a missing folderUid moving the dashboard
// to the root, GET/DELETE by uid, /api/search, folders (409 when one exists), Bearer (service
// account token) or Basic auth with Viewer/Editor/Admin roles. Dashboards and folders carry
// Grafana 9+ managed permissions (grafana-access.ts, grafana-permissions.ts): reads, saves and
// deletes of a non-Admin are checked against them.

import type { FaultPlan } from './faults.js';
import { editsSomething, type GrafanaBasicRole, levelOf } from './grafana-access.js';
import { grafanaPermissionRoutes } from './grafana-permissions.js';
import { accessDenied, type GrafanaCredential, type GrafanaCtx, type GrafanaPrincipal, grafanaError } from './grafana-replies.js';
import { type DashboardJson, type GrafanaDashboard, type GrafanaFolder, GrafanaState, slugify } from './grafana-state.js';
import { alphanumericId, authorization, clone, parseBasic, parseJson } from './http-util.js';
import { type EmulatorHandle, type Reply, type RouteDef, type ServerOptions, startServer } from './server.js';
import type { PayloadValidator } from './validate.js';

export { GrafanaState } from './grafana-state.js';
export type { GrafanaCredential, GrafanaRole } from './grafana-replies.js';
export type { GrafanaBasicRole, GrafanaEffectiveAccess, GrafanaEffectiveGrant, GrafanaPermission, GrafanaPermissionInput, GrafanaTeam, GrafanaUser } from './grafana-access.js';

export interface GrafanaTeamSeed {
  readonly name: string;
  readonly email?: string;
  /** User logins; unknown ones are created as Viewers. */
  readonly members?: readonly string[];
}

export interface GrafanaEmulatorOptions extends ServerOptions {
  readonly credentials?: readonly GrafanaCredential[];
  /** Folders that exist at start: uid → title. They get Grafana's default permissions. */
  readonly folders?: Readonly<Record<string, string>>;
  /** Org users besides the credentials' own (login, org role). */
  readonly users?: readonly { readonly login: string; readonly email?: string; readonly name?: string; readonly role?: GrafanaBasicRole }[];
  /** Teams that exist at start (ids 1, 2, ... in this order). */
  readonly teams?: readonly (string | GrafanaTeamSeed)[];
  /** List folder permissions on a dashboard's permission GET (`inherited: true`), as Grafana 8 did. */
  readonly listInheritedPermissions?: boolean;
  /**
   * Titles unique within a folder (412 name-exists), as documented for the legacy API. Grafana
   * 12's code no longer has this error; set false to emulate that.
   */
  readonly uniqueTitlesInFolder?: boolean;
  /** schemaVersion a UI save writes (default 41). */
  readonly schemaVersion?: number;
  readonly validate?: PayloadValidator;
  readonly faults?: FaultPlan;
}

export interface GrafanaEmulator extends EmulatorHandle<GrafanaState> {
  readonly credentials: readonly GrafanaCredential[];
}

export const GRAFANA_DEFAULT_CREDENTIALS: readonly GrafanaCredential[] = [
  { token: 'glsa_emulatorAdminToken_0000000000000000', role: 'Admin' },
  { token: 'glsa_emulatorViewerToken_000000000000000', role: 'Viewer' },
  { login: 'admin', password: 'emulator-admin-password', role: 'Admin' },
];

type Ctx = GrafanaCtx;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const UID = /^[a-zA-Z0-9_-]*$/;

/** Service accounts sign in as `sa-<orgId>-<name>` users [unverified login format]. */
const serviceAccountLogin = (c: GrafanaCredential) => `sa-1-${c.serviceAccount ?? `emulator-${c.role.toLowerCase()}`}`;

export async function startGrafanaEmulator(options: GrafanaEmulatorOptions = {}): Promise<GrafanaEmulator> {
  const credentials = options.credentials ?? GRAFANA_DEFAULT_CREDENTIALS;
  const state = new GrafanaState(options.schemaVersion ?? 41);
  // Users first (the first login is user 1, as Grafana's admin is), then service accounts.
  for (const c of credentials) if (c.login !== undefined) state.addUser({ login: c.login, role: c.role });
  for (const u of options.users ?? []) state.addUser(u);
  for (const c of credentials) if (c.login === undefined) state.addUser({ login: serviceAccountLogin(c), name: c.serviceAccount ?? `emulator-${c.role.toLowerCase()}`, role: c.role, isServiceAccount: true });
  for (const t of options.teams ?? []) (typeof t === 'string' ? state.addTeam(t) : state.addTeam(t.name, t));
  for (const [uid, title] of Object.entries(options.folders ?? {})) state.addFolder(uid, title);
  const uniqueTitles = options.uniqueTitlesInFolder ?? true;
  const canWrite = (ctx: Ctx) => ctx.principal.credential.role !== 'Viewer';
  const level = (ctx: Ctx, kind: 'dashboard' | 'folder', uid: string) => levelOf(state, ctx.principal.user, kind, uid);
  /** May this principal create a dashboard or folder here (null: the General level, which takes the Editor role)? */
  const mayCreateIn = (ctx: Ctx, folderUid: string | null) => (folderUid === null ? canWrite(ctx) : level(ctx, 'folder', folderUid) >= 2);

  const folderJson = (f: GrafanaFolder, ctx: Ctx) => ({
    id: f.id,
    uid: f.uid,
    orgId: 1,
    title: f.title,
    url: `/dashboards/f/${f.uid}/${slugify(f.title)}`,
    hasAcl: false,
    canSave: level(ctx, 'folder', f.uid) >= 2,
    canEdit: level(ctx, 'folder', f.uid) >= 2,
    canAdmin: level(ctx, 'folder', f.uid) >= 4,
    canDelete: level(ctx, 'folder', f.uid) >= 2,
    createdBy: 'admin',
    created: f.created,
    updatedBy: 'admin',
    updated: f.updated,
    version: f.version,
    ...(f.parentUid ? { parentUid: f.parentUid } : {}),
  });

  const saveDashboard = async (ctx: Ctx): Promise<Reply> => {
    // The route's check: dashboards:create or :write on some scope (Editor role, or Edit granted somewhere).
    if (!editsSomething(state, ctx.principal.user, state.acl.values())) return accessDenied('dashboards:create');
    const parsed = parseJson(ctx.body);
    if ('error' in parsed || !isObject(parsed.value) || !isObject(parsed.value.dashboard)) return grafanaError(400, 'bad request data');
    const body = parsed.value;
    const dash = clone(body.dashboard) as DashboardJson;
    if (typeof dash.title !== 'string' || !dash.title.trim()) return grafanaError(400, 'Dashboard title cannot be empty', 'empty-name');
    let uid = typeof dash.uid === 'string' ? dash.uid : '';
    if (!UID.test(uid)) return grafanaError(400, 'uid contains illegal characters');
    if (uid.length > 40) return grafanaError(400, 'uid too long, max 40 characters');
    if (typeof body.message === 'string' && body.message.length > 500) return grafanaError(400, 'message too long, max 500 characters');
    if (Array.isArray(dash.tags) && dash.tags.some((t) => String(t).length > 50)) return grafanaError(400, 'dashboard tag too long, max 50 characters', 'tag-too-long');
    const reasons = options.validate ? await options.validate(ctx.body.toString('utf8')) : [];
    if (reasons.length) return grafanaError(400, `invalid dashboard: ${reasons.join('; ')}`);

    // Folder: folderUid, else the deprecated folderId, else the root. An update without either
    // moves the dashboard to the root (§4.7).
    let folderUid: string | null = null;
    if (typeof body.folderUid === 'string' && body.folderUid !== '') {
      // [unverified] Grafana 10/11 answer 400 "folder not found" for an unknown folderUid.
      if (!state.folders.has(body.folderUid)) return grafanaError(400, 'folder not found');
      folderUid = body.folderUid;
    } else if (typeof body.folderId === 'number' && body.folderId > 0) {
      const f = [...state.folders.values()].find((x) => x.id === body.folderId);
      if (!f) return grafanaError(404, 'Folder not found');
      folderUid = f.uid;
    }
    const overwrite = body.overwrite === true;

    // getExistingDashboardByIDOrUIDForUpdate
    let existing: GrafanaDashboard | undefined;
    const id = typeof dash.id === 'number' && dash.id > 0 ? dash.id : 0;
    if (id) {
      existing = state.byId(id);
      if (!existing) return grafanaError(404, 'Dashboard not found', 'not-found');
      if (!uid) uid = existing.uid;
    }
    const byUid = uid ? state.dashboards.get(uid) : undefined;
    if (existing && byUid && existing !== byUid) return grafanaError(400, 'A dashboard with the same uid already exists');
    existing ??= byUid;
    let version = typeof dash.version === 'number' ? dash.version : 0;
    if (existing && version !== existing.version) {
      if (!overwrite) return grafanaError(412, 'The dashboard has been changed by someone else', 'version-mismatch');
      version = existing.version;
    }
    // getExistingDashboardByTitleAndFolder: with overwrite the other dashboard is taken over,
    // its uid included, exactly as Grafana does.
    if (uniqueTitles) {
      const other = [...state.dashboards.values()].find((d) => d !== existing && d.folderUid === folderUid && d.json.title === dash.title);
      if (other) {
        if (!overwrite) return grafanaError(412, 'A dashboard with the same name in the folder already exists', 'name-exists');
        existing = other;
        uid = other.uid;
        version = other.version;
      }
    }

    // The dashboard service's own check [unverified message: ErrDashboardUpdateAccessDenied].
    const allowed = existing ? level(ctx, 'dashboard', existing.uid) >= 2 && (existing.folderUid === folderUid || mayCreateIn(ctx, folderUid)) : mayCreateIn(ctx, folderUid);
    if (!allowed) return grafanaError(403, 'Access denied to save dashboard');

    const now = new Date().toISOString();
    const who = ctx.principal.name;
    const message = typeof body.message === 'string' ? body.message : '';
    let saved: GrafanaDashboard;
    const previousUid = existing?.uid;
    if (existing) {
      state.dashboards.delete(existing.uid);
      existing.uid = uid || existing.uid;
      existing.version = version + 1;
      existing.folderUid = folderUid;
      existing.updated = now;
      existing.updatedBy = who;
      saved = existing;
    } else {
      saved = { id: state.newId(), uid: uid || alphanumericId(14), json: {}, folderUid, version: 1, created: now, updated: now, createdBy: who, updatedBy: who, versions: [] };
    }
    saved.json = { ...dash, id: saved.id, uid: saved.uid, version: saved.version };
    saved.versions.push({ version: saved.version, message, created: now, data: clone(saved.json) });
    state.dashboards.set(saved.uid, saved);
    if (!existing) state.setDefaultPermissions('dashboard', saved.uid, folderUid === null, ctx.principal.user.id);
    else if (previousUid !== saved.uid) {
      // Permissions belong to the dashboard, whatever uid it ends up with.
      state.acl.set(`dashboard:${saved.uid}`, state.acl.get(`dashboard:${previousUid}`) ?? []);
      state.acl.delete(`dashboard:${previousUid}`);
    }
    const slug = slugify(String(dash.title));
    return { status: 200, json: { id: saved.id, slug, status: 'success', uid: saved.uid, url: `/d/${saved.uid}/${slug}`, version: saved.version, folderUid: folderUid ?? '' } };
  };

  const searchHit = (d: GrafanaDashboard) => {
    const title = String(d.json.title);
    const f = d.folderUid ? state.folders.get(d.folderUid) : undefined;
    return {
      id: d.id,
      uid: d.uid,
      orgId: 1,
      title,
      uri: `db/${slugify(title)}`,
      url: `/d/${d.uid}/${slugify(title)}`,
      slug: '',
      type: 'dash-db',
      tags: Array.isArray(d.json.tags) ? d.json.tags : [],
      isStarred: false,
      sortMeta: 0,
      ...(f ? { folderId: f.id, folderUid: f.uid, folderTitle: f.title, folderUrl: `/dashboards/f/${f.uid}/${slugify(f.title)}` } : {}),
    };
  };

  const routes: RouteDef<GrafanaPrincipal>[] = [
    {
      method: 'GET',
      path: '/api/health',
      auth: false,
      handle: () => ({ status: 200, json: { commit: 'emulator', database: 'ok', version: '11.6.0' } }),
    },
    { method: 'POST', path: '/api/dashboards/db', write: true, handle: saveDashboard },
    {
      method: 'GET',
      path: '/api/dashboards/uid/:uid',
      handle(ctx) {
        const d = state.dashboards.get(ctx.params.uid!);
        if (!d) return grafanaError(404, 'Dashboard not found', 'not-found');
        const access = level(ctx, 'dashboard', d.uid);
        if (access < 1) return accessDenied('dashboards:read');
        const f = d.folderUid ? state.folders.get(d.folderUid) : undefined;
        const slug = slugify(String(d.json.title));
        const w = access >= 2;
        return {
          status: 200,
          json: {
            dashboard: clone(d.json),
            meta: {
              type: 'db',
              canSave: w,
              canEdit: w,
              canAdmin: access >= 4,
              canStar: true,
              canDelete: w,
              slug,
              url: `/d/${d.uid}/${slug}`,
              expires: '0001-01-01T00:00:00Z',
              created: d.created,
              updated: d.updated,
              updatedBy: d.updatedBy,
              createdBy: d.createdBy,
              version: d.version,
              hasAcl: false,
              isFolder: false,
              folderId: f?.id ?? 0,
              folderUid: f?.uid ?? '',
              folderTitle: f?.title ?? 'General',
              folderUrl: f ? `/dashboards/f/${f.uid}/${slugify(f.title)}` : '',
              provisioned: false,
              provisionedExternalId: '',
              annotationsPermissions: { dashboard: { canAdd: w, canEdit: w, canDelete: w }, organization: { canAdd: w, canEdit: w, canDelete: w } },
            },
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/dashboards/uid/:uid/versions',
      handle(ctx) {
        const d = state.dashboards.get(ctx.params.uid!);
        if (!d) return grafanaError(404, 'Dashboard not found', 'not-found');
        if (level(ctx, 'dashboard', d.uid) < 1) return accessDenied('dashboards:read');
        const versions = [...d.versions].reverse().map((v, i, all) => ({ id: v.version, dashboardId: d.id, dashboardUid: d.uid, parentVersion: all[i + 1]?.version ?? 0, restoredFrom: 0, version: v.version, created: v.created, createdBy: d.updatedBy, message: v.message }));
        return { status: 200, json: { continueToken: '', versions } };
      },
    },
    {
      method: 'DELETE',
      path: '/api/dashboards/uid/:uid',
      write: true,
      handle(ctx) {
        const d = state.dashboards.get(ctx.params.uid!);
        if (!d) return canWrite(ctx) ? grafanaError(404, 'Dashboard not found', 'not-found') : accessDenied('dashboards:delete');
        if (level(ctx, 'dashboard', d.uid) < 2) return accessDenied('dashboards:delete');
        state.dashboards.delete(d.uid);
        state.acl.delete(`dashboard:${d.uid}`);
        const title = String(d.json.title);
        return { status: 200, json: { id: d.id, message: `Dashboard ${title} deleted`, title } };
      },
    },
    {
      method: 'GET',
      path: '/api/search',
      handle(ctx) {
        const q = ctx.query;
        const multi = (name: string) => q.getAll(name).flatMap((v) => v.split(',')).filter((v) => v !== '');
        const type = q.get('type');
        const query = (q.get('query') ?? '').toLowerCase();
        const tags = q.getAll('tag');
        const folderUids = multi('folderUIDs');
        const dashboardUids = multi('dashboardUIDs');
        const limit = Math.min(Number(q.get('limit') ?? 1000) || 1000, 5000);
        const page = Math.max(Number(q.get('page') ?? 1) || 1, 1);
        const inFolder = (uid: string | null | undefined) => !folderUids.length || folderUids.includes(uid ?? 'general');
        // Search only finds what the principal may see.
        const folders = type === 'dash-db' || tags.length || dashboardUids.length ? [] : [...state.folders.values()].filter((f) => inFolder(f.parentUid) && f.title.toLowerCase().includes(query) && level(ctx, 'folder', f.uid) >= 1);
        const dashboards =
          type === 'dash-folder'
            ? []
            : [...state.dashboards.values()].filter((d) => {
                const dTags = Array.isArray(d.json.tags) ? d.json.tags.map(String) : [];
                return inFolder(d.folderUid) && String(d.json.title).toLowerCase().includes(query) && tags.every((t) => dTags.includes(t)) && (!dashboardUids.length || dashboardUids.includes(d.uid)) && level(ctx, 'dashboard', d.uid) >= 1;
              });
        const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title, 'en', { sensitivity: 'base' });
        const hits = [
          ...folders.map((f) => ({ id: f.id, uid: f.uid, orgId: 1, title: f.title, uri: `db/${slugify(f.title)}`, url: `/dashboards/f/${f.uid}/${slugify(f.title)}`, slug: '', type: 'dash-folder', tags: [], isStarred: false, sortMeta: 0 })).sort(byTitle),
          ...dashboards.map(searchHit).sort(byTitle),
        ];
        return { status: 200, json: hits.slice((page - 1) * limit, page * limit) };
      },
    },
    {
      method: 'GET',
      path: '/api/folders',
      handle: (ctx) => ({ status: 200, json: [...state.folders.values()].filter((f) => level(ctx, 'folder', f.uid) >= 1).map((f) => ({ id: f.id, uid: f.uid, title: f.title, ...(f.parentUid ? { parentUid: f.parentUid } : {}) })) }),
    },
    {
      method: 'POST',
      path: '/api/folders',
      write: true,
      handle(ctx) {
        if (!canWrite(ctx)) return accessDenied('folders:create');
        const parsed = parseJson(ctx.body);
        if ('error' in parsed || !isObject(parsed.value)) return grafanaError(400, 'bad request data');
        const { uid, title, parentUid } = parsed.value;
        if (typeof title !== 'string' || !title.trim()) return grafanaError(400, 'folder title cannot be empty');
        const folderUid = typeof uid === 'string' && uid ? uid : alphanumericId(14);
        if (!UID.test(folderUid)) return grafanaError(400, 'uid contains illegal characters');
        if (folderUid.length > 40) return grafanaError(400, 'uid too long, max 40 characters');
        if (typeof parentUid === 'string' && parentUid && !state.folders.has(parentUid)) return grafanaError(404, 'folder not found', 'not-found');
        if (state.folders.has(folderUid) || state.dashboards.has(folderUid)) return grafanaError(409, 'a folder with the same uid already exists');
        const parent = typeof parentUid === 'string' && parentUid ? parentUid : undefined;
        // A subfolder takes Edit on its parent.
        if (parent && level(ctx, 'folder', parent) < 2) return accessDenied('folders:create');
        // [unverified for nested-folder versions] same title under the same parent refused
        if ([...state.folders.values()].some((f) => f.parentUid === parent && f.title === title)) return grafanaError(409, 'a folder or dashboard in the general folder with the same name already exists');
        return { status: 200, json: folderJson(state.addFolder(folderUid, title, parent, ctx.principal.user.id), ctx) };
      },
    },
    {
      method: 'GET',
      path: '/api/folders/:uid',
      handle(ctx) {
        const f = state.folders.get(ctx.params.uid!);
        if (f && level(ctx, 'folder', f.uid) < 1) return accessDenied('folders:read');
        return f ? { status: 200, json: folderJson(f, ctx) } : grafanaError(404, 'folder not found', 'not-found');
      },
    },
    {
      method: 'PUT',
      path: '/api/folders/:uid',
      write: true,
      handle(ctx) {
        const f = state.folders.get(ctx.params.uid!);
        if (!f) return canWrite(ctx) ? grafanaError(404, 'folder not found', 'not-found') : accessDenied('folders:write');
        if (level(ctx, 'folder', f.uid) < 2) return accessDenied('folders:write');
        const parsed = parseJson(ctx.body);
        if ('error' in parsed || !isObject(parsed.value)) return grafanaError(400, 'bad request data');
        const { title, version, overwrite } = parsed.value;
        if (overwrite !== true && version !== f.version) return grafanaError(412, 'the folder has been changed by someone else', 'version-mismatch');
        if (typeof title === 'string' && title.trim()) f.title = title;
        f.version += 1;
        f.updated = new Date().toISOString();
        return { status: 200, json: folderJson(f, ctx) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/folders/:uid',
      write: true,
      handle(ctx) {
        const f = state.folders.get(ctx.params.uid!);
        if (!f) return canWrite(ctx) ? grafanaError(404, 'folder not found', 'not-found') : accessDenied('folders:delete');
        if (level(ctx, 'folder', f.uid) < 2) return accessDenied('folders:delete');
        // Deleting a folder deletes what it holds, subfolders included.
        const doomed = new Set([f.uid]);
        for (let grew = true; grew; ) {
          grew = false;
          for (const x of state.folders.values()) if (x.parentUid && doomed.has(x.parentUid) && !doomed.has(x.uid)) (doomed.add(x.uid), (grew = true));
        }
        for (const d of [...state.dashboards.values()]) {
          if (d.folderUid && doomed.has(d.folderUid)) (state.dashboards.delete(d.uid), state.acl.delete(`dashboard:${d.uid}`));
        }
        for (const uid of doomed) (state.folders.delete(uid), state.acl.delete(`folder:${uid}`));
        return { status: 200, json: { id: f.id, message: `Folder ${f.title} deleted`, title: f.title } };
      },
    },
    ...grafanaPermissionRoutes(state, options),
  ];

  const handle = await startServer<GrafanaPrincipal, GrafanaState>(
    {
      name: 'Grafana',
      routes,
      errorReply: (status, message) => grafanaError(status, status === 404 ? 'Not found' : message),
      describePrincipal: (p) => p.name,
      authenticate(ctx) {
        const a = authorization(ctx.headers);
        if (!a) return { reply: grafanaError(401, 'Unauthorized') };
        let c: GrafanaCredential | undefined;
        if (a.scheme === 'bearer') {
          c = credentials.find((x) => x.token !== undefined && x.token === a.value);
          // [unverified exact body] what Grafana 10+ answers for a bad service account token
          if (!c) return { reply: { status: 401, json: { extra: null, message: 'Invalid API key', messageId: 'api-key.invalid', statusCode: 401, traceID: '' } } };
        } else if (a.scheme === 'basic') {
          const b = parseBasic(a.value);
          c = b && credentials.find((x) => x.login !== undefined && x.login === b.user && x.password === b.password);
          if (!c) return { reply: { status: 401, json: { message: 'Invalid username or password', messageId: 'password-auth.failed', statusCode: 401, traceID: '' } } };
        }
        if (!c) return { reply: grafanaError(401, 'Unauthorized') };
        const user = state.userByLogin(c.login ?? serviceAccountLogin(c))!;
        return { principal: { credential: c, name: c.login ?? `service-account:${c.role.toLowerCase()}`, user } };
      },
    },
    options,
    state,
  );
  return { ...handle, credentials };
}
