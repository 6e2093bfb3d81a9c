// Publishing to Grafana (legacy HTTP API, /api/dashboards/db). The dashboard uid is the
// identity; the ownership marker is two tags (`polydash` and `polydash:<hash>`), which a save
// in Grafana's UI keeps. Updates carry the version polydash read, so a save made in the UI
// after the plan is caught by Grafana itself (412 version-mismatch) instead of overwritten.

import { contentHash } from '../../publish/canonical.js';
import type { GrafanaEnvironment } from '../../publish/config.js';
import { authHeaders } from '../../publish/credentials.js';
import { productClient } from '../../publish/client.js';
import { type HttpClient, type HttpResponse, json, PublishError } from '../../publish/http.js';
import { formatHashes, parseHashes } from '../../publish/marker.js';
import type { LocalDashboard, Marker, ProductPublisher, RemoteDashboard } from '../../publish/types.js';
import type { TargetPublishing } from '../target.js';
import { GrafanaAccess } from './access.js';
import { DATASOURCE_KINDS, datasourceVariableName } from './datasources.js';

const PRODUCT = 'grafana';
const OWNER_TAG = 'polydash';
/** `polydash:<hash>[+<access hash>]` (marker.ts). */
const HASH_TAG = /^polydash:([0-9a-f]{16}(?:\+[0-9a-f]{8})?)$/;

type Model = Record<string, unknown> & { uid: string; title: string; tags?: string[]; templating?: { list?: Record<string, unknown>[] } };

/** The model without what the server or the marker add: comparable with what polydash builds. */
export function grafanaCanonical(model: Model): unknown {
  const { id: _id, version: _version, ...rest } = model;
  return { ...rest, tags: (model.tags ?? []).filter((t) => t !== OWNER_TAG && !HASH_TAG.test(t)) };
}

function errorText(res: HttpResponse): string {
  try {
    const body = JSON.parse(res.text) as { message?: string; status?: string };
    return [body.status, body.message].filter(Boolean).join(': ') || res.text.slice(0, 300);
  } catch {
    return res.text.slice(0, 300);
  }
}

class GrafanaPublisher implements ProductPublisher {
  readonly product = PRODUCT;
  /** Per-dashboard permissions, when the environment maps groups to teams, roles or users. */
  readonly access: GrafanaAccess | undefined;

  constructor(
    private readonly env: GrafanaEnvironment,
    private readonly http: HttpClient,
  ) {
    this.access = env.groups
      ? new GrafanaAccess({ http, check: (res, what, ok) => this.check(res, what, ok), groups: env.groups, allowWider: env.allowWiderAccess ?? false, ...(env.folderUid ? { folderUid: env.folderUid } : {}) })
      : undefined;
  }

  stats() {
    return this.http.stats();
  }

  private check(res: HttpResponse, what: string, ok: number[] = [200]): HttpResponse {
    if (ok.includes(res.status)) return res;
    if (res.status === 401) throw new PublishError(PRODUCT, `${what}: HTTP 401, the token was not accepted`, 401);
    if (res.status === 403) throw new PublishError(PRODUCT, `${what}: HTTP 403, the token's service account may not do this (${errorText(res)})`, 403);
    throw new PublishError(PRODUCT, `${what}: HTTP ${res.status}: ${errorText(res)}`, res.status);
  }

  /** The built model with this environment's datasource uids selected. */
  private prepared(local: LocalDashboard): Model {
    const model = JSON.parse(local.artifacts[0]!.content) as Model;
    const uids = this.env.datasources ?? {};
    const list = (model.templating?.list ?? []).map((v) => {
      const kind = DATASOURCE_KINDS.find((k) => v.name === datasourceVariableName(k));
      const uid = kind ? uids[kind] : undefined;
      return uid ? { ...v, current: { selected: true, text: uid, value: uid } } : v;
    });
    return { ...model, ...(model.templating ? { templating: { ...model.templating, list } } : {}) };
  }

  canonical(local: LocalDashboard) {
    const canonical = grafanaCanonical(this.prepared(local));
    return { canonical, hash: contentHash(canonical) };
  }

  async prepare({ dryRun }: { dryRun: boolean }): Promise<void> {
    const uid = this.env.folderUid;
    if (!uid) return;
    const res = await this.http.send({ method: 'GET', path: `/api/folders/${encodeURIComponent(uid)}`, idempotent: true });
    if (res.status === 200) return;
    this.check(res, `reading folder ${uid}`, [404]);
    if (dryRun) return;
    const created = await this.http.send({ method: 'POST', path: '/api/folders', body: JSON.stringify({ uid, title: this.env.folderTitle ?? uid }), idempotent: true });
    this.check(created, `creating folder ${uid}`, [200, 409]); // 409: it exists (created meanwhile)
    // A new folder lets every Viewer in; a dashboard cannot be narrower than its folder, so
    // where access is managed polydash's folder starts closed and each dashboard opens itself.
    if (created.status === 200 && this.access) {
      this.check(await this.http.send({ method: 'POST', path: `/api/folders/${encodeURIComponent(uid)}/permissions`, body: JSON.stringify({ items: [] }), idempotent: true }), `closing folder ${uid}`);
    }
  }

