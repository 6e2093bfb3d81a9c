// Publishing to Kibana: the saved objects of a dashboard (dashboard, its data views and saved
// searches, with ids derived from the space and the uid) are imported with overwrite. The
// ownership marker is a line of the dashboard's description. Kibana answers an import with
// HTTP 200 even when objects fail, so every answer is checked object by object.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Budget } from '../../publish/budget.js';
import { contentHash, parseJsonStrings, sortKeys } from '../../publish/canonical.js';
import type { KibanaEnvironment } from '../../publish/config.js';
import { authHeaders } from '../../publish/credentials.js';
import { HttpClient, type HttpResponse, json, PublishError } from '../../publish/http.js';
import { findMarker, markerLine, withoutMarkerLine } from '../../publish/marker.js';
import type { LocalDashboard, Marker, ProductPublisher, RemoteDashboard } from '../../publish/types.js';
import type { TargetPublishing } from '../target.js';

const PRODUCT = 'kibana';
/** Attributes Kibana stores as JSON inside strings, per type. */
const JSON_STRINGS: Record<string, string[]> = {
  dashboard: ['panelsJSON', 'optionsJSON'],
  'index-pattern': ['fields', 'fieldFormatMap', 'fieldAttrs', 'runtimeFieldMap', 'sourceFilters', 'typeMeta'],
  search: [],
};
/** What Kibana adds to stored objects (or changes on import): not part of the content. */
const SERVER_FIELDS = ['version', 'updated_at', 'created_at', 'created_by', 'updated_by', 'namespaces', 'managed', 'originId', 'migrationVersion', 'coreMigrationVersion', 'typeMigrationVersion', 'sort'];

interface SavedObject {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  references?: { name: string; type: string; id: string }[];
  [k: string]: unknown;
}

function parseNdjson(text: string): SavedObject[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SavedObject)
    .filter((o) => typeof o.type === 'string' && typeof o.id === 'string');
}

function normaliseAttributes(o: SavedObject): Record<string, unknown> {
  let attrs = parseJsonStrings(o.attributes, JSON_STRINGS[o.type] ?? []);
  const meta = attrs.kibanaSavedObjectMeta as Record<string, unknown> | undefined;
  if (meta) attrs = { ...attrs, kibanaSavedObjectMeta: parseJsonStrings(meta, ['searchSourceJSON']) };
  const controls = attrs.controlGroupInput as Record<string, unknown> | undefined;
  if (controls) attrs = { ...attrs, controlGroupInput: parseJsonStrings(controls, ['panelsJSON', 'ignoreParentSettingsJSON']) };
  if (o.type === 'dashboard') attrs = { ...attrs, description: withoutMarkerLine(String(attrs.description ?? '')) };
  return attrs;
}

/** A dashboard's objects, comparable: server fields dropped, JSON strings parsed, marker removed. */
export function kibanaCanonical(objects: readonly SavedObject[]): unknown {
  return [...objects]
    .map((o) => {
      const rest = Object.fromEntries(Object.entries(o).filter(([k]) => !SERVER_FIELDS.includes(k)));
      return sortKeys({ ...rest, attributes: normaliseAttributes(o), references: [...(o.references ?? [])].sort((a, b) => a.name.localeCompare(b.name)) });
    })
    .sort((a, b) => `${(a as SavedObject).type}/${(a as SavedObject).id}`.localeCompare(`${(b as SavedObject).type}/${(b as SavedObject).id}`));
}

function dashboardOf(objects: readonly SavedObject[]): SavedObject {
  const d = objects.find((o) => o.type === 'dashboard');
  if (!d) throw new PublishError(PRODUCT, 'the built file holds no dashboard object');
  return d;
}

function errorText(res: HttpResponse): string {
  try {
    const body = JSON.parse(res.text) as { message?: string; error?: string };
    return body.message ?? body.error ?? res.text.slice(0, 300);
  } catch {
    return res.text.slice(0, 300);
  }
}

class KibanaPublisher implements ProductPublisher {
  readonly product = PRODUCT;
  private readonly space: string;
  /** The space does not exist yet (plan or dry run): it holds nothing. */
  private spaceMissing = false;

  constructor(
    private readonly env: KibanaEnvironment,
    private readonly http: HttpClient,
  ) {
    this.space = env.space ?? 'default';
  }

  stats() {
    return this.http.stats();
  }

  private get prefix(): string {
    return this.space === 'default' ? '' : `/s/${encodeURIComponent(this.space)}`;
  }

