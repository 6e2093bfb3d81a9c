// Sumo Logic content permissions (sumologic-api.yaml ContentPermissionAssignment; "Share
// Content" docs): View < Edit < Manage, each with a Grant form that lets its holder share that
// level. Permissions set on a content item are explicit; the ones set on the folders above it
// are implicit (inherited), and an item cannot opt out of what its folder shares.

export const SUMO_PERMISSION_NAMES = ['View', 'GrantView', 'Edit', 'GrantEdit', 'Manage', 'GrantManage'] as const;
export type SumoPermissionName = (typeof SUMO_PERMISSION_NAMES)[number];
export const SUMO_SOURCE_TYPES = ['user', 'role', 'org'] as const;
export type SumoSourceType = (typeof SUMO_SOURCE_TYPES)[number];

/** A stored assignment; the content item is the key it is stored under. */
export interface SumoAssignment {
  readonly permissionName: SumoPermissionName;
  readonly sourceType: SumoSourceType;
  readonly sourceId: string;
}

/** The wire form (ContentPermissionAssignment). */
export interface SumoAssignmentJson extends SumoAssignment {
  readonly contentId: string;
}

/**
 * What adding a permission adds with it. "When you add a new permission to a content, all the
 * lower level permissions are added by default" (terraform sumologic_content_permission docs)
 * for View/Edit/Manage; that a Grant form also brings the level itself and the lower Grant
 * forms is [unverified] (the docs list "Grant Edit and View Access" under Edit only).
 */
const IMPLIED: Readonly<Record<SumoPermissionName, readonly SumoPermissionName[]>> = {
  View: [],
  Edit: ['View'],
  Manage: ['Edit', 'View'],
  GrantView: ['View'],
  GrantEdit: ['Edit', 'View', 'GrantView'],
  GrantManage: ['Manage', 'Edit', 'View', 'GrantEdit', 'GrantView'],
};

/** The Grant form a caller needs to give (or take away) a permission. */
export const GRANT_NEEDED: Readonly<Record<SumoPermissionName, SumoPermissionName>> = {
  View: 'GrantView',
  GrantView: 'GrantView',
  Edit: 'GrantEdit',
  GrantEdit: 'GrantEdit',
  Manage: 'GrantManage',
  GrantManage: 'GrantManage',
};

export const ALL_PERMISSIONS: readonly SumoPermissionName[] = SUMO_PERMISSION_NAMES;

export function withImplied(name: SumoPermissionName): SumoPermissionName[] {
  return [name, ...IMPLIED[name]];
}

/** Names that cannot stay once `name` goes: the ones that imply it [unverified: removal cascades up]. */
export function withImpliers(name: SumoPermissionName): SumoPermissionName[] {
  return SUMO_PERMISSION_NAMES.filter((n) => n === name || IMPLIED[n].includes(name));
}

export const sameSource = (a: Omit<SumoAssignment, 'permissionName'>, b: Omit<SumoAssignment, 'permissionName'>) => a.sourceType === b.sourceType && a.sourceId.toUpperCase() === b.sourceId.toUpperCase();
const sameAssignment = (a: SumoAssignment, b: SumoAssignment) => a.permissionName === b.permissionName && sameSource(a, b);
const byLevel = (a: SumoPermissionName, b: SumoPermissionName) => SUMO_PERMISSION_NAMES.indexOf(a) - SUMO_PERMISSION_NAMES.indexOf(b);

/** The assignments with the additions (and what they imply) merged in, each once. */
export function addAssignments(current: readonly SumoAssignment[], added: readonly SumoAssignment[]): SumoAssignment[] {
  const out = [...current];
  for (const a of added) {
    for (const permissionName of withImplied(a.permissionName)) {
      const next = { permissionName, sourceType: a.sourceType, sourceId: a.sourceId };
      if (!out.some((x) => sameAssignment(x, next))) out.push(next);
    }
  }
  return out;
}

export function removeAssignments(current: readonly SumoAssignment[], removed: readonly SumoAssignment[]): SumoAssignment[] {
  return current.filter((x) => !removed.some((r) => sameSource(x, r) && withImpliers(r.permissionName).includes(x.permissionName)));
}

