// The Sumo Logic organisation's roles and content permissions: roles (with capabilities), the
// `org` source id, the explicit permissions of each content item (folder id or dashboard
// contentId), share notifications, and helpers for tests to share by hand and to read who holds
// what (sumologic-access.ts). SumoState adds users, folders and dashboards.

import {
  addAssignments,
  ALL_PERMISSIONS,
  effectiveAccess,
  implicitAssignments,
  permissionsOf,
  removeAssignments,
  type SumoAclSource,
  type SumoAssignment,
  type SumoAssignmentJson,
  type SumoEffectiveAccess,
  type SumoPermissionName,
  type SumoSourceType,
} from './sumologic-access.js';
import { hexId } from './http-util.js';

export interface SumoUser {
  readonly id: string;
  readonly email: string;
  readonly personalFolderId: string;
  readonly firstName: string;
  readonly lastName: string;
  /** Role ids; change through SumoState.assignRole. */
  readonly roleIds: string[];
  readonly createdAt: string;
}

export interface SumoRole {
  readonly id: string;
  name: string;
  description: string;
  filterPredicate: string;
  capabilities: string[];
  readonly systemDefined: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  modifiedAt: string;
  modifiedBy: string;
}

/** A permission as tests write it: by source id, or by role name / user email / the org. */
export type SumoPermissionInput = { readonly permissionName: SumoPermissionName } & (
  | { readonly sourceType: SumoSourceType; readonly sourceId: string }
  | { readonly role: string }
  | { readonly user: string }
  | { readonly org: true }
);

export interface SumoShareNotification {
  readonly contentId: string;
  readonly by: string;
  readonly assignments: readonly SumoAssignment[];
  readonly message: string;
}

const now = () => new Date().toISOString();

export abstract class SumoDirectory implements SumoAclSource {
  abstract readonly users: Map<string, SumoUser>;
  readonly roles = new Map<string, SumoRole>();
  /** Explicit permissions by content id (upper-case hex). */
  readonly permissions = new Map<string, SumoAssignment[]>();
  /** Shares sent with notifyRecipients: true. */
  readonly notifications: SumoShareNotification[] = [];

  /** orgId: the `org` source id. */
  constructor(readonly orgId: string) {}

  /** The user behind an email (created on first use), given these role names. */
  abstract user(email: string, roles?: readonly string[]): SumoUser;
  abstract contentItem(contentId: string): { id: string; parentId: string; itemType: 'Folder' | 'Dashboard' } | undefined;
  abstract ancestors(contentId: string): string[];

  userById(id: string): SumoUser | undefined {
    return [...this.users.values()].find((u) => u.id === id.toUpperCase());
  }

  addRole(name: string, opts: { description?: string; capabilities?: readonly string[]; filterPredicate?: string; systemDefined?: boolean } = {}): SumoRole {
    const existing = this.roleByName(name);
    if (existing) return existing;
    const t = now();
    const sys = '0000000000000000';
    const role: SumoRole = { id: hexId(), name, description: opts.description ?? '', filterPredicate: opts.filterPredicate ?? '', capabilities: [...(opts.capabilities ?? [])], systemDefined: opts.systemDefined ?? false, createdAt: t, createdBy: sys, modifiedAt: t, modifiedBy: sys };
    this.roles.set(role.id, role);
    return role;
  }

  roleByName(name: string): SumoRole | undefined {
    return [...this.roles.values()].find((r) => r.name === name);
  }

  /** Gives a user (by email) a role (by name); unknown roles are created. */
  assignRole(email: string, roleName: string): void {
    const u = this.user(email);
    const r = this.addRole(roleName);
    if (!u.roleIds.includes(r.id)) u.roleIds.push(r.id);
  }

  /** Does any of the user's roles carry the capability (e.g. manageContent, for Admin Mode)? */
  hasCapability(email: string, capability: string): boolean {
    return this.user(email).roleIds.some((id) => this.roles.get(id)?.capabilities.includes(capability));
  }

  // SumoAclSource

  explicit(contentId: string): readonly SumoAssignment[] {
    return this.permissions.get(contentId.toUpperCase()) ?? [];
  }

  roleIdsOf(userId: string): readonly string[] {
    return this.userById(userId)?.roleIds ?? [];
  }

  label(a: Omit<SumoAssignment, 'permissionName'>): string {
    if (a.sourceType === 'org') return 'org';
    if (a.sourceType === 'role') return `role:${this.roles.get(a.sourceId.toUpperCase())?.name ?? a.sourceId}`;
    return `user:${this.userById(a.sourceId)?.email ?? a.sourceId}`;
  }

  // Permissions, for routes and tests

  explicitPermissions(contentId: string): SumoAssignmentJson[] {
    const id = contentId.toUpperCase();
    return this.explicit(id).map((a) => ({ ...a, contentId: id }));
  }

  implicitPermissions(contentId: string): SumoAssignmentJson[] {
    return implicitAssignments(this, contentId.toUpperCase());
  }

  /** Adds assignments with what they imply (Edit brings View), as the API and the Share dialog do. */
  grant(contentId: string, assignments: readonly SumoAssignment[]): void {
    const id = contentId.toUpperCase();
    this.permissions.set(id, addAssignments(this.explicit(id), assignments));
  }

  /** Removes assignments and whatever implies them (taking View takes Edit and Manage). */
  revoke(contentId: string, assignments: readonly SumoAssignment[]): void {
    const id = contentId.toUpperCase();
    this.permissions.set(id, removeAssignments(this.explicit(id), assignments));
  }

  /** A share made by hand in the UI. */
  addPermission(contentId: string, input: SumoPermissionInput): void {
    if (!this.contentItem(contentId)) throw new Error(`no Sumo content item ${contentId}`);
    this.grant(contentId, [this.assignment(input)]);
  }

  removePermission(contentId: string, input: SumoPermissionInput): void {
    this.revoke(contentId, [this.assignment(input)]);
  }

  /** Who holds what on an item, explicit and inherited together. */
  effectiveAccess(contentId: string): SumoEffectiveAccess {
    if (!this.contentItem(contentId)) throw new Error(`no Sumo content item ${contentId}`);
    return effectiveAccess(this, contentId.toUpperCase());
  }

  /** The permission names a user (by email) holds on an item, through themselves, their roles or the org. */
  permissionsOf(contentId: string, email: string): SumoPermissionName[] {
    const held = permissionsOf(this, contentId.toUpperCase(), this.user(email).id);
    return ALL_PERMISSIONS.filter((n) => held.has(n));
  }

  private assignment(input: SumoPermissionInput): SumoAssignment {
    const permissionName = input.permissionName;
    if ('sourceType' in input) return { permissionName, sourceType: input.sourceType, sourceId: input.sourceId };
    if ('org' in input) return { permissionName, sourceType: 'org', sourceId: this.orgId };
    if ('user' in input) return { permissionName, sourceType: 'user', sourceId: this.user(input.user).id };
    const role = this.roleByName(input.role);
    if (!role) throw new Error(`no Sumo role ${input.role}`);
    return { permissionName, sourceType: 'role', sourceId: role.id };
  }

  /** The creator of a content item holds every permission on it [inferred: the terraform provider filters the creator out of explicitPermissions]. */
  protected grantCreator(contentId: string, by: SumoUser): void {
    this.grant(contentId, ALL_PERMISSIONS.map((permissionName) => ({ permissionName, sourceType: 'user' as const, sourceId: by.id })));
  }
}
