// Publishing to Sumo Logic (Dashboard API v2). Ids are assigned by the server, so polydash finds
// its dashboards again by the ownership marker in their description, inside the configured
// folder, with no state file. Requests stay within Sumo's limits: 4 per second, 10 at once.

import { contentHash, parseJsonStrings } from '../../publish/canonical.js';
import { createWithoutDuplicates } from '../../publish/create.js';
import { type SumoEnvironment, sumoEndpoint } from '../../publish/config.js';
import { authHeaders } from '../../publish/credentials.js';
import { productClient } from '../../publish/client.js';
import { type HttpClient, type HttpResponse, json, PublishError } from '../../publish/http.js';
import { findMarker, markerLine, withoutMarkerLine } from '../../publish/marker.js';
import type { LocalDashboard, Marker, ProductPublisher, RemoteDashboard } from '../../publish/types.js';
import type { TargetPublishing } from '../target.js';
import { SumoAccess } from './access.js';

const PRODUCT = 'sumologic';

/** Fields the server adds to what it stores; they are not part of the content. */
const SERVER_FIELDS = ['id', 'contentId', 'folderId', 'scheduleId', 'createdAt', 'createdBy', 'modifiedAt', 'modifiedBy', 'isPublic', 'highlightViolations'];

interface SumoDashboard {
  id: string;
  title: string;
  description?: string;
  folderId?: string;
  panels?: Record<string, unknown>[];
  layout?: { layoutType: string; layoutStructures: { key: string; structure: string }[] };
  variables?: Record<string, unknown>[];
  [k: string]: unknown;
}

/** The content of a dashboard request or of a stored dashboard, comparable and marker-free. */
export function sumoCanonical(doc: Record<string, unknown>): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (SERVER_FIELDS.includes(k) || v === null) continue;
    // defaults the server fills in for what polydash leaves out
    if ((k === 'domain' && v === '') || ((k === 'hierarchies' || k === 'coloringRules') && Array.isArray(v) && v.length === 0)) continue;
    if (k === 'topologyLabelMap' && Object.keys((v as { data?: object }).data ?? {}).length === 0) continue;
    out[k] = v;
  }
  out.description = withoutMarkerLine(String(out.description ?? ''));
  out.panels = ((doc.panels as Record<string, unknown>[] | undefined) ?? []).map((p) => {
    const { id: _id, ...rest } = p;
    return Object.fromEntries(Object.entries(parseJsonStrings(rest, ['visualSettings'])).filter(([, v]) => v !== null));
  });
  const layout = doc.layout as SumoDashboard['layout'] | undefined;
  if (layout) out.layout = { ...layout, layoutStructures: layout.layoutStructures.map((s) => parseJsonStrings(s, ['structure'])) };
  out.variables = ((doc.variables as Record<string, unknown>[] | undefined) ?? []).map(({ id: _id, ...rest }) => rest);
  return out;
}

function errorText(res: HttpResponse): string {
  try {
    const body = JSON.parse(res.text) as { errors?: { code?: string; message?: string }[] };
    if (body.errors?.length) return body.errors.map((e) => `${e.code ?? ''} ${e.message ?? ''}`.trim()).join('; ');
  } catch {
    // not JSON
  }
  return res.text.slice(0, 300);
}

class SumoPublisher implements ProductPublisher {
  readonly product = PRODUCT;
  private folderId: string | undefined;
  /** The user polydash publishes as: the owner of the Personal folder. */
  private self: string | undefined;
  private listing: Promise<SumoDashboard[]> | undefined;
  /** Dashboards this run created, by uid: their ids come from the answers. */
  private readonly created = new Map<string, SumoDashboard>();
  /** Per-dashboard permissions, when the environment maps groups to roles. */
  readonly access: SumoAccess | undefined;

  constructor(
    private readonly env: SumoEnvironment,
    private readonly http: HttpClient,
  ) {
    this.access = env.groups
      ? new SumoAccess({
          http,
          check: (res, what, ok) => this.check(res, what, ok),
          groups: env.groups,
          allowWider: env.allowWiderAccess ?? false,
          folderId: () => this.folderId,
          contentId: async (local, remote) => {
            const known = (remote?.raw as SumoDashboard | undefined) ?? this.created.get(local.uid);
            return known?.contentId ? String(known.contentId) : undefined;
          },
          self: () => this.self,
          creator: (local, remote) => {
            const known = (remote?.raw as SumoDashboard | undefined) ?? this.created.get(local.uid);
            return known?.createdBy ? String(known.createdBy) : undefined;
          },
        })
      : undefined;
  }

  stats() {
    return this.http.stats();
  }

  private check(res: HttpResponse, what: string, ok: number[] = [200]): HttpResponse {
    if (ok.includes(res.status)) return res;
    if (res.status === 301 || res.status === 302 || res.status === 307 || res.status === 308) {
      const to = String(res.headers.location ?? 'another deployment');
      throw new PublishError(PRODUCT, `${what}: this account belongs to another Sumo Logic deployment (the API redirects to ${to}); set region or endpoint in polydash.config.ts accordingly`, res.status);
    }
    if (res.status === 401) throw new PublishError(PRODUCT, `${what}: HTTP 401, the access id/key were not accepted`, 401);
    if (res.status === 403) throw new PublishError(PRODUCT, `${what}: HTTP 403, the access key lacks the capability (${errorText(res)})`, 403);
    throw new PublishError(PRODUCT, `${what}: HTTP ${res.status}: ${errorText(res)}`, res.status);
  }

  canonical(local: LocalDashboard) {
    const canonical = sumoCanonical(JSON.parse(local.artifacts[0]!.content) as Record<string, unknown>);
    return { canonical, hash: contentHash(canonical) };
  }