/** What the computations need from the state. */
export interface SumoAclSource {
  readonly orgId: string;
  /** Explicit assignments of an item. */
  explicit(contentId: string): readonly SumoAssignment[];
  /** The folders above an item, nearest first (ids). */
  ancestors(contentId: string): string[];
  /** Role ids of a user, by user id. */
  roleIdsOf(userId: string): readonly string[];
  /** `role:<name>`, `user:<email>` or `org`. */
  label(a: Omit<SumoAssignment, 'permissionName'>): string;
}

/** Inherited assignments: each folder's explicit ones, nearest folder first, each once, minus the explicit ones. */
export function implicitAssignments(src: SumoAclSource, contentId: string): SumoAssignmentJson[] {
  const own = src.explicit(contentId);
  const out: SumoAssignmentJson[] = [];
  for (const folder of src.ancestors(contentId)) {
    for (const a of src.explicit(folder)) {
      if (own.some((x) => sameAssignment(x, a)) || out.some((x) => sameAssignment(x, a))) continue;
      // contentId names the folder the permission is set on [unverified: the spec does not say].
      out.push({ ...a, contentId: folder });
    }
  }
  return out;
}

/** The permission names a user holds on an item, through themselves, their roles or the org. */
export function permissionsOf(src: SumoAclSource, contentId: string, userId: string): Set<SumoPermissionName> {
  const roles = src.roleIdsOf(userId).map((r) => r.toUpperCase());
  const reaches = (a: SumoAssignment) =>
    a.sourceType === 'org' ? a.sourceId.toUpperCase() === src.orgId.toUpperCase() : a.sourceType === 'role' ? roles.includes(a.sourceId.toUpperCase()) : a.sourceId.toUpperCase() === userId.toUpperCase();
  const all = [...src.explicit(contentId), ...implicitAssignments(src, contentId)];
  return new Set(all.filter(reaches).map((a) => a.permissionName));
}

export interface SumoEffectiveGrant {
  /** `role:<name>`, `user:<email>` or `org`. */
  readonly principal: string;
  readonly sourceType: SumoSourceType;
  readonly sourceId: string;
  /** Everything the principal holds on the item, lowest first. */
  readonly permissions: readonly SumoPermissionName[];
  /** Set on the item itself. */
  readonly own: readonly SumoPermissionName[];
  /** Coming from the folders above. */
  readonly inherited: readonly SumoPermissionName[];
}

export interface SumoEffectiveAccess {
  readonly grants: readonly SumoEffectiveGrant[];
  /** Principals holding View / Edit / Manage (explicitly or through a folder). */
  readonly view: readonly string[];
  readonly edit: readonly string[];
  readonly manage: readonly string[];
}

export function effectiveAccess(src: SumoAclSource, contentId: string): SumoEffectiveAccess {
  const grants = new Map<string, { sourceType: SumoSourceType; sourceId: string; own: Set<SumoPermissionName>; inherited: Set<SumoPermissionName> }>();
  const add = (a: SumoAssignment, own: boolean) => {
    const principal = src.label(a);
    let g = grants.get(principal);
    if (!g) grants.set(principal, (g = { sourceType: a.sourceType, sourceId: a.sourceId, own: new Set(), inherited: new Set() }));
    (own ? g.own : g.inherited).add(a.permissionName);
  };
  for (const a of src.explicit(contentId)) add(a, true);
  for (const a of implicitAssignments(src, contentId)) add(a, false);
  const list = [...grants]
    .map(([principal, g]) => ({ principal, sourceType: g.sourceType, sourceId: g.sourceId, permissions: [...new Set([...g.own, ...g.inherited])].sort(byLevel), own: [...g.own].sort(byLevel), inherited: [...g.inherited].sort(byLevel) }))
    .sort((a, b) => a.principal.localeCompare(b.principal));
  const holding = (name: SumoPermissionName) => list.filter((g) => g.permissions.includes(name)).map((g) => g.principal);
  return { grants: list, view: holding('View'), edit: holding('Edit'), manage: holding('Manage') };
}
