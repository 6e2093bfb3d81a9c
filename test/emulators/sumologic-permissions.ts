// Sumo Logic roles, users and content permissions (sumologic-api.yaml: listRoles, getRole,
// listUsers, getUser, getContentPermissions, addContentPermissions, removeContentPermissions,
// getPathById). Permissions live on content items (folders by id, dashboards by contentId);
// the ones on folders reach what is inside as implicit permissions. These routes count against
// the same rate limits as every other route (the server's hooks apply to all of them).

import { hexId } from './http-util.js';
import {
  GRANT_NEEDED,
  permissionsOf,
  SUMO_PERMISSION_NAMES,
  SUMO_SOURCE_TYPES,
  type SumoAssignment,
  type SumoPermissionName,
  type SumoSourceType,
} from './sumologic-access.js';
import type { SumoDoc, SumoRole, SumoState, SumoUser } from './sumologic-state.js';
import type { Reply, RequestContext, RouteDef } from './server.js';

/** What the routes need from sumologic.ts (its error body, its JSON body check, its principal). */
export interface SumoPermissionDeps<P extends { readonly user: SumoUser }> {
  readonly state: SumoState;
  sumoError(status: number, code?: string, message?: string): Reply;
  jsonBody(ctx: RequestContext<P>): { value: SumoDoc } | { reply: Reply };
}

const HEX = /^[0-9A-Fa-f]+$/;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

// x-pattern-message of ContentPermissionAssignment in the spec.
const PERMISSION_MESSAGE = 'must be one of the following: `View`, `GrantView`, `Edit`, `GrantEdit`, `Manage`, `GrantManage`';
const SOURCE_MESSAGE = 'must be one of the following: `user`, `role`, `org`';