  private check(res: HttpResponse, what: string, ok: number[] = [200]): HttpResponse {
    if (ok.includes(res.status)) return res;
    if (res.status === 401) throw new PublishError(PRODUCT, `${what}: HTTP 401, the API key was not accepted`, 401);
    if (res.status === 403) throw new PublishError(PRODUCT, `${what}: HTTP 403, the API key may not do this in space ${this.space} (${errorText(res)})`, 403);
    throw new PublishError(PRODUCT, `${what}: HTTP ${res.status}: ${errorText(res)}`, res.status);
  }

  canonical(local: LocalDashboard) {
    const canonical = kibanaCanonical(parseNdjson(local.artifacts[0]!.content));
    return { canonical, hash: contentHash(canonical) };
  }

  async prepare({ dryRun }: { dryRun: boolean }): Promise<void> {
    if (this.space === 'default') return;
    const res = await this.http.send({ method: 'GET', path: `/api/spaces/space/${encodeURIComponent(this.space)}`, idempotent: true });
    if (res.status === 200) return;
    this.check(res, `reading space ${this.space}`, [404]);
    if (dryRun) {
      this.spaceMissing = true;
      return;
    }
    const body = JSON.stringify({ id: this.space, name: this.space, description: 'Dashboards published by polydash' });
    this.check(await this.http.send({ method: 'POST', path: '/api/spaces/space', body, headers: { 'content-type': 'application/json' }, idempotent: true }), `creating space ${this.space}`, [200, 409]);
  }

  /** Dashboards of the space with the fields needed to find polydash's, 1000 per read. */
  private async dashboards(): Promise<SavedObject[]> {
    if (this.spaceMissing) return [];
    const out: SavedObject[] = [];
    for (let page = 1; ; page++) {
      const res = await this.http.send({ method: 'GET', path: `${this.prefix}/api/saved_objects/_find`, query: { type: 'dashboard', per_page: 1000, page, fields: 'description' }, idempotent: true });
      const body = json<{ saved_objects: SavedObject[]; total: number }>(PRODUCT, this.check(res, 'listing dashboards'), 'dashboard list');
      out.push(...body.saved_objects);
      if (page * 1000 >= body.total) return out;
    }
  }

