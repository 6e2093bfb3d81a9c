// Grafana's legacy permission endpoints, as Grafana 11 answers them (pkg/api/dashboard_permission.go,
// folder_permission.go, team.go): GET/POST /api/dashboards/uid/:uid/permissions, the same under
// /api/folders/:uid/permissions, and the team search. A POST replaces the resource's own
// permissions with `items`; folder permissions reach the dashboards below through inheritance
// (grafana-access.ts), but the legacy GET lists a resource's own permissions only.

import {
  avatarUrl,
  BASIC_ROLES,
  type GrafanaAclEntry,
  type GrafanaBasicRole,
  type GrafanaGrantee,
  type GrafanaResourceKind,
  type GrafanaTeam,
  isPermission,
  levelOf,
  PERMISSION_NAMES,
  sameGrantee,
} from './grafana-access.js';
import { accessDenied, type GrafanaCtx, type GrafanaPrincipal, grafanaError } from './grafana-replies.js';
import { type GrafanaState, slugify } from './grafana-state.js';
import { parseJson } from './http-util.js';
import type { Reply, RouteDef } from './server.js';

export interface GrafanaPermissionOptions {
  /**
   * List the folders' permissions on a dashboard's GET, marked `inherited: true`, as the
   * pre-RBAC ACL of Grafana 8 and earlier did. Grafana 9+ lists own permissions only (default).
   */
  readonly listInheritedPermissions?: boolean;
}

