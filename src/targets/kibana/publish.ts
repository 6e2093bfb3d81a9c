// Publishing to Kibana: the saved objects of a dashboard (dashboard, its data views and saved
// searches, with ids derived from the space and the uid) are imported with overwrite. The
// ownership marker is a line of the dashboard's description. Kibana answers an import with
// HTTP 200 even when objects fail, so every answer is checked object by object.

import { randomBytes } from 'node:crypto';
import { contentHash, parseJsonStrings, sortKeys } from '../../publish/canonical.js';
import type { KibanaEnvironment } from '../../publish/config.js';
import { authHeaders } from '../../publish/credentials.js';
import { productClient } from '../../publish/client.js';
import { type HttpClient, type HttpResponse, json, PublishError } from '../../publish/http.js';
import { findMarker, markerLine, withoutMarkerLine } from '../../publish/marker.js';
import type { LocalDashboard, Marker, ProductPublisher, RemoteDashboard } from '../../publish/types.js';
import type { AccessResolution } from '../../publish/access.js';
import type { Placement, TargetPublishing } from '../target.js';

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

/** A dashboard found in one of the spaces polydash publishes to. */
type Found = RemoteDashboard & { uid?: string; space: string };

class KibanaPublisher implements ProductPublisher {
  readonly product = PRODUCT;
  /** The environment's space: dashboards whose access does not place them elsewhere go here. */
  private readonly space: string;
  /** Every space polydash may place dashboards in: the environment's and those groups map to. */
  private readonly spaces: readonly string[];
  /** Spaces that do not exist yet (plan or dry run): they hold nothing. */
  private readonly missing = new Set<string>();

  constructor(
    private readonly env: KibanaEnvironment,
    private readonly http: HttpClient,
  ) {
    this.space = env.space ?? 'default';
    this.spaces = [...new Set([this.space, ...Object.values(env.groups ?? {})])].sort();
  }

  stats() {
    return this.http.stats();
  }

  private prefix(space: string): string {
    return space === 'default' ? '' : `/s/${encodeURIComponent(space)}`;
  }

  private check(res: HttpResponse, what: string, ok: number[] = [200], space = this.space): HttpResponse {
    if (ok.includes(res.status)) return res;
    if (res.status === 401) throw new PublishError(PRODUCT, `${what}: HTTP 401, the API key was not accepted`, 401);
    if (res.status === 403) throw new PublishError(PRODUCT, `${what}: HTTP 403, the API key may not do this in space ${space} (${errorText(res)})`, 403);
    throw new PublishError(PRODUCT, `${what}: HTTP ${res.status}: ${errorText(res)}`, res.status);
  }

  canonical(local: LocalDashboard) {
    const canonical = kibanaCanonical(parseNdjson(local.artifacts[0]!.content));
    return { canonical, hash: contentHash(canonical) };
  }

  /**
   * The environment's space is created when missing. Spaces that groups map to must exist: they
   * are where Kibana's roles grant access, and a space polydash made would grant it to nobody.
   */
  async prepare({ dryRun }: { dryRun: boolean }): Promise<void> {
    const absent: string[] = [];
    for (const space of this.spaces.filter((s) => s !== 'default')) {
      const res = await this.http.send({ method: 'GET', path: `/api/spaces/space/${encodeURIComponent(space)}`, idempotent: true });
      if (res.status === 200) continue;
      this.check(res, `reading space ${space}`, [404], space);
      if (space !== this.space) absent.push(space);
      else if (dryRun) this.missing.add(space);
      else {
        const body = JSON.stringify({ id: space, name: space, description: 'Dashboards published by polydash' });
        this.check(await this.http.send({ method: 'POST', path: '/api/spaces/space', body, headers: { 'content-type': 'application/json' }, idempotent: true }), `creating space ${space}`, [200, 409], space);
      }
    }
    if (absent.length) {
      throw new PublishError(PRODUCT, `the environment maps groups to Kibana spaces that do not exist: ${absent.join(', ')}; create them and give the groups' roles access to them`);
    }
  }

