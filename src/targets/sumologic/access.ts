// Sumo Logic dashboard permissions: content permissions on the dashboard's content item
// (`/v2/content/{contentId}/permissions`, with `/add` and `/remove`). Principals are role names;
// `org` (the whole organisation) is always managed, so a restricted dashboard cannot stay shared
// with everyone. Permissions inherited from the folder are implicit and cannot be removed here.

import { type Grant, type InheritedGrant, type Level, type LiveAccess, managedPrincipals } from '../../publish/access.js';
import { type HttpClient, type HttpResponse, json, PublishError } from '../../publish/http.js';
import type { AccessControl, LocalDashboard, RemoteDashboard } from '../../publish/types.js';

const PRODUCT = 'sumologic';
export const ORGANISATION = 'org';

interface Assignment {
  readonly permissionName: string;
  readonly sourceType: 'user' | 'role' | 'org';
  readonly sourceId: string;
  readonly contentId: string;
}

/** Each permission name and the level it amounts to (the Grant* forms also let one share it). */
const LEVEL: Record<string, Level> = { View: 'view', GrantView: 'view', Edit: 'edit', GrantEdit: 'edit', Manage: 'edit', GrantManage: 'edit' };
/** What a level takes: Sumo Logic wants the lower permissions alongside a higher one. */
const NAMES: Record<Level, readonly string[]> = { view: ['View'], edit: ['View', 'Edit'] };

export interface SumoAccessDeps {
  readonly http: HttpClient;
  readonly check: (res: HttpResponse, what: string, ok?: number[]) => HttpResponse;
  readonly groups: Readonly<Record<string, string>>;
  readonly allowWider: boolean;
  /** The folder polydash publishes to (undefined while it does not exist). */
  readonly folderId: () => string | undefined;
  /** The content id of a dashboard, once it exists. */
  readonly contentId: (local: LocalDashboard, remote: RemoteDashboard | undefined) => Promise<string | undefined>;
  /** The id of the user who created it: the creator's permissions are ownership, never touched. */
  readonly creator: (local: LocalDashboard, remote: RemoteDashboard | undefined) => string | undefined;
  /** The id of the user polydash publishes as (the owner of its Personal folder): likewise ownership. */
  readonly self: () => string | undefined;
}

export class SumoAccess implements AccessControl {
  readonly managed: ReadonlySet<string>;
  readonly allowWider: boolean;
  private roles: Promise<{ byName: Map<string, string>; byId: Map<string, string> }> | undefined;

  constructor(private readonly deps: SumoAccessDeps) {
    this.managed = managedPrincipals(deps, ORGANISATION);
    this.allowWider = deps.allowWider;
  }

  /** Every role of the organisation, both ways; the mapped ones must exist. */
  private allRoles(): Promise<{ byName: Map<string, string>; byId: Map<string, string> }> {
    this.roles ??= (async () => {
      const byName = new Map<string, string>();
      const byId = new Map<string, string>();
      let token: string | undefined;
      do {
        const res = this.deps.check(await this.deps.http.send({ method: 'GET', path: '/v1/roles', query: { limit: 1000, token }, idempotent: true }), 'listing roles');
        const page = json<{ data: { id: string; name: string }[]; next?: string | null }>(PRODUCT, res, 'role list');
        for (const r of page.data) {
          byName.set(r.name, r.id);
          byId.set(r.id, r.name);
        }
        token = page.next ?? undefined;
      } while (token);
      const missing = [...new Set(Object.values(this.deps.groups))].filter((name) => !byName.has(name));
      if (missing.length) throw new PublishError(PRODUCT, `the environment maps groups to Sumo Logic roles that do not exist: ${missing.join(', ')}`);
      return { byName, byId };
    })();
    return this.roles;
  }

  private principal(a: Assignment, byId: Map<string, string>): string {
    if (a.sourceType === 'org') return ORGANISATION;
    if (a.sourceType === 'role') return byId.get(a.sourceId) ?? `role#${a.sourceId}`;
    return `user#${a.sourceId}`;
  }

  private async permissions(contentId: string): Promise<{ explicitPermissions: Assignment[]; implicitPermissions?: Assignment[] }> {
    const res = await this.deps.http.send({ method: 'GET', path: `/v2/content/${encodeURIComponent(contentId)}/permissions`, query: { explicitOnly: 'false' }, idempotent: true });
    return json(PRODUCT, this.deps.check(res, `reading the permissions of ${contentId}`), 'content permissions');
  }

