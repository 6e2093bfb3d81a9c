// The Grafana organisation's people and permissions: users (service accounts included), teams,
// and the managed permissions of each dashboard and folder, with helpers for tests to edit them
// as one would in the UI and to read who can actually do what (grafana-access.ts). GrafanaState
// adds the dashboards and folders, and says which folders sit above what.

import {
  type AclSource,
  BASIC_ROLES,
  effectiveAccess,
  type GrafanaAclEntry,
  type GrafanaBasicRole,
  type GrafanaEffectiveAccess,
  type GrafanaGrantee,
  type GrafanaPermission,
  type GrafanaPermissionInput,
  type GrafanaResourceKind,
  type GrafanaTeam,
  type GrafanaUser,
  isPermission,
  levelOf,
  sameGrantee,
} from './grafana-access.js';
import { alphanumericId } from './http-util.js';

export abstract class GrafanaDirectory implements AclSource {
  readonly users = new Map<number, GrafanaUser>();
  readonly teams = new Map<number, GrafanaTeam>();
  /** Managed permissions by `dashboard:<uid>` / `folder:<uid>`. */
  readonly acl = new Map<string, GrafanaAclEntry[]>();
  private nextUserId = 1;
  private nextTeamId = 1;

  /** The resource, then the folders above it, nearest first, each with its own permissions. */
  abstract chain(kind: GrafanaResourceKind, uid: string): { key: string; entries: readonly GrafanaAclEntry[] }[];
  abstract exists(kind: GrafanaResourceKind, uid: string): boolean;

  /** What Grafana grants a dashboard or folder it creates (setDefaultPermissions). */
  setDefaultPermissions(kind: GrafanaResourceKind, uid: string, topLevel: boolean, creatorId?: number): void {
    const t = new Date().toISOString();
    const entries: GrafanaAclEntry[] = [];
    if (creatorId !== undefined) entries.push({ grantee: { userId: creatorId }, permission: 4, created: t, updated: t });
    if (topLevel) entries.push({ grantee: { role: 'Editor' }, permission: 2, created: t, updated: t }, { grantee: { role: 'Viewer' }, permission: 1, created: t, updated: t });
    this.acl.set(`${kind}:${uid}`, entries);
  }

  addUser(u: { login: string; email?: string; name?: string; role?: GrafanaBasicRole; isServiceAccount?: boolean }): GrafanaUser {
    const existing = this.userByLogin(u.login);
    if (existing) return existing;
    const user: GrafanaUser = { id: this.nextUserId++, uid: alphanumericId(14), login: u.login, email: u.email ?? (u.isServiceAccount ? '' : `${u.login}@example.com`), name: u.name ?? u.login, orgRole: u.role ?? 'Viewer', isServiceAccount: u.isServiceAccount ?? false };
    this.users.set(user.id, user);
    return user;
  }

  userByLogin(login: string): GrafanaUser | undefined {
    return [...this.users.values()].find((u) => u.login === login);
  }

  /** A team; members are user logins (unknown ones are created as Viewers). */
  addTeam(name: string, opts: { email?: string; members?: readonly string[] } = {}): GrafanaTeam {
    const t = new Date().toISOString();
    const team: GrafanaTeam = { id: this.nextTeamId++, uid: alphanumericId(14), name, email: opts.email ?? '', members: new Set(), created: t, updated: t };
    for (const login of opts.members ?? []) team.members.add(this.addUser({ login }).id);
    this.teams.set(team.id, team);
    return team;
  }

  teamByName(name: string): GrafanaTeam | undefined {
    return [...this.teams.values()].find((t) => t.name === name);
  }

  /** The highest permission (0, 1, 2, 4) a user, by login, holds on a dashboard or folder. */
  accessOf(kind: GrafanaResourceKind, uid: string, login: string): 0 | GrafanaPermission {
    const user = this.userByLogin(login);
    if (!user) throw new Error(`no Grafana user ${login}`);
    return levelOf(this, user, kind, uid);
  }

