// Publishing to Splunk (splunkd REST, data/ui/views). The view name is the dashboard uid; the
// ownership marker is an XML comment right inside the root element, which Splunk stores with
// the view's XML. Sharing and permissions are set through the view's ACL.

import { contentHash } from '../../publish/canonical.js';
import { createWithoutDuplicates } from '../../publish/create.js';
import type { SplunkEnvironment } from '../../publish/config.js';
import { authHeaders } from '../../publish/credentials.js';
import { productClient } from '../../publish/client.js';
import { type HttpClient, type HttpResponse, json, PublishError } from '../../publish/http.js';
import { findMarker, formatMarker } from '../../publish/marker.js';
import type { AccessControl, LocalDashboard, Marker, ProductPublisher, RemoteDashboard } from '../../publish/types.js';
import type { TargetPublishing } from '../target.js';
import { managedPrincipals } from '../../publish/access.js';
import { aclFields, EVERYONE, readViewAccess, type ViewAcl } from './access.js';
import { splunkViewName } from './render.js';

const PRODUCT = 'splunk';
const MARKER_COMMENT = /<!--\s*polydash:[A-Za-z0-9_-]{1,40}:[0-9a-f]{16}(?:\+[0-9a-f]{8})?\s*-->\s*/;

interface ViewEntry {
  name: string;
  content: { 'eai:data': string };
  acl?: ViewAcl & { owner?: string };
}

/** The view's XML, comparable: marker removed, whitespace between elements ignored. */
export function splunkCanonical(xml: string): string {
  return xml.replace(MARKER_COMMENT, '').replace(/>\s+</g, '><').trim();
}

/** Puts the marker comment right after the root element's start tag. */
export function withMarker(xml: string, marker: Marker): string {
  return xml.replace(/^(\s*<(?:form|dashboard)\b[^>]*>)/, `$1\n  <!-- ${formatMarker(marker)} -->`);
}

function messages(res: HttpResponse): string {
  try {
    const body = JSON.parse(res.text) as { messages?: { type?: string; text?: string }[] };
    if (body.messages?.length) return body.messages.map((m) => m.text).join('; ');
  } catch {
    // splunkd answers XML unless output_mode=json is honoured
  }
  return res.text.slice(0, 300);
}

class SplunkPublisher implements ProductPublisher {
  readonly product = PRODUCT;
  private listing: Promise<Map<string, ViewEntry>> | undefined;

  /** Per-view permissions, when the environment maps groups to roles. */
  readonly access: AccessControl | undefined;

  constructor(
    private readonly env: SplunkEnvironment,
    private readonly http: HttpClient,
  ) {
    this.access = env.groups
      ? {
          managed: managedPrincipals(env, EVERYONE),
          allowWider: env.allowWiderAccess ?? false,
          read: async (local, remote) => readViewAccess(local, remote),
          write: async (local, _remote, own) => this.setAcl(splunkViewName(local.uid), aclFields(own)),
        }
      : undefined;
  }

  stats() {
    return this.http.stats();
  }

  private get owner(): string {
    return this.env.owner ?? 'nobody';
  }

  private viewsPath(name?: string): string {
    const base = `/servicesNS/${encodeURIComponent(this.owner)}/${encodeURIComponent(this.env.app)}/data/ui/views`;
    return name ? `${base}/${encodeURIComponent(name)}` : base;
  }

  private check(res: HttpResponse, what: string, ok: number[] = [200, 201]): HttpResponse {
    if (ok.includes(res.status)) return res;
    if (res.status === 401) throw new PublishError(PRODUCT, `${what}: HTTP 401, the token was not accepted`, 401);
    if (res.status === 403) throw new PublishError(PRODUCT, `${what}: HTTP 403, the user lacks the capability or the app's write permission (${messages(res)})`, 403);
    throw new PublishError(PRODUCT, `${what}: HTTP ${res.status}: ${messages(res)}`, res.status);
  }