interface Target {
  readonly kind: GrafanaResourceKind;
  readonly uid: string;
  /** The fields every item of this resource repeats. */
  readonly fields: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An `items` element once bound the way Go binds UpdateDashboardACLCommand. */
interface BoundItem {
  readonly userId: number;
  readonly teamId: number;
  readonly role?: GrafanaBasicRole | '';
  readonly permission: number;
}

const BAD_REQUEST = grafanaError(400, 'bad request data');

/** Binding errors all end as 400 "bad request data"; validatePermissionsUpdate's come next. */
function bindItems(body: Buffer): BoundItem[] | Reply {
  const parsed = parseJson(body);
  if ('error' in parsed || !isObject(parsed.value)) return BAD_REQUEST;
  const raw = parsed.value.items ?? [];
  if (!Array.isArray(raw)) return BAD_REQUEST;
  const items: BoundItem[] = [];
  const int = (v: unknown): number | undefined => (v === undefined || v === null ? 0 : Number.isInteger(v) ? (v as number) : undefined);
  for (const it of raw) {
    if (!isObject(it)) return BAD_REQUEST;
    const userId = int(it.userId);
    const teamId = int(it.teamId);
    const permission = int(it.permission);
    if (userId === undefined || teamId === undefined || permission === undefined) return BAD_REQUEST;
    let role: GrafanaBasicRole | '' | undefined;
    if (it.role !== undefined && it.role !== null) {
      if (typeof it.role !== 'string') return BAD_REQUEST;
      // org.RoleType's UnmarshalText title-cases the value and reads "" as Viewer [unverified].
      const titled = it.role.charAt(0).toUpperCase() + it.role.slice(1);
      if (titled === '') role = 'Viewer';
      else if ((BASIC_ROLES as readonly string[]).includes(titled)) role = titled as GrafanaBasicRole;
      else return BAD_REQUEST;
    }
    items.push({ userId, teamId, ...(role !== undefined ? { role } : {}), permission });
  }
  // Grafana's two messages are swapped in its source; the emulator answers what Grafana answers.
  if (items.some((i) => i.userId > 0 && i.teamId > 0)) return grafanaError(400, 'team and user permissions cannot have an associated role');
  if (items.some((i) => (i.userId > 0 || i.teamId > 0) && i.role !== undefined)) return grafanaError(400, 'permissions cannot have both a user and team');
  return items;
}

/**
 * The resource's new own permissions: principals left out lose theirs; a permission other than
 * 1/2/4 maps to no permission name, which the resource-permission service reads as "remove"
 * [unverified: PermissionType.String() gives "" for other values]. An unknown user or team, or
 * an item naming no principal, fails the whole update with 500 "Failed to update permissions"
 * (the handler wraps every SetPermissions error so); nothing is written then.
 */
function applyItems(state: GrafanaState, old: readonly GrafanaAclEntry[], items: readonly BoundItem[]): GrafanaAclEntry[] | Reply {
  const failed = grafanaError(500, 'Failed to update permissions');
  const commands: { grantee: GrafanaGrantee; permission: number }[] = [];
  for (const i of items) {
    let grantee: GrafanaGrantee;
    if (i.userId !== 0) {
      if (!state.users.has(i.userId)) return failed;
      grantee = { userId: i.userId };
    } else if (i.teamId !== 0) {
      if (!state.teams.has(i.teamId)) return failed;
      grantee = { teamId: i.teamId };
    } else {
      if (!i.role) return failed;
      grantee = { role: i.role };
    }
    commands.push({ grantee, permission: i.permission });
  }
  const t = new Date().toISOString();
  let next = old.filter((o) => commands.some((c) => sameGrantee(c.grantee, o.grantee)));
  for (const c of commands) {
    const prior = next.find((e) => sameGrantee(e.grantee, c.grantee));
    next = next.filter((e) => e !== prior);
    if (isPermission(c.permission)) next.push({ grantee: c.grantee, permission: c.permission, created: prior?.created ?? t, updated: t });
  }
  return next;
}

export function grafanaPermissionRoutes(state: GrafanaState, options: GrafanaPermissionOptions = {}): RouteDef<GrafanaPrincipal>[] {
  const teamJson = (t: GrafanaTeam) => ({ id: t.id, uid: t.uid, orgId: 1, name: t.name, email: t.email, avatarUrl: avatarUrl(t.email || t.name), memberCount: t.members.size, permission: 0 });
  const isAdmin = (ctx: GrafanaCtx) => ctx.principal.user.orgRole === 'Admin';
  const canSeeTeam = (ctx: GrafanaCtx, t: GrafanaTeam) => isAdmin(ctx) || t.members.has(ctx.principal.user.id);

  const target = (kind: GrafanaResourceKind, uid: string): Target | undefined => {
    if (kind === 'dashboard') {
      const d = state.dashboards.get(uid);
      if (!d) return undefined;
      const title = String(d.json.title);
      const f = d.folderUid ? state.folders.get(d.folderUid) : undefined;
      return { kind, uid, fields: { dashboardId: d.id, ...(f ? { folderId: f.id } : {}), uid: d.uid, title, slug: slugify(title), isFolder: false, url: `/d/${d.uid}/${slugify(title)}` } };
    }
    const f = state.folders.get(uid);
    if (!f) return undefined;
    return { kind, uid, fields: { dashboardId: f.id, ...(f.parentUid ? { folderUid: f.parentUid } : {}), uid: f.uid, title: f.title, slug: '', isFolder: true, url: `/dashboards/f/${f.uid}/${slugify(f.title)}` } };
  };

  const itemJson = (e: GrafanaAclEntry, fields: Record<string, unknown>, inherited: boolean) => {
    const g = e.grantee;
    const user = 'userId' in g ? state.users.get(g.userId) : undefined;
    const team = 'teamId' in g ? state.teams.get(g.teamId) : undefined;
    return {
      ...fields,
      created: e.created,
      updated: e.updated,
      userId: user?.id ?? 0,
      userUid: user?.uid ?? '',
      userLogin: user?.login ?? '',
      userEmail: user?.email ?? '',
      userAvatarUrl: user ? avatarUrl(user.email) : '',
      teamId: team?.id ?? 0,
      teamUid: team?.uid ?? '',
      teamEmail: team?.email ?? '',
      teamAvatarUrl: team ? avatarUrl(team.email || team.name) : '',
      team: team?.name ?? '',
      ...('role' in g ? { role: g.role } : {}),
      permission: e.permission,
      permissionName: PERMISSION_NAMES[e.permission],
      inherited,
    };
  };

  // Users, then teams, then basic roles: the order of Grafana's UNION query [unverified].
  const ordered = (entries: readonly GrafanaAclEntry[]) => {
    const rank = (e: GrafanaAclEntry) => ('userId' in e.grantee ? 0 : 'teamId' in e.grantee ? 1 : 2);
    return [...entries].sort((a, b) => rank(a) - rank(b));
  };

  const notFound = (kind: GrafanaResourceKind) => (kind === 'dashboard' ? grafanaError(404, 'Dashboard not found') : grafanaError(404, 'folder not found', 'not-found'));
  const action = (kind: GrafanaResourceKind, verb: 'read' | 'write') => `${kind === 'dashboard' ? 'dashboards' : 'folders'}.permissions:${verb}`;
  /** dashboards.permissions:* needs Admin on the resource (or on a folder above), or the org Admin role. */
  const mayAdmin = (ctx: GrafanaCtx, kind: GrafanaResourceKind, uid: string) => isAdmin(ctx) || (target(kind, uid) !== undefined && levelOf(state, ctx.principal.user, kind, uid) >= 4);

  const list = (kind: GrafanaResourceKind) => (ctx: GrafanaCtx): Reply => {
    const uid = ctx.params.uid!;
    if (!mayAdmin(ctx, kind, uid)) return accessDenied(action(kind, 'read'));
    const t = target(kind, uid);
    if (!t) return notFound(kind);
    const own = ordered(state.acl.get(`${kind}:${uid}`) ?? []).map((e) => itemJson(e, t.fields, false));
    if (kind === 'folder' || !options.listInheritedPermissions) return { status: 200, json: own };
    // Grafana 8's ACL: each folder's rows, described as the folder they sit on [unverified].
    const inherited = state
      .chain('dashboard', uid)
      .slice(1)
      .flatMap(({ key, entries }) => ordered(entries).map((e) => itemJson(e, target('folder', key.slice('folder:'.length))!.fields, true)));
    return { status: 200, json: [...inherited, ...own] };
  };

  const update = (kind: GrafanaResourceKind) => (ctx: GrafanaCtx): Reply => {
    const uid = ctx.params.uid!;
    if (!mayAdmin(ctx, kind, uid)) return accessDenied(action(kind, 'write'));
    const items = bindItems(ctx.body);
    if (!Array.isArray(items)) return items;
    if (!target(kind, uid)) return notFound(kind);
    const next = applyItems(state, state.acl.get(`${kind}:${uid}`) ?? [], items);
    if (!Array.isArray(next)) return next;
    state.acl.set(`${kind}:${uid}`, next);
    return { status: 200, json: { message: kind === 'dashboard' ? 'Dashboard permissions updated' : 'Folder permissions updated' } };
  };

  return [
    {
      method: 'GET',
      path: '/api/teams/search',
      handle(ctx) {
        const q = ctx.query;
        const perPage = Math.max(Number(q.get('perpage') ?? 1000) || 1000, 1);
        const page = Math.max(Number(q.get('page') ?? 1) || 1, 1);
        const name = q.get('name');
        const query = (q.get('query') ?? '').toLowerCase();
        // `name` is an exact match, `query` a case-insensitive substring (SQL LIKE). Members who
        // are not org Admins see only their own teams [inferred: teams:read is granted per team].
        const teams = [...state.teams.values()]
          .filter((t) => canSeeTeam(ctx, t) && (name === null || t.name === name) && t.name.toLowerCase().includes(query))
          .sort((a, b) => a.name.localeCompare(b.name));
        // The docs list a 404 for an unknown name; the handler answers 200 with no teams.
        return { status: 200, json: { totalCount: teams.length, teams: teams.slice((page - 1) * perPage, page * perPage).map(teamJson), page, perPage } };
      },
    },
    {
      method: 'GET',
      path: '/api/teams/:id',
      handle(ctx) {
        const t = state.teams.get(Number(ctx.params.id));
        if (t && !canSeeTeam(ctx, t)) return accessDenied('teams:read');
        if (!t) return isAdmin(ctx) ? grafanaError(404, 'Team not found') : accessDenied('teams:read');
        return { status: 200, json: { ...teamJson(t), created: t.created, updated: t.updated } };
      },
    },
    { method: 'GET', path: '/api/dashboards/uid/:uid/permissions', handle: list('dashboard') },
    { method: 'POST', path: '/api/dashboards/uid/:uid/permissions', write: true, handle: update('dashboard') },
    { method: 'GET', path: '/api/folders/:uid/permissions', handle: list('folder') },
    { method: 'POST', path: '/api/folders/:uid/permissions', write: true, handle: update('folder') },
  ];
}