  /** Who can view / edit / administer a dashboard once its folders are taken into account. */
  effectiveAccess(uid: string): GrafanaEffectiveAccess {
    if (!this.exists('dashboard', uid)) throw new Error(`no Grafana dashboard ${uid}`);
    return effectiveAccess(this, 'dashboard', uid);
  }

  effectiveFolderAccess(uid: string): GrafanaEffectiveAccess {
    if (!this.exists('folder', uid)) throw new Error(`no Grafana folder ${uid}`);
    return effectiveAccess(this, 'folder', uid);
  }

  /** The dashboard's own permissions, as tests write them. */
  dashboardPermissions(uid: string): GrafanaPermissionInput[] {
    return this.describe(this.acl.get(`dashboard:${uid}`) ?? []);
  }

  folderPermissions(uid: string): GrafanaPermissionInput[] {
    return this.describe(this.acl.get(`folder:${uid}`) ?? []);
  }

  /** Replaces a dashboard's own permissions, as the Permissions tab does. */
  setDashboardPermissions(uid: string, items: readonly GrafanaPermissionInput[]): void {
    if (!this.exists('dashboard', uid)) throw new Error(`no Grafana dashboard ${uid}`);
    this.acl.set(`dashboard:${uid}`, this.entries(items));
  }

  /** Adds (or changes) one principal's permission on a dashboard, as "Add a permission" does. */
  addDashboardPermission(uid: string, item: GrafanaPermissionInput): void {
    this.setDashboardPermissions(uid, this.upsert(this.dashboardPermissions(uid), item));
  }

  setFolderPermissions(uid: string, items: readonly GrafanaPermissionInput[]): void {
    if (!this.exists('folder', uid)) throw new Error(`no Grafana folder ${uid}`);
    this.acl.set(`folder:${uid}`, this.entries(items));
  }

  addFolderPermission(uid: string, item: GrafanaPermissionInput): void {
    this.setFolderPermissions(uid, this.upsert(this.folderPermissions(uid), item));
  }

  /** A test's permission item as a stored grantee (throws for unknown teams and users). */
  grantee(item: GrafanaPermissionInput): GrafanaGrantee {
    if ('role' in item) {
      if (!BASIC_ROLES.includes(item.role)) throw new Error(`not a Grafana basic role: ${String(item.role)}`);
      return { role: item.role };
    }
    if ('team' in item) {
      const team = this.teamByName(item.team);
      if (!team) throw new Error(`no Grafana team ${item.team}`);
      return { teamId: team.id };
    }
    if ('teamId' in item) {
      if (!this.teams.has(item.teamId)) throw new Error(`no Grafana team #${item.teamId}`);
      return { teamId: item.teamId };
    }
    if ('user' in item) {
      const user = this.userByLogin(item.user);
      if (!user) throw new Error(`no Grafana user ${item.user}`);
      return { userId: user.id };
    }
    if (!this.users.has(item.userId)) throw new Error(`no Grafana user #${item.userId}`);
    return { userId: item.userId };
  }

  private entries(items: readonly GrafanaPermissionInput[]): GrafanaAclEntry[] {
    const t = new Date().toISOString();
    const out: GrafanaAclEntry[] = [];
    for (const item of items) {
      if (!isPermission(item.permission)) throw new Error(`not a Grafana permission: ${String(item.permission)}`);
      const grantee = this.grantee(item);
      const at = out.findIndex((e) => sameGrantee(e.grantee, grantee));
      const entry = { grantee, permission: item.permission, created: t, updated: t };
      if (at >= 0) out[at] = entry;
      else out.push(entry);
    }
    return out;
  }

  private upsert(items: GrafanaPermissionInput[], item: GrafanaPermissionInput): GrafanaPermissionInput[] {
    const grantee = this.grantee(item);
    return [...items.filter((i) => !sameGrantee(this.grantee(i), grantee)), item];
  }

  private describe(entries: readonly GrafanaAclEntry[]): GrafanaPermissionInput[] {
    return entries.map((e) => {
      const g = e.grantee;
      if ('role' in g) return { role: g.role, permission: e.permission };
      if ('teamId' in g) return { teamId: g.teamId, permission: e.permission };
      return { userId: g.userId, permission: e.permission };
    });
  }
}
