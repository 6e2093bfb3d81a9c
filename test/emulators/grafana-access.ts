// Who may do what to a Grafana dashboard or folder, with the semantics of Grafana 9+ (RBAC,
// OSS): managed permissions sit on the resource itself and on every folder above it, each
// granted to a basic role, a team or a user, at View (1), Edit (2) or Admin (4). Basic roles
// nest (Viewer < Editor < Admin: a grant to Viewer reaches Editors and Admins too), and an org
// Admin may do everything whatever the permissions say (dashboard_permissions.md).

import { createHash } from 'node:crypto';

export type GrafanaPermission = 1 | 2 | 4;
export type GrafanaBasicRole = 'Viewer' | 'Editor' | 'Admin';
export type GrafanaGrantee = { readonly role: GrafanaBasicRole } | { readonly teamId: number } | { readonly userId: number };

/** One managed permission on one dashboard or folder. */
export interface GrafanaAclEntry {
  readonly grantee: GrafanaGrantee;
  readonly permission: GrafanaPermission;
  readonly created: string;
  readonly updated: string;
}

export interface GrafanaUser {
  readonly id: number;
  readonly uid: string;
  readonly login: string;
  readonly email: string;
  readonly name: string;
  readonly orgRole: GrafanaBasicRole;
  readonly isServiceAccount: boolean;
}

export interface GrafanaTeam {
  readonly id: number;
  readonly uid: string;
  name: string;
  email: string;
  /** User ids. */
  readonly members: Set<number>;
  readonly created: string;
  updated: string;
}

export type GrafanaResourceKind = 'dashboard' | 'folder';

/** A permission as tests write it: one of role / teamId / team (name) / userId / user (login). */
export type GrafanaPermissionInput = { readonly permission: GrafanaPermission } & (
  | { readonly role: GrafanaBasicRole }
  | { readonly teamId: number }
  | { readonly team: string }
  | { readonly userId: number }
  | { readonly user: string }
);

/** One principal's access to a resource once folders are taken into account. */
export interface GrafanaEffectiveGrant {
  /** `role:Viewer`, `team:secops`, `user:alice`. */
  readonly principal: string;
  readonly permission: GrafanaPermission;
  readonly permissionName: string;
  /** Granted on a folder above rather than on the resource itself. */
  readonly inherited: boolean;
  /** `dashboard:<uid>` or `folder:<uid>`: where the highest grant sits. */
  readonly from: string;
}

export interface GrafanaEffectiveAccess {
  readonly grants: readonly GrafanaEffectiveGrant[];
  /** Principals that can at least view / edit / administer, basic-role nesting applied; `role:Admin` is always there. */
  readonly view: readonly string[];
  readonly edit: readonly string[];
  readonly admin: readonly string[];
}

export const PERMISSION_NAMES: Readonly<Record<GrafanaPermission, string>> = { 1: 'View', 2: 'Edit', 4: 'Admin' };
export const BASIC_ROLES: readonly GrafanaBasicRole[] = ['Viewer', 'Editor', 'Admin'];
const ROLE_RANK: Readonly<Record<GrafanaBasicRole, number>> = { Viewer: 1, Editor: 2, Admin: 3 };

export function isPermission(v: unknown): v is GrafanaPermission {
  return v === 1 || v === 2 || v === 4;
}

export function roleAtLeast(role: GrafanaBasicRole, atLeast: GrafanaBasicRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[atLeast];
}

/** Gravatar-style avatar path, as Grafana derives it from an email (or a team name). */
export function avatarUrl(seed: string): string {
  return seed ? `/avatar/${createHash('md5').update(seed.trim().toLowerCase()).digest('hex')}` : '';
}

export function sameGrantee(a: GrafanaGrantee, b: GrafanaGrantee): boolean {
  if ('role' in a) return 'role' in b && a.role === b.role;
  if ('teamId' in a) return 'teamId' in b && a.teamId === b.teamId;
  return 'userId' in b && a.userId === b.userId;
}

/** What the access computation needs from the state. */
export interface AclSource {
  readonly users: ReadonlyMap<number, GrafanaUser>;
  readonly teams: ReadonlyMap<number, GrafanaTeam>;
  /** The resource, then the folders above it, nearest first; each with its own entries. */
  chain(kind: GrafanaResourceKind, uid: string): { readonly key: string; readonly entries: readonly GrafanaAclEntry[] }[];
}

function reaches(src: AclSource, grantee: GrafanaGrantee, user: GrafanaUser): boolean {
  if ('role' in grantee) return roleAtLeast(user.orgRole, grantee.role);
  if ('teamId' in grantee) return src.teams.get(grantee.teamId)?.members.has(user.id) ?? false;
  return grantee.userId === user.id;
}

/** The highest permission `user` holds on the resource: 0 (none), 1, 2 or 4. */
export function levelOf(src: AclSource, user: GrafanaUser, kind: GrafanaResourceKind, uid: string): 0 | GrafanaPermission {
  if (user.orgRole === 'Admin') return 4;
  let level: 0 | GrafanaPermission = 0;
  for (const { entries } of src.chain(kind, uid)) {
    for (const e of entries) if (e.permission > level && reaches(src, e.grantee, user)) level = e.permission;
  }
  return level;
}

/** Does `user` hold at least Edit anywhere (the route-level check before a dashboard save)? */
export function editsSomething(src: AclSource, user: GrafanaUser, all: Iterable<readonly GrafanaAclEntry[]>): boolean {
  if (roleAtLeast(user.orgRole, 'Editor')) return true;
  for (const entries of all) for (const e of entries) if (e.permission >= 2 && reaches(src, e.grantee, user)) return true;
  return false;
}

export function principalLabel(src: AclSource, g: GrafanaGrantee): string {
  if ('role' in g) return `role:${g.role}`;
  if ('teamId' in g) return `team:${src.teams.get(g.teamId)?.name ?? `#${g.teamId}`}`;
  return `user:${src.users.get(g.userId)?.login ?? `#${g.userId}`}`;
}

export function effectiveAccess(src: AclSource, kind: GrafanaResourceKind, uid: string): GrafanaEffectiveAccess {
  const best = new Map<string, GrafanaEffectiveGrant>();
  src.chain(kind, uid).forEach(({ key, entries }, depth) => {
    for (const e of entries) {
      const principal = principalLabel(src, e.grantee);
      const prior = best.get(principal);
      if (prior && prior.permission >= e.permission) continue;
      best.set(principal, { principal, permission: e.permission, permissionName: PERMISSION_NAMES[e.permission], inherited: depth > 0, from: key });
    }
  });
  const grants = [...best.values()].sort((a, b) => a.principal.localeCompare(b.principal));
  // A basic role also holds what the roles below it were granted; org Admins hold everything.
  const levels = new Map(grants.map((g) => [g.principal, g.permission as number]));
  let below = 0;
  for (const role of BASIC_ROLES) {
    const key = `role:${role}`;
    below = role === 'Admin' ? 4 : Math.max(below, levels.get(key) ?? 0);
    if (below) levels.set(key, below);
  }
  const atLeast = (n: number) => [...levels].filter(([, l]) => l >= n).map(([p]) => p).sort();
  return { grants, view: atLeast(1), edit: atLeast(2), admin: atLeast(4) };
}