  /** Dashboards with everything they reference, 100 dashboards per read. */
  private async export(ids: readonly string[]): Promise<Map<string, SavedObject[]>> {
    const byDashboard = new Map<string, SavedObject[]>();
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      const res = await this.http.send({
        method: 'POST',
        path: `${this.prefix}/api/saved_objects/_export`,
        body: JSON.stringify({ objects: batch.map((id) => ({ type: 'dashboard', id })), includeReferencesDeep: true, excludeExportDetails: true }),
        headers: { 'content-type': 'application/json' },
        idempotent: true,
        read: true,
      });
      const objects = parseNdjson(this.check(res, 'exporting dashboards').text);
      const index = new Map(objects.map((o) => [`${o.type}/${o.id}`, o]));
      for (const id of batch) {
        // a dashboard and what it references, transitively (what was imported with it)
        const seen = new Map<string, SavedObject>();
        const visit = (key: string): void => {
          const o = index.get(key);
          if (!o || seen.has(key)) return;
          seen.set(key, o);
          for (const r of o.references ?? []) visit(`${r.type}/${r.id}`);
        };
        visit(`dashboard/${id}`);
        byDashboard.set(id, [...seen.values()]);
      }
    }
    return byDashboard;
  }

  private remote(objects: readonly SavedObject[]): RemoteDashboard & { uid?: string } {
    const d = dashboardOf(objects);
    const marker = findMarker(String(d.attributes.description ?? ''));
    const canonical = kibanaCanonical(objects);
    return { remoteId: d.id, title: String(d.attributes.title ?? d.id), ...(marker ? { marker, uid: marker.uid } : {}), liveHash: contentHash(canonical), canonical, raw: objects };
  }

  private idOf(local: LocalDashboard): string {
    return dashboardOf(parseNdjson(local.artifacts[0]!.content)).id;
  }

  private localIds = new Map<string, string>();
  private remotes: Promise<Map<string, RemoteDashboard & { uid?: string }>> | undefined;

  /** Every dashboard of the space that is polydash's or has the id of one of the local ones. */
  private relevant(): Promise<Map<string, RemoteDashboard & { uid?: string }>> {
    this.remotes ??= (async () => {
      const wanted = new Set(this.localIds.values());
      const ids = (await this.dashboards()).filter((d) => wanted.has(d.id) || findMarker(String(d.attributes.description ?? ''))).map((d) => d.id);
      const exported = await this.export(ids);
      return new Map([...exported].map(([id, objects]) => [id, this.remote(objects)]));
    })();
    return this.remotes;
  }

  async list(locals: readonly LocalDashboard[]): Promise<ReadonlyMap<string, RemoteDashboard>> {
    for (const l of locals) this.localIds.set(l.uid, this.idOf(l));
    const remotes = await this.relevant();
    const out = new Map<string, RemoteDashboard>();
    for (const [uid, id] of this.localIds) {
      const r = remotes.get(id);
      if (r) out.set(uid, r);
    }
    return out;
  }

  async orphans(locals: readonly LocalDashboard[]) {
    for (const l of locals) this.localIds.set(l.uid, this.idOf(l));
    const localIds = new Set(this.localIds.values());
    return [...(await this.relevant()).values()].flatMap((r) => (r.uid && !localIds.has(r.remoteId) ? [{ ...r, uid: r.uid }] : []));
  }

  /** The built objects with the marker line in the dashboard's description. */
  private withMarker(local: LocalDashboard, marker: Marker): string {
    return parseNdjson(local.artifacts[0]!.content)
      .map((o) => {
        if (o.type !== 'dashboard') return JSON.stringify(o);
        const description = [String(o.attributes.description ?? ''), markerLine(marker)].filter(Boolean).join('\n\n');
        return JSON.stringify({ ...o, attributes: { ...o.attributes, description } });
      })
      .join('\n');
  }

  async put(local: LocalDashboard, marker: Marker): Promise<void> {
    const boundary = `polydash-${randomBytes(12).toString('hex')}`;
    const file = `${this.withMarker(local, marker)}\n`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${local.uid}.ndjson"\r\nContent-Type: application/ndjson\r\n\r\n`),
      Buffer.from(file),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await this.http.send({
      method: 'POST',
      path: `${this.prefix}/api/saved_objects/_import`,
      query: { overwrite: 'true' },
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      idempotent: true, // overwriting by id: the same request twice leaves the same objects
    });
    const result = json<{ success: boolean; errors?: { type: string; id: string; error: { type: string; message?: string } }[]; successResults?: { type: string; id: string; destinationId?: string }[] }>(
      PRODUCT,
      this.check(res, `importing ${local.uid}`),
      'import result',
    );
    if (!result.success || result.errors?.length) {
      const why = (result.errors ?? []).map((e) => `${e.type} ${e.id}: ${e.error.type}${e.error.message ? ` (${e.error.message})` : ''}`).join('; ');
      throw new PublishError(PRODUCT, `importing ${local.uid}: Kibana refused objects: ${why || 'no details'}`);
    }
    const moved = (result.successResults ?? []).filter((r) => r.destinationId && r.destinationId !== r.id);
    if (moved.length) {
      throw new PublishError(PRODUCT, `importing ${local.uid}: ids ${moved.map((m) => m.id).join(', ')} already exist in another space, so Kibana gave them new ids; build for this space (kibana.space "${this.space}") so that ids are unique`);
    }
  }

  async remove(remote: RemoteDashboard): Promise<void> {
    // The dashboard and its own saved searches; data views may serve other dashboards and stay.
    const objects = remote.raw as SavedObject[];
    for (const o of objects.filter((x) => x.type === 'dashboard' || x.type === 'search')) {
      this.check(await this.http.send({ method: 'DELETE', path: `${this.prefix}/api/saved_objects/${o.type}/${encodeURIComponent(o.id)}`, idempotent: true }), `deleting ${o.type} ${o.id}`, [200, 404]);
    }
  }
}

export const kibanaPublishing: TargetPublishing = {
  renderOptions: (env): Record<string, string> => {
    const e = env as KibanaEnvironment;
    return { space: e.space ?? 'default', ...(e.version ? { version: e.version } : {}) };
  },
  publisher(env) {
    const e = env as KibanaEnvironment;
    const http = new HttpClient({
      product: PRODUCT,
      baseUrl: e.url,
      headers: authHeaders(PRODUCT, e.credentials),
      ...(e.caFile ? { ca: readFileSync(e.caFile, 'utf8') } : {}),
      budget: new Budget({ concurrency: e.budget?.concurrency ?? 4, ...(e.budget?.perSecond ? { ratePerSecond: e.budget.perSecond } : {}) }),
    });
    return new KibanaPublisher(e, http);
  },
};