export function sumoPermissionRoutes<P extends { readonly user: SumoUser }>(deps: SumoPermissionDeps<P>): RouteDef<P>[] {
  const { state, sumoError } = deps;
  const pages = new Map<string, { kind: string; offset: number; email: string }>();

  /** `limit` / `token` / `next` paging as the spec describes for roles and users (next: null at the end). */
  const paged = <T>(ctx: RequestContext<P>, kind: string, all: T[]): Reply => {
    const limitText = ctx.query.get('limit');
    const limit = limitText === null ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return sumoError(400, 'api:invalid_parameter', 'limit must be between 1 and 1000.');
    let offset = 0;
    const token = ctx.query.get('token');
    if (token) {
      const t = pages.get(token);
      if (!t || t.kind !== kind || t.email !== ctx.principal.user.email) return sumoError(400, 'api:invalid_token', 'The continuation token is invalid or expired.');
      offset = t.offset;
    }
    let next: string | null = null;
    if (offset + limit < all.length) pages.set((next = hexId(16)), { kind, offset: offset + limit, email: ctx.principal.user.email });
    return { status: 200, json: { data: all.slice(offset, offset + limit), next } };
  };

  const sortBy = (ctx: RequestContext<P>, allowed: readonly string[]): string | Reply | undefined => {
    const s = ctx.query.get('sortBy');
    if (s === null) return undefined;
    // [unverified] other values refused
    return allowed.includes(s) ? s : sumoError(400, 'api:invalid_parameter', `sortBy must be one of: ${allowed.join(', ')}.`);
  };

  const roleJson = (r: SumoRole) => ({
    name: r.name,
    description: r.description,
    filterPredicate: r.filterPredicate,
    users: [...state.users.values()].filter((u) => u.roleIds.includes(r.id)).map((u) => u.id),
    capabilities: [...r.capabilities],
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    modifiedAt: r.modifiedAt,
    modifiedBy: r.modifiedBy,
    id: r.id,
    systemDefined: r.systemDefined,
  });
  const userJson = (u: SumoUser) => ({ firstName: u.firstName, lastName: u.lastName, email: u.email, roleIds: [...u.roleIds], createdAt: u.createdAt, createdBy: u.id, modifiedAt: u.createdAt, modifiedBy: u.id, id: u.id, isActive: true, isLocked: false, isMfaEnabled: false, lastLoginTimestamp: u.createdAt });

  /** `isAdminMode: true` acts as a Content Administrator (a role with manageContent) [unverified: 403 otherwise]. */
  const adminMode = (ctx: RequestContext<P>): boolean | Reply => {
    const h = ctx.headers['isadminmode'];
    if (String(h).toLowerCase() !== 'true') return false;
    if (!state.hasCapability(ctx.principal.user.email, 'manageContent')) return sumoError(403, 'forbidden', 'Admin Mode needs the Manage Content capability.');
    return true;
  };

  /** The content item in the path, as the caller may see it; 400 for a non-hex id, 404 when absent. */
  const item = (ctx: RequestContext<P>, admin: boolean): { id: string } | { reply: Reply } => {
    const id = ctx.params.id!;
    if (!HEX.test(id)) return { reply: sumoError(400, 'content:invalid_id', `Content id ${id} is not hexadecimal.`) };
    const found = state.contentItem(id);
    // Other users' Personal folders stay hidden unless shared with the caller, or in Admin Mode.
    const visible = found && (admin || state.visibleTo(ctx.principal.user.email, found.id));
    if (!found || !visible) return { reply: sumoError(404, 'content:not_found', `Content with id ${id} does not exist.`) };
    return { id: found.id };
  };

  const result = (id: string, explicitOnly: boolean) => ({ explicitPermissions: state.explicitPermissions(id), implicitPermissions: explicitOnly ? [] : state.implicitPermissions(id) });

  /** ContentPermissionUpdateRequest, checked member by member; every source must exist. */
  const updateRequest = (ctx: RequestContext<P>, contentId: string): { assignments: SumoAssignment[]; notify: boolean; message: string } | Reply => {
    const body = deps.jsonBody(ctx);
    if ('reply' in body) return body.reply;
    const { contentPermissionAssignments: list, notifyRecipients, notificationMessage } = body.value;
    // The spec requires all three members [unverified codes and messages].
    if (!Array.isArray(list)) return sumoError(400, 'api:invalid_field', 'contentPermissionAssignments must be an array.');
    if (typeof notifyRecipients !== 'boolean') return sumoError(400, 'api:invalid_field', 'notifyRecipients must be a boolean.');
    if (typeof notificationMessage !== 'string') return sumoError(400, 'api:invalid_field', 'notificationMessage must be a string.');
    const assignments: SumoAssignment[] = [];
    for (const [i, a] of list.entries()) {
      if (!isObject(a)) return sumoError(400, 'api:invalid_field', `contentPermissionAssignments[${i}] must be an object.`);
      if (!SUMO_PERMISSION_NAMES.includes(a.permissionName as SumoPermissionName)) return sumoError(400, 'api:invalid_field', `permissionName ${PERMISSION_MESSAGE}`);
      if (!SUMO_SOURCE_TYPES.includes(a.sourceType as SumoSourceType)) return sumoError(400, 'api:invalid_field', `sourceType ${SOURCE_MESSAGE}`);
      if (typeof a.sourceId !== 'string' || !a.sourceId) return sumoError(400, 'api:invalid_field', 'sourceId is required.');
      if (typeof a.contentId !== 'string' || !a.contentId) return sumoError(400, 'api:invalid_field', 'contentId is required.');
      // [unverified] an assignment naming another item than the path is refused
      if (a.contentId.toUpperCase() !== contentId) return sumoError(400, 'content:invalid_content_id', `contentId ${a.contentId} does not match the content item ${contentId}.`);
      const sourceType = a.sourceType as SumoSourceType;
      const sourceId = a.sourceId.toUpperCase();
      const known = sourceType === 'org' ? sourceId === state.orgId.toUpperCase() : sourceType === 'role' ? state.roles.has(sourceId) : state.userById(sourceId) !== undefined;
      // [unverified] 400 rather than 404 for a source that does not exist
      if (!known) return sumoError(400, 'content:invalid_source', `No ${sourceType} with id ${a.sourceId} exists.`);
      assignments.push({ permissionName: a.permissionName as SumoPermissionName, sourceType, sourceId });
    }
    return { assignments, notify: notifyRecipients, message: notificationMessage };
  };

  /** Sharing a level (or taking it back) needs its Grant form, held through any source [unverified for removal]. */
  const mayGrant = (ctx: RequestContext<P>, contentId: string, assignments: readonly SumoAssignment[]): Reply | undefined => {
    const held = permissionsOf(state, contentId, ctx.principal.user.id);
    const missing = [...new Set(assignments.map((a) => GRANT_NEEDED[a.permissionName]))].filter((g) => !held.has(g));
    return missing.length ? sumoError(403, 'forbidden', `You need the ${missing.join(', ')} permission on content ${contentId} to change these permissions.`) : undefined;
  };

  const change = (verb: 'add' | 'remove') => (ctx: RequestContext<P>): Reply => {
    const admin = adminMode(ctx);
    if (typeof admin !== 'boolean') return admin;
    const found = item(ctx, admin);
    if ('reply' in found) return found.reply;
    const req = updateRequest(ctx, found.id);
    if (!('assignments' in req)) return req;
    if (!admin) {
      const denied = mayGrant(ctx, found.id, req.assignments);
      if (denied) return denied;
    }
    if (verb === 'add') {
      state.grant(found.id, req.assignments);
      if (req.notify && req.assignments.length) state.notifications.push({ contentId: found.id, by: ctx.principal.user.email, assignments: req.assignments, message: req.message });
    } else state.revoke(found.id, req.assignments);
    return { status: 200, json: result(found.id, false) };
  };

  return [
    {
      method: 'GET',
      path: '/api/v1/roles',
      handle(ctx) {
        const sort = sortBy(ctx, ['name']);
        if (typeof sort === 'object') return sort;
        const name = ctx.query.get('name');
        // `name` filters on the exact name [inferred: the terraform data source takes the first hit].
        let roles = [...state.roles.values()].filter((r) => name === null || r.name === name);
        if (sort) roles = roles.sort((a, b) => a.name.localeCompare(b.name));
        return paged(ctx, 'roles', roles.map(roleJson));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/roles/:id',
      handle(ctx) {
        const r = state.roles.get(ctx.params.id!.toUpperCase());
        return r ? { status: 200, json: roleJson(r) } : sumoError(404, 'role:not_found', `Role with id ${ctx.params.id} does not exist.`);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/users',
      handle(ctx) {
        const sort = sortBy(ctx, ['firstName', 'lastName', 'email']);
        if (typeof sort === 'object') return sort;
        const email = ctx.query.get('email');
        let users = [...state.users.values()].filter((u) => email === null || u.email.toLowerCase() === email.toLowerCase());
        if (sort) users = users.sort((a, b) => String(a[sort as keyof SumoUser]).localeCompare(String(b[sort as keyof SumoUser])));
        return paged(ctx, 'users', users.map(userJson));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/users/:id',
      handle(ctx) {
        const u = state.userById(ctx.params.id!);
        return u ? { status: 200, json: userJson(u) } : sumoError(404, 'user:not_found', `User with id ${ctx.params.id} does not exist.`);
      },
    },
    {
      method: 'GET',
      path: '/api/v2/content/:id/permissions',
      handle(ctx) {
        const admin = adminMode(ctx);
        if (typeof admin !== 'boolean') return admin;
        const explicitOnly = ctx.query.get('explicitOnly') ?? 'false';
        if (explicitOnly !== 'true' && explicitOnly !== 'false') return sumoError(400, 'api:invalid_parameter', 'explicitOnly must be true or false.');
        const found = item(ctx, admin);
        if ('reply' in found) return found.reply;
        // With explicitOnly=true the implicit list comes back empty [unverified: or absent].
        return { status: 200, json: result(found.id, explicitOnly === 'true') };
      },
    },
    { method: 'PUT', path: '/api/v2/content/:id/permissions/add', write: true, handle: change('add') },
    { method: 'PUT', path: '/api/v2/content/:id/permissions/remove', write: true, handle: change('remove') },
    {
      method: 'GET',
      path: '/api/v2/content/:id/path',
      handle(ctx) {
        const admin = adminMode(ctx);
        if (typeof admin !== 'boolean') return admin;
        const found = item(ctx, admin);
        if ('reply' in found) return found.reply;
        return { status: 200, json: { path: state.pathOf(found.id) ?? '' } };
      },
    },
  ];
}