  /** Dashboards of a space with the fields needed to find polydash's, 1000 per read. */
  private async dashboards(space: string): Promise<SavedObject[]> {
    if (this.missing.has(space)) return [];
    const out: SavedObject[] = [];
    for (let page = 1; ; page++) {
      const res = await this.http.send({ method: 'GET', path: `${this.prefix(space)}/api/saved_objects/_find`, query: { type: 'dashboard', per_page: 1000, page, fields: 'description' }, idempotent: true });
      const body = json<{ saved_objects: SavedObject[]; total: number }>(PRODUCT, this.check(res, `listing dashboards of space ${space}`, [200], space), 'dashboard list');
      out.push(...body.saved_objects);
      if (page * 1000 >= body.total) return out;
    }
  }

  /** Dashboards of a space with everything they reference, 100 dashboards per read. */
  private async export(space: string, ids: readonly string[]): Promise<Map<string, SavedObject[]>> {
    const byDashboard = new Map<string, SavedObject[]>();
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      const res = await this.http.send({
        method: 'POST',
        path: `${this.prefix(space)}/api/saved_objects/_export`,
        body: JSON.stringify({ objects: batch.map((id) => ({ type: 'dashboard', id })), includeReferencesDeep: true, excludeExportDetails: true }),
        headers: { 'content-type': 'application/json' },
        idempotent: true,
        read: true,
      });
      const objects = parseNdjson(this.check(res, `exporting dashboards of space ${space}`, [200], space).text);
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

  private remote(objects: readonly SavedObject[], space: string): Found {
    const d = dashboardOf(objects);
    const marker = findMarker(String(d.attributes.description ?? ''));
    const canonical = kibanaCanonical(objects);
    return { remoteId: d.id, title: String(d.attributes.title ?? d.id), ...(marker ? { marker, uid: marker.uid } : {}), liveHash: contentHash(canonical), canonical, raw: objects, handle: { space }, space };
  }

  private spaceOf(local: LocalDashboard): string {
    return local.placement ?? this.space;
  }

  private idOf(local: LocalDashboard): string {
    return dashboardOf(parseNdjson(local.artifacts[0]!.content)).id;
  }

  /** Per local uid: its dashboard id and the space it goes to. */
  private readonly wanted = new Map<string, { id: string; space: string }>();
  private found: Promise<Found[]> | undefined;

  /** Every dashboard, in every space polydash publishes to, that is polydash's or has the id of a local one. */
  private relevant(): Promise<Found[]> {
    this.found ??= (async () => {
      const ids = new Set([...this.wanted.values()].map((w) => w.id));
      const perSpace = await Promise.all(
        this.spaces.map(async (space) => {
          const hits = (await this.dashboards(space)).filter((d) => ids.has(d.id) || findMarker(String(d.attributes.description ?? ''))).map((d) => d.id);
          const exported = await this.export(space, hits);
          return [...exported.values()].map((objects) => this.remote(objects, space));
        }),
      );
      return perSpace.flat();
    })();
    return this.found;
  }

  private note(locals: readonly LocalDashboard[]): void {
    for (const l of locals) this.wanted.set(l.uid, { id: this.idOf(l), space: this.spaceOf(l) });
  }

  async list(locals: readonly LocalDashboard[]): Promise<ReadonlyMap<string, RemoteDashboard>> {
    this.note(locals);
    const found = await this.relevant();
    const out = new Map<string, RemoteDashboard>();
    for (const [uid, w] of this.wanted) {
      const r = found.find((f) => f.space === w.space && f.remoteId === w.id);
      if (r) out.set(uid, r);
    }
    return out;
  }

  /** polydash's dashboards that are not where a local one goes: no longer defined, or placed elsewhere now. */
  async orphans(locals: readonly LocalDashboard[]) {
    this.note(locals);
    const wanted = new Set([...this.wanted.values()].map((w) => `${w.space}/${w.id}`));
    return (await this.relevant()).flatMap((r) => (r.uid && !wanted.has(`${r.space}/${r.remoteId}`) ? [{ ...r, uid: r.uid }] : []));
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
    const space = this.spaceOf(local);
    const boundary = `polydash-${randomBytes(12).toString('hex')}`;
    const file = `${this.withMarker(local, marker)}\n`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${local.uid}.ndjson"\r\nContent-Type: application/ndjson\r\n\r\n`),
      Buffer.from(file),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await this.http.send({
      method: 'POST',
      path: `${this.prefix(space)}/api/saved_objects/_import`,
      query: { overwrite: 'true' },
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      idempotent: true, // overwriting by id: the same request twice leaves the same objects
    });
    const result = json<{ success: boolean; errors?: { type: string; id: string; error: { type: string; message?: string } }[]; successResults?: { type: string; id: string; destinationId?: string }[] }>(
      PRODUCT,
      this.check(res, `importing ${local.uid} into space ${space}`, [200], space),
      'import result',
    );
    if (!result.success || result.errors?.length) {
      const why = (result.errors ?? []).map((e) => `${e.type} ${e.id}: ${e.error.type}${e.error.message ? ` (${e.error.message})` : ''}`).join('; ');
      throw new PublishError(PRODUCT, `importing ${local.uid}: Kibana refused objects: ${why || 'no details'}`);
    }
    const moved = (result.successResults ?? []).filter((r) => r.destinationId && r.destinationId !== r.id);
    if (moved.length) {
      throw new PublishError(PRODUCT, `importing ${local.uid}: ids ${moved.map((m) => m.id).join(', ')} already exist in another space, so Kibana gave them new ids; build for this space (kibana.space "${space}") so that ids are unique`);
    }
  }

  async remove(remote: RemoteDashboard): Promise<void> {
    const space = (remote.handle as { space?: string } | undefined)?.space ?? this.space;
    // The dashboard and its own saved searches; data views may serve other dashboards and stay.
    const objects = remote.raw as SavedObject[];
    for (const o of objects.filter((x) => x.type === 'dashboard' || x.type === 'search')) {
      this.check(await this.http.send({ method: 'DELETE', path: `${this.prefix(space)}/api/saved_objects/${o.type}/${encodeURIComponent(o.id)}`, idempotent: true }), `deleting ${o.type} ${o.id} from space ${space}`, [200, 404], space);
    }
  }
}

/**
 * Kibana grants access by space and role, not per dashboard: a dashboard goes to the one space
 * its groups map to. Groups in different spaces cannot share one dashboard; editing rights are
 * whatever the roles have in that space.
 */
function place(access: AccessResolution, env: unknown): Placement {
  const e = env as KibanaEnvironment;
  const home = e.space ?? 'default';
  const desired = access.desired;
  if (!desired) return { problems: [], notes: [] };
  const spaces = [...new Set(desired.grants.map((g) => g.principal))].sort();
  if (spaces.length === 1) {
    const space = spaces[0]!;
    const edit = desired.groups.edit?.length ? `; who may edit it is up to the roles' privileges in ${space}` : '';
    return { ...(space !== home ? { placement: space, renderOptions: { space } } : {}), problems: [], notes: [`Kibana controls access by space: it goes to space ${space}${edit}`] };
  }
  const why = `its groups map to different Kibana spaces (${spaces.join(', ')}), and a dashboard lives in one space`;
  if (e.allowWiderAccess) return { problems: [], notes: [`${why}: it stays in space ${home} (allowWiderAccess)`] };
  return { problems: [`${why}; map them to one space, or set allowWiderAccess for kibana to keep it in ${home}`], notes: [] };
}

export const kibanaPublishing: TargetPublishing = {
  renderOptions: (env): Record<string, string> => {
    const e = env as KibanaEnvironment;
    return { space: e.space ?? 'default', ...(e.version ? { version: e.version } : {}) };
  },
  place,
  publisher(env) {
    const e = env as KibanaEnvironment;
    const http = productClient(PRODUCT, e, e.url, authHeaders(PRODUCT, e.credentials), { concurrency: 4 });
    return new KibanaPublisher(e, http);
  },
};