  private async read(uid: string): Promise<RemoteDashboard | undefined> {
    const res = await this.http.send({ method: 'GET', path: `/api/dashboards/uid/${encodeURIComponent(uid)}`, idempotent: true });
    if (res.status === 404) return undefined;
    const body = json<{ dashboard: Model; meta: { version?: number; folderUid?: string } }>(PRODUCT, this.check(res, `reading ${uid}`), `dashboard ${uid}`);
    const hashTag = (body.dashboard.tags ?? []).map((t) => HASH_TAG.exec(t)?.[1]).find(Boolean);
    const hashes = hashTag ? parseHashes(hashTag) : undefined;
    const owned = (body.dashboard.tags ?? []).includes(OWNER_TAG) && hashes !== undefined;
    const canonical = grafanaCanonical(body.dashboard);
    return {
      remoteId: uid,
      title: body.dashboard.title,
      ...(owned ? { marker: { uid, ...hashes! } } : {}),
      liveHash: contentHash(canonical),
      canonical,
      raw: body,
      handle: { version: body.dashboard.version ?? body.meta.version },
    };
  }

  async list(locals: readonly LocalDashboard[]): Promise<ReadonlyMap<string, RemoteDashboard>> {
    const out = new Map<string, RemoteDashboard>();
    await Promise.all(
      locals.map(async ({ uid }) => {
        const r = await this.read(uid);
        if (r) out.set(uid, r);
      }),
    );
    return out;
  }

  async orphans(locals: readonly LocalDashboard[]) {
    const localUids = locals.map((l) => l.uid);
    const found: { uid: string }[] = [];
    for (let page = 1; ; page++) {
      const res = await this.http.send({
        method: 'GET',
        path: '/api/search',
        query: { type: 'dash-db', tag: OWNER_TAG, limit: 1000, page, ...(this.env.folderUid ? { folderUIDs: this.env.folderUid } : {}) },
        idempotent: true,
      });
      const hits = json<{ uid: string }[]>(PRODUCT, this.check(res, 'searching dashboards'), 'search');
      found.push(...hits);
      if (hits.length < 1000) break;
    }
    const orphans = found.filter((h) => !localUids.includes(h.uid));
    const remotes = await Promise.all(orphans.map((h) => this.read(h.uid)));
    return remotes.flatMap((r) => (r?.marker ? [{ ...r, uid: r.remoteId }] : []));
  }

  async put(local: LocalDashboard, marker: Marker, prior: RemoteDashboard | undefined): Promise<void> {
    const model = this.prepared(local);
    const version = (prior?.handle as { version?: number } | undefined)?.version;
    const dashboard = { ...model, id: null, ...(version !== undefined ? { version } : {}), tags: [...(model.tags ?? []), OWNER_TAG, `polydash:${formatHashes(marker)}`] };
    const body = JSON.stringify({ dashboard, ...(this.env.folderUid ? { folderUid: this.env.folderUid } : {}), overwrite: false, message: `polydash ${marker.hash}` });
    const res = await this.http.send({ method: 'POST', path: '/api/dashboards/db', body, idempotent: true });
    if (res.status === 412) {
      // Our own earlier attempt may have landed (its answer lost): then the live dashboard is ours.
      const live = await this.read(local.uid);
      if (live?.marker?.hash === marker.hash && live.liveHash === marker.hash) return;
      throw new PublishError(PRODUCT, `saving ${local.uid}: ${errorText(res)} (it changed in Grafana after it was read, or a dashboard with the same title exists in the folder); run plan again`, 412);
    }
    this.check(res, `saving ${local.uid}`);
  }

  async remove(remote: RemoteDashboard): Promise<void> {
    this.check(await this.http.send({ method: 'DELETE', path: `/api/dashboards/uid/${encodeURIComponent(remote.remoteId)}`, idempotent: true }), `deleting ${remote.remoteId}`, [200, 404]);
  }
}

export const grafanaPublishing: TargetPublishing = {
  renderOptions: (env): Record<string, string> => {
    const e = env as GrafanaEnvironment;
    return e.version ? { version: e.version } : {};
  },
  publisher(env) {
    const e = env as GrafanaEnvironment;
    const headers = { ...authHeaders(PRODUCT, e.credentials), 'content-type': 'application/json', accept: 'application/json', ...(e.orgId ? { 'x-grafana-org-id': String(e.orgId) } : {}) };
    const http = productClient(PRODUCT, e, e.url, headers, { concurrency: 8 });
    return new GrafanaPublisher(e, http);
  },
};
