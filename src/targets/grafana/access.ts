// Grafana dashboard permissions (legacy HTTP API): `GET/POST /api/dashboards/uid/<uid>/permissions`,
// where a POST replaces the dashboard's own items. Principals are `team:<name>`, `role:Viewer`,
// `role:Editor` and `user:<login>`. What the folder grants reaches every dashboard in it and
// cannot be taken away on the dashboard (Grafana 9+ does not list it there: it is read from the
// folder). The Admin permission Grafana gives a dashboard's creator is ownership, not access:
// it is neither reported nor touched.

import { type Grant, type InheritedGrant, type Level, type LiveAccess, managedPrincipals } from '../../publish/access.js';
import { type HttpClient, type HttpResponse, json, PublishError } from '../../publish/http.js';
import type { AccessControl, LocalDashboard, RemoteDashboard } from '../../publish/types.js';

const PRODUCT = 'grafana';

/** A permission item as Grafana lists it. */
interface Item {
  readonly teamId?: number;
  readonly team?: string;
  readonly userId?: number;
  readonly userLogin?: string;
  readonly role?: string;
  readonly permission: number;
  readonly inherited?: boolean;
}

/** The item Grafana accepts in a POST: exactly one of role, teamId, userId. */
type Posted = { permission: number } & ({ role: string } | { teamId: number } | { userId: number });

const LEVEL: Record<number, Level> = { 1: 'view', 2: 'edit', 4: 'edit' };
const PERMISSION: Record<Level, number> = { view: 1, edit: 2 };

export function principalOf(item: Item): string | undefined {
  if (item.teamId) return `team:${item.team ?? item.teamId}`;
  if (item.userId) return `user:${item.userLogin ?? item.userId}`;
  if (item.role) return `role:${item.role}`;
  return undefined;
}

export interface GrafanaAccessDeps {
  readonly http: HttpClient;
  readonly check: (res: HttpResponse, what: string, ok?: number[]) => HttpResponse;
  readonly groups: Readonly<Record<string, string>>;
  readonly allowWider: boolean;
  readonly folderUid?: string;
}

export class GrafanaAccess implements AccessControl {
  readonly managed: ReadonlySet<string>;
  readonly allowWider: boolean;
  private teams: Promise<Map<string, number>> | undefined;

  constructor(private readonly deps: GrafanaAccessDeps) {
    this.managed = managedPrincipals(deps);
    this.allowWider = deps.allowWider;
    // Every Viewer sees the General folder's dashboards, and nothing on a dashboard narrows its folder.
    if (!deps.folderUid) throw new PublishError(PRODUCT, 'access control needs a folderUid: a dashboard in the General folder is open to every Viewer');
    const malformed = [...this.managed].filter((p) => !/^(team:.+|user:.+|role:(Viewer|Editor))$/.test(p));
    if (malformed.length) throw new PublishError(PRODUCT, `groups must map to team:<name>, user:<login>, role:Viewer or role:Editor; not ${malformed.join(', ')}`);
  }

  /** The ids of the mapped teams (one listing of the organisation's teams); every one must exist. */
  private teamIds(): Promise<Map<string, number>> {
    this.teams ??= (async () => {
      const ids = new Map<string, number>();
      for (let page = 1; ; page++) {
        const res = await this.deps.http.send({ method: 'GET', path: '/api/teams/search', query: { perpage: 1000, page }, idempotent: true });
        const body = json<{ teams: { id: number; name: string }[]; totalCount?: number }>(PRODUCT, this.deps.check(res, 'listing teams'), 'team search');
        for (const t of body.teams) ids.set(t.name, t.id);
        if (body.teams.length < 1000 || page * 1000 >= (body.totalCount ?? 0)) break;
      }
      const names = [...this.managed].filter((p) => p.startsWith('team:')).map((p) => p.slice('team:'.length));
      const missing = names.filter((n) => !ids.has(n));
      if (missing.length) throw new PublishError(PRODUCT, `the environment maps groups to Grafana teams that do not exist: ${missing.join(', ')}`);
      return ids;
    })();
    return this.teams;
  }

  private async list(path: string, what: string): Promise<Item[]> {
    return json<Item[]>(PRODUCT, this.deps.check(await this.deps.http.send({ method: 'GET', path, idempotent: true }), what), 'permissions');
  }

  private async folderItems(uid: string): Promise<Item[]> {
    const res = await this.deps.http.send({ method: 'GET', path: `/api/folders/${encodeURIComponent(uid)}/permissions`, idempotent: true });
    if (res.status === 404) return [];
    return json<Item[]>(PRODUCT, this.deps.check(res, `reading the permissions of folder ${uid}`), 'permissions');
  }