  async prepare({ dryRun }: { dryRun: boolean }): Promise<void> {
    const personal = json<{ id: string; createdBy?: string }>(PRODUCT, this.check(await this.http.send({ method: 'GET', path: '/v2/content/folders/personal', idempotent: true }), 'reading the Personal folder'), 'Personal folder');
    this.self = personal.createdBy;
    let parent = personal.id;
    for (const name of (this.env.folder ?? '').split('/').filter(Boolean)) {
      const folder = json<{ children?: { id: string; name: string; itemType: string }[] }>(
        PRODUCT,
        this.check(await this.http.send({ method: 'GET', path: `/v2/content/folders/${parent}`, idempotent: true }), `reading folder ${parent}`),
        'folder',
      );
      const child = folder.children?.find((c) => c.itemType === 'Folder' && c.name === name);
      if (child) parent = child.id;
      else if (dryRun) {
        this.folderId = undefined; // nothing can be in a folder that does not exist yet
        return;
      } else {
        const created = this.check(
          await this.http.send({ method: 'POST', path: '/v2/content/folders', body: JSON.stringify({ name, parentId: parent, description: 'Dashboards published by polydash' }), idempotent: false }),
          `creating folder ${name}`,
        );
        parent = json<{ id: string }>(PRODUCT, created, 'created folder').id;
      }
    }
    this.folderId = parent;
  }

  /** Every dashboard in the folder, one read per page of 100. */
  private all(): Promise<SumoDashboard[]> {
    this.listing ??= (async () => {
      if (this.folderId === undefined) return [];
      const out: SumoDashboard[] = [];
      let token: string | undefined;
      do {
        const res = this.check(
          await this.http.send({ method: 'GET', path: '/v2/dashboards', query: { limit: 100, mode: 'allViewableByUser', token }, idempotent: true }),
          'listing dashboards',
        );
        const page = json<{ dashboards: SumoDashboard[]; next?: string | null }>(PRODUCT, res, 'dashboard list');
        out.push(...page.dashboards.filter((d) => d.folderId === this.folderId));
        token = page.next ?? undefined;
      } while (token);
      return out;
    })();
    return this.listing;
  }

  private remote(d: SumoDashboard): RemoteDashboard & { uid?: string } {
    const canonical = sumoCanonical(d);
    const marker = findMarker(d.description);
    return { remoteId: d.id, title: d.title, ...(marker ? { marker, uid: marker.uid } : {}), liveHash: contentHash(canonical), canonical, raw: d };
  }

  /** Owned dashboards by uid; the oldest copy of a uid is the one polydash keeps. */
  private async owned(): Promise<{ primary: Map<string, RemoteDashboard>; extra: (RemoteDashboard & { uid: string })[] }> {
    const primary = new Map<string, RemoteDashboard>();
    const extra: (RemoteDashboard & { uid: string })[] = [];
    const sorted = [...(await this.all())].sort((a, b) => String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? '')) || a.id.localeCompare(b.id));
    for (const d of sorted) {
      const r = this.remote(d);
      if (!r.uid) continue;
      if (primary.has(r.uid)) extra.push(r as RemoteDashboard & { uid: string });
      else primary.set(r.uid, r);
    }
    return { primary, extra };
  }

  async list(): Promise<ReadonlyMap<string, RemoteDashboard>> {
    return (await this.owned()).primary;
  }

  async orphans(locals: readonly LocalDashboard[]) {
    const localUids = locals.map((l) => l.uid);
    const { primary, extra } = await this.owned();
    return [...[...primary.entries()].filter(([uid]) => !localUids.includes(uid)).map(([uid, r]) => ({ ...r, uid })), ...extra];
  }

  private body(local: LocalDashboard, marker: Marker): string {
    const doc = JSON.parse(local.artifacts[0]!.content) as Record<string, unknown>;
    const description = [String(doc.description ?? ''), markerLine(marker)].filter(Boolean).join('\n\n');
    return JSON.stringify({ ...doc, description, ...(this.folderId ? { folderId: this.folderId } : {}) });
  }

  async put(local: LocalDashboard, marker: Marker, prior: RemoteDashboard | undefined): Promise<void> {
    const body = this.body(local, marker);
    if (prior) {
      this.check(await this.http.send({ method: 'PUT', path: `/v2/dashboards/${prior.remoteId}`, body, idempotent: true }), `updating ${local.uid}`);
      return;
    }
    await createWithoutDuplicates(
      async () => {
        const res = this.check(await this.http.send({ method: 'POST', path: '/v2/dashboards', body, idempotent: false }), `creating ${local.uid}`);
        this.created.set(local.uid, json<SumoDashboard>(PRODUCT, res, 'created dashboard'));
      },
      async () => {
        this.listing = undefined;
        const landed = (await this.owned()).primary.get(local.uid);
        if (landed?.marker?.hash !== marker.hash) return false;
        this.created.set(local.uid, landed.raw as SumoDashboard);
        return true;
      },
    );
  }

  async remove(remote: RemoteDashboard): Promise<void> {
    this.check(await this.http.send({ method: 'DELETE', path: `/v2/dashboards/${remote.remoteId}`, idempotent: true }), `deleting ${remote.remoteId}`, [200, 204, 404]);
  }
}

export const sumologicPublishing: TargetPublishing = {
  renderOptions: () => ({}),
  publisher(env) {
    const e = (env ?? {}) as SumoEnvironment;
    // Sumo Logic's documented limits: 4 requests per second, 10 at once.
    const http = productClient(PRODUCT, e, sumoEndpoint(e), { ...authHeaders(PRODUCT, e.credentials), 'content-type': 'application/json', accept: 'application/json' }, { concurrency: 10, perSecond: 4 });
    return new SumoPublisher(e, http);
  },
};