  private grants(assignments: readonly Assignment[], byId: Map<string, string>): Map<string, Level> {
    const out = new Map<string, Level>();
    for (const a of assignments) {
      const p = this.principal(a, byId);
      const level = LEVEL[a.permissionName];
      const prior = out.get(p);
      if (level && (!prior || (prior === 'view' && level === 'edit'))) out.set(p, level);
    }
    return out;
  }

  async read(local: LocalDashboard, remote: RemoteDashboard | undefined): Promise<LiveAccess> {
    const { byId } = await this.allRoles();
    const contentId = await this.deps.contentId(local, remote);
    if (contentId) {
      const p = await this.permissions(contentId);
      const own = [...this.grants(this.withoutCreator(p.explicitPermissions, local, remote), byId)].map(([principal, level]): Grant => ({ principal, level }));
      const inherited = [...this.grants(this.withoutCreator(p.implicitPermissions ?? [], local, remote), byId)].map(([principal, level]): InheritedGrant => ({ principal, level, from: 'its folder' }));
      return { own, inherited };
    }
    // Not created yet: it will have what its folder passes down.
    const folder = this.deps.folderId();
    if (!folder) return { own: [], inherited: [] };
    const p = await this.permissions(folder);
    const all = this.grants(this.withoutCreator([...p.explicitPermissions, ...(p.implicitPermissions ?? [])], local, remote), byId);
    return { own: [], inherited: [...all].map(([principal, level]) => ({ principal, level, from: 'its folder' })) };
  }

  async write(local: LocalDashboard, remote: RemoteDashboard | undefined, own: readonly Grant[]): Promise<void> {
    const { byName, byId } = await this.allRoles();
    const contentId = await this.deps.contentId(local, remote);
    if (!contentId) throw new PublishError(PRODUCT, `setting the permissions of ${local.uid}: the dashboard has no content id`);
    const live = this.withoutCreator((await this.permissions(contentId)).explicitPermissions, local, remote);
    const have = this.grants(live, byId);
    const want = new Map(own.map((g) => [g.principal, g.level]));
    const remove: Assignment[] = [];
    const add: Assignment[] = [];
    // Only principals whose level changes are touched: grants kept as they are stay exactly so.
    for (const principal of new Set([...have.keys(), ...want.keys()])) {
      const before = have.get(principal);
      const after = want.get(principal);
      if (before === after) continue;
      const names = after ? NAMES[after] : [];
      remove.push(...live.filter((a) => this.principal(a, byId) === principal && !names.includes(a.permissionName)));
      const source = this.source(principal, byName);
      for (const name of names) {
        if (!live.some((a) => this.principal(a, byId) === principal && a.permissionName === name)) add.push({ permissionName: name, ...source, contentId });
      }
    }
    const send = async (verb: 'add' | 'remove', assignments: Assignment[]): Promise<void> => {
      if (!assignments.length) return;
      const body = JSON.stringify({ contentPermissionAssignments: assignments, notifyRecipients: false, notificationMessage: '' });
      this.deps.check(await this.deps.http.send({ method: 'PUT', path: `/v2/content/${encodeURIComponent(contentId)}/permissions/${verb}`, body, idempotent: true }), `${verb === 'add' ? 'granting' : 'revoking'} permissions on ${local.uid}`);
    };
    await send('remove', remove);
    await send('add', add);
  }

  /** Without what the dashboard's creator and polydash's own user hold: that is ownership, not access. */
  private withoutCreator(assignments: readonly Assignment[], local: LocalDashboard, remote: RemoteDashboard | undefined): Assignment[] {
    const owners = new Set([this.deps.creator(local, remote), this.deps.self()].filter((x): x is string => x !== undefined));
    return assignments.filter((a) => !(a.sourceType === 'user' && owners.has(a.sourceId)));
  }

  private source(principal: string, byName: Map<string, string>): { sourceType: Assignment['sourceType']; sourceId: string } {
    // Grants to the organisation are only ever removed (with the live assignment itself).
    if (principal === ORGANISATION) throw new PublishError(PRODUCT, 'polydash shares Sumo Logic dashboards with roles, not with the whole organisation: map the group to a role');
    const role = byName.get(principal);
    if (role) return { sourceType: 'role', sourceId: role };
    const m = /^(role|user)#(.+)$/.exec(principal);
    if (m) return { sourceType: m[1] as 'role' | 'user', sourceId: m[2]! };
    throw new PublishError(PRODUCT, `no Sumo Logic role is named ${principal}`);
  }
}