  private form(fields: Record<string, string | readonly string[]>): string {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v as string]) p.append(k, x);
    return p.toString();
  }

  canonical(local: LocalDashboard) {
    const canonical = splunkCanonical(local.artifacts[0]!.content);
    return { canonical, hash: contentHash(canonical) };
  }

  async prepare({ dryRun }: { dryRun: boolean }): Promise<void> {
    const path = `/services/apps/local/${encodeURIComponent(this.env.app)}`;
    const res = await this.http.send({ method: 'GET', path, query: { output_mode: 'json' }, idempotent: true });
    if (res.status === 200) return;
    this.check(res, `reading app ${this.env.app}`, [404]);
    if (dryRun) return;
    this.check(
      await this.http.send({
        method: 'POST',
        path: '/services/apps/local',
        query: { output_mode: 'json' },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: this.form({ name: this.env.app, label: this.env.app, visible: 'true' }),
        idempotent: false,
      }),
      `creating app ${this.env.app}`,
      [200, 201, 409],
    );
  }

  /** The app's views, 100 per page. */
  private views(): Promise<Map<string, ViewEntry>> {
    this.listing ??= (async () => {
      const out = new Map<string, ViewEntry>();
      for (let offset = 0; ; offset += 100) {
        const res = await this.http.send({ method: 'GET', path: this.viewsPath(), query: { output_mode: 'json', count: 100, offset }, idempotent: true });
        if (res.status === 404) return out; // the app does not exist yet
        const page = json<{ entry: ViewEntry[]; paging?: { total: number } }>(PRODUCT, this.check(res, 'listing views'), 'view list');
        for (const e of page.entry) out.set(e.name, e);
        if (page.entry.length < 100 || offset + 100 >= (page.paging?.total ?? 0)) return out;
      }
    })();
    return this.listing;
  }

  private remote(e: ViewEntry): RemoteDashboard {
    const xml = e.content['eai:data'];
    const canonical = splunkCanonical(xml);
    const marker = findMarker(/<!--\s*(polydash:[^ ]+)\s*-->/.exec(xml)?.[1]);
    const title = /<label>([^<]*)<\/label>/.exec(xml)?.[1] ?? e.name;
    return { remoteId: e.name, title, ...(marker ? { marker } : {}), liveHash: contentHash(canonical), canonical, raw: e };
  }

  async list(locals: readonly LocalDashboard[]): Promise<ReadonlyMap<string, RemoteDashboard>> {
    const views = await this.views();
    const out = new Map<string, RemoteDashboard>();
    for (const { uid } of locals) {
      const e = views.get(splunkViewName(uid));
      if (e) out.set(uid, this.remote(e));
    }
    return out;
  }

  async orphans(locals: readonly LocalDashboard[]) {
    const names = new Set(locals.map((l) => splunkViewName(l.uid)));
    return [...(await this.views()).values()].flatMap((e) => {
      const r = this.remote(e);
      return r.marker && !names.has(e.name) ? [{ ...r, uid: r.marker.uid }] : [];
    });
  }

  async put(local: LocalDashboard, marker: Marker, prior: RemoteDashboard | undefined): Promise<void> {
    const name = splunkViewName(local.uid);
    const xml = withMarker(local.artifacts[0]!.content, marker);
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    if (prior) {
      // An update must not resend `name` (splunkd rejects it).
      this.check(await this.http.send({ method: 'POST', path: this.viewsPath(name), query: { output_mode: 'json' }, headers, body: this.form({ 'eai:data': xml }), idempotent: true }), `updating view ${name}`);
    } else {
      const landed = async (): Promise<boolean> => {
        const live = await this.http.send({ method: 'GET', path: this.viewsPath(name), query: { output_mode: 'json' }, idempotent: true });
        if (live.status === 404) return false;
        const entry = json<{ entry: ViewEntry[] }>(PRODUCT, this.check(live, `reading view ${name}`), 'view').entry[0]!;
        return this.remote(entry).marker?.hash === marker.hash;
      };
      await createWithoutDuplicates(async () => {
        const res = await this.http.send({ method: 'POST', path: this.viewsPath(), query: { output_mode: 'json' }, headers, body: this.form({ name, 'eai:data': xml }), idempotent: false });
        // 409: created by a request whose answer was lost, or by someone else meanwhile
        if (res.status === 409 && !(await landed())) throw new PublishError(PRODUCT, `creating view ${name}: it was created meanwhile by someone else; run plan again`, 409);
        if (res.status !== 409) this.check(res, `creating view ${name}`);
      }, landed);
    }
    // Sharing only on creation: an update keeps the ACL, and access.write sets the permissions.
    if (!prior) await this.setAcl(name);
  }

  /** A new view is private until its ACL is posted: share it (in the app, by default). */
  private async setAcl(name: string, perms: Record<string, string> = {}): Promise<void> {
    const fields: Record<string, string> = { owner: this.owner, sharing: this.env.sharing ?? 'app', ...perms };
    this.check(
      await this.http.send({ method: 'POST', path: `${this.viewsPath(name)}/acl`, query: { output_mode: 'json' }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: this.form(fields), idempotent: true }),
      `setting permissions of ${name}`,
    );
  }

  async remove(remote: RemoteDashboard): Promise<void> {
    this.check(await this.http.send({ method: 'DELETE', path: this.viewsPath(remote.remoteId), query: { output_mode: 'json' }, idempotent: true }), `deleting view ${remote.remoteId}`, [200, 404]);
  }
}

export const splunkPublishing: TargetPublishing = {
  renderOptions: (env): Record<string, string> => {
    const e = env as SplunkEnvironment;
    return e.format ? { format: e.format } : {};
  },
  publisher(env) {
    const e = env as SplunkEnvironment;
    const http = productClient(PRODUCT, e, e.url, authHeaders(PRODUCT, e.credentials), { concurrency: 8 });
    return new SplunkPublisher(e, http);
  },
};