  private static grants(items: readonly Item[]): Map<string, Level> {
    const out = new Map<string, Level>();
    for (const item of items) {
      const p = principalOf(item);
      const level = LEVEL[item.permission];
      if (!p || !level) continue;
      const prior = out.get(p);
      if (!prior || (prior === 'view' && level === 'edit')) out.set(p, level);
    }
    return out;
  }

  private folderGrants: Promise<InheritedGrant[]> | undefined;

  /** What the folder passes down to every dashboard in it (none when polydash will create it). */
  private inherited(): Promise<InheritedGrant[]> {
    this.folderGrants ??= (async () => {
      const uid = this.deps.folderUid!;
      return [...GrafanaAccess.grants(await this.folderItems(uid))].map(([principal, level]) => ({ principal, level, from: `folder ${uid}` }));
    })();
    return this.folderGrants;
  }

  /** The dashboard's own items, and the principal that created it. */
  private async current(uid: string, remote: RemoteDashboard | undefined): Promise<{ items: Item[]; creator?: string }> {
    const items = await this.list(`/api/dashboards/uid/${encodeURIComponent(uid)}/permissions`, `reading the permissions of ${uid}`);
    let createdBy = (remote?.raw as { meta?: { createdBy?: string } } | undefined)?.meta?.createdBy;
    if (createdBy === undefined) {
      const res = await this.deps.http.send({ method: 'GET', path: `/api/dashboards/uid/${encodeURIComponent(uid)}`, idempotent: true });
      createdBy = json<{ meta?: { createdBy?: string } }>(PRODUCT, this.deps.check(res, `reading ${uid}`), 'dashboard').meta?.createdBy;
    }
    return { items, ...(createdBy ? { creator: `user:${createdBy}` } : {}) };
  }

  async read(_local: LocalDashboard, remote: RemoteDashboard | undefined): Promise<LiveAccess> {
    await this.teamIds();
    const inherited = await this.inherited();
    if (!remote) return { own: [], inherited };
    const { items, creator } = await this.current(remote.remoteId, remote);
    const own = items.filter((i) => !i.inherited && principalOf(i) !== creator);
    // Grafana 8 also lists what the folder gives, marked inherited.
    const listed = [...GrafanaAccess.grants(items.filter((i) => i.inherited))].map(([principal, level]) => ({ principal, level, from: `folder ${this.deps.folderUid}` }));
    return { own: [...GrafanaAccess.grants(own)].map(([principal, level]): Grant => ({ principal, level })), inherited: [...inherited, ...listed] };
  }

  async write(local: LocalDashboard, remote: RemoteDashboard | undefined, own: readonly Grant[]): Promise<void> {
    const teams = await this.teamIds();
    // Read again right before replacing: a grant kept goes back exactly as it is now, and the
    // creator's Admin stays.
    const { items: now, creator } = await this.current(local.uid, remote);
    const mine = now.filter((i) => !i.inherited);
    const byPrincipal = new Map(mine.flatMap((i) => (principalOf(i) ? [[principalOf(i)!, i] as const] : [])));
    const items = [
      ...mine.filter((i) => creator !== undefined && principalOf(i) === creator).map(posted),
      ...own.map((g): Posted => {
        const prior = byPrincipal.get(g.principal);
        if (prior && LEVEL[prior.permission] === g.level) return posted(prior);
        const permission = PERMISSION[g.level];
        if (g.principal.startsWith('role:')) return { role: g.principal.slice('role:'.length), permission };
        if (g.principal.startsWith('team:')) {
          const id = teams.get(g.principal.slice('team:'.length)) ?? prior?.teamId;
          if (id) return { teamId: id, permission };
        }
        if (prior?.userId) return { userId: prior.userId, permission };
        throw new PublishError(PRODUCT, `setting the permissions of ${local.uid}: polydash cannot name ${g.principal} to Grafana`);
      }),
    ];
    const res = await this.deps.http.send({ method: 'POST', path: `/api/dashboards/uid/${encodeURIComponent(local.uid)}/permissions`, body: JSON.stringify({ items }), idempotent: true });
    this.deps.check(res, `setting the permissions of ${local.uid}`);
  }
}

function posted(item: Item): Posted {
  if (item.teamId) return { teamId: item.teamId, permission: item.permission };
  if (item.userId) return { userId: item.userId, permission: item.permission };
  return { role: item.role!, permission: item.permission };
}
