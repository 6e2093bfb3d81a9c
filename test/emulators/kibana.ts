// Kibana saved-objects emulator (vendor-formats.md §2.7): `_import` (multipart field `file`,
// `.ndjson` only, 200 with per-object errors), `_export`, get, `_find`, delete, spaces under
// `/s/{space}`, ids unique across spaces, `kbn-xsrf` on writes, ApiKey or Basic auth, migration
// versions raised to this Kibana's on import.

import http from 'node:http';
import path from 'node:path';
import type { FaultPlan } from './faults.js';
import { authorization, mediaType, parseBasic, parseJson, parseMultipart } from './http-util.js';
import { collectExport, exportShape, ImportRequestError, importObjects, type MigrationVersions } from './kibana-import.js';
import { KibanaState, type SavedObject } from './kibana-state.js';
import { type EmulatorHandle, type Reply, type RequestContext, type RouteDef, type ServerOptions, startServer } from './server.js';
import type { PayloadValidator } from './validate.js';

export { KibanaState } from './kibana-state.js';

export interface KibanaCredential {
  /** Basic auth. */
  readonly username?: string;
  readonly password?: string;
  /** API key: sent as `ApiKey base64(apiKeyId:apiKey)`. */
  readonly apiKeyId?: string;
  readonly apiKey?: string;
  /** false: may read but not write saved objects (403). */
  readonly canWrite?: boolean;
  /** false: may not create spaces (403). Default: canWrite. */
  readonly canManageSpaces?: boolean;
}

export interface KibanaEmulatorOptions extends ServerOptions {
  readonly credentials?: readonly KibanaCredential[];
  /** Spaces that exist besides `default`. */
  readonly spaces?: readonly string[];
  /** Data views present in every space (Fleet installs `logs-*`, `metrics-*`). Default those two. */
  readonly dataViews?: readonly string[];
  /** Default 8.19.0. */
  readonly kibanaVersion?: string;
  /** Latest migration version per type (see LATEST_TYPE_VERSIONS). */
  readonly typeMigrationVersions?: Readonly<Record<string, string>>;
  /** savedObjects.maxImportExportSize (10000). */
  readonly maxImportObjects?: number;
  /** Largest `per_page` of `_find` (Elasticsearch's max_result_window, 10000). */
  readonly maxPerPage?: number;
  readonly validate?: PayloadValidator;
  readonly faults?: FaultPlan;
}

export interface KibanaEmulator extends EmulatorHandle<KibanaState> {
  readonly credentials: readonly KibanaCredential[];
}

export const KIBANA_DEFAULT_CREDENTIALS: readonly KibanaCredential[] = [
  { apiKeyId: 'polydash-emulator', apiKey: 'emulator-kibana-api-key', canWrite: true },
  { username: 'elastic', password: 'emulator-elastic-password', canWrite: true },
  { username: 'viewer', password: 'emulator-viewer-password', canWrite: false },
];

/**
 * Latest migration version per type in the emulated Kibana. Model versions map to `10.N.0`
 * (§2.2). The exact numbers of a given release are [unverified]: imported objects are raised to
 * these, and newer ones are refused as a newer Kibana's objects would be.
 */
export const LATEST_TYPE_VERSIONS: Readonly<Record<string, string>> = {
  dashboard: '10.3.0',
  lens: '8.9.0',
  'index-pattern': '8.0.0',
  visualization: '8.5.0',
  search: '10.5.0',
  tag: '8.0.0',
  map: '8.4.0',
};

/** The Authorization header value for an API-key credential. */
export function kibanaApiKeyHeader(c: KibanaCredential): string {
  return `ApiKey ${Buffer.from(`${c.apiKeyId}:${c.apiKey}`).toString('base64')}`;
}

interface KibanaPrincipal {
  readonly credential: KibanaCredential;
  readonly name: string;
}

const MAX_IMPORT_BYTES = 26214400;

function kibanaError(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, json: { statusCode: status, error: http.STATUS_CODES[status] ?? 'Error', message, ...extra } };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export async function startKibanaEmulator(options: KibanaEmulatorOptions = {}): Promise<KibanaEmulator> {
  const credentials = options.credentials ?? KIBANA_DEFAULT_CREDENTIALS;
  const state = new KibanaState(options.spaces ?? [], options.dataViews ?? ['logs-*', 'metrics-*']);
  const kibanaVersion = options.kibanaVersion ?? '8.19.0';
  const migrations: MigrationVersions = { kibanaVersion, latest: { ...LATEST_TYPE_VERSIONS, ...(options.typeMigrationVersions ?? {}) } };
  const maxImportObjects = options.maxImportObjects ?? 10000;
  const maxPerPage = options.maxPerPage ?? 10000;

  const spaceOf = (ctx: RequestContext<KibanaPrincipal>): string => ctx.params.space ?? 'default';
  const forbidden = (ctx: RequestContext<KibanaPrincipal>, action: string, types: string[]): Reply | undefined =>
    ctx.principal.credential.canWrite === false ? kibanaError(403, `Unable to ${action} ${[...new Set(types)].sort().join(',')}`) : undefined;
  const booleanQuery = (ctx: RequestContext<KibanaPrincipal>, name: string): boolean | Reply => {
    const v = ctx.query.get(name);
    if (v === null || v === 'false') return false;
    if (v === 'true') return true;
    return kibanaError(400, `[request query.${name}]: expected value of type [boolean] but got [string]`);
  };
  const apiShape = (o: SavedObject) => {
    const { type, id, namespaces, originId, attributes, references, coreMigrationVersion, typeMigrationVersion, managed, updated_at, created_at, version } = o;
    return { type, id, namespaces, ...(originId !== undefined ? { originId } : {}), updated_at, created_at, version, attributes, references, managed, coreMigrationVersion, typeMigrationVersion };
  };

  const routes: RouteDef<KibanaPrincipal>[] = [];
  /** Every saved-objects route also answers under `/s/{space}`. */
  const both = (r: RouteDef<KibanaPrincipal>) => routes.push(r, { ...r, path: `/s/:space${r.path}` });

  routes.push({
    method: 'GET',
    path: '/api/status',
    handle: () => ({ status: 200, json: { name: 'kibana-emulator', uuid: '00000000-0000-4000-8000-000000000000', version: { number: kibanaVersion, build_flavor: 'traditional', build_snapshot: false }, status: { overall: { level: 'available', summary: 'All services and plugins are available' } } } }),
  });

  both({
    method: 'POST',
    path: '/api/saved_objects/_import',
    write: true,
    async handle(ctx) {
      const overwrite = booleanQuery(ctx, 'overwrite');
      const createNewCopies = booleanQuery(ctx, 'createNewCopies');
      const compatibilityMode = booleanQuery(ctx, 'compatibilityMode');
      for (const b of [overwrite, createNewCopies, compatibilityMode]) if (typeof b !== 'boolean') return b;
      if (overwrite && createNewCopies) return kibanaError(400, 'cannot use [overwrite] with [createNewCopies]');
      if (createNewCopies && compatibilityMode) return kibanaError(400, 'cannot use [createNewCopies] with [compatibilityMode]');
      if (!/^multipart\/form-data/.test(mediaType(ctx.headers))) return kibanaError(415, 'Unsupported Media Type');
      const parts = parseMultipart(ctx.headers, ctx.body);
      if (!parts) return kibanaError(400, 'Invalid multipart payload format');
      const file = parts.find((p) => p.name === 'file' && p.filename !== undefined);
      if (!file) return kibanaError(400, '[request body.file]: expected value of type [Stream] but got [undefined]');
      const ext = path.extname(file.filename!).toLowerCase();
      if (ext !== '.ndjson') return kibanaError(400, `Invalid file extension ${ext}`);
      const text = file.data.toString('utf8');
      const types = text.split('\n').flatMap((l) => {
        try {
          const o = JSON.parse(l) as { type?: unknown };
          return typeof o.type === 'string' ? [o.type] : [];
        } catch {
          return [];
        }
      });
      const denied = forbidden(ctx, 'bulk_create', types);
      if (denied) return denied;
      const hasObjects = text.split('\n').some((l) => l.trim());
      const validationReasons = options.validate && hasObjects ? await options.validate(text) : [];
      try {
        const result = importObjects(state, spaceOf(ctx), text, { overwrite: overwrite as boolean, createNewCopies: createNewCopies as boolean, maxObjects: maxImportObjects, migrations, validationReasons });
        return { status: 200, json: result };
      } catch (e) {
        if (e instanceof ImportRequestError) return kibanaError(400, e.message);
        throw e;
      }
    },
  });

  both({
    method: 'POST',
    path: '/api/saved_objects/_export',
    write: false,
    handle(ctx) {
      if (mediaType(ctx.headers) !== 'application/json') return kibanaError(415, 'Unsupported Media Type');
      const parsed = parseJson(ctx.body);
      if ('error' in parsed || !isObject(parsed.value)) return kibanaError(400, 'Invalid request payload JSON format');
      const body = parsed.value;
      const space = spaceOf(ctx);
      if (body.type !== undefined && body.objects !== undefined) return kibanaError(400, `Can't specify both "types" and "objects" properties when exporting`);
      let roots: SavedObject[];
      if (Array.isArray(body.objects)) {
        const wanted = body.objects.filter(isObject).map((o) => ({ type: String(o.type), id: String(o.id) }));
        const missing = wanted.filter((w) => !state.get(w.type, w.id, space));
        if (missing.length) {
          return kibanaError(400, 'Error fetching objects to export', {
            attributes: { objects: missing.map((m) => ({ ...m, error: { statusCode: 404, error: 'Not Found', message: `Saved object [${m.type}/${m.id}] not found` } })) },
          });
        }
        roots = wanted.map((w) => state.get(w.type, w.id, space)!);
      } else if (body.type !== undefined) {
        const types = new Set(Array.isArray(body.type) ? body.type.map(String) : [String(body.type)]);
        roots = state.inSpace(space).filter((o) => types.has(o.type));
      } else return kibanaError(400, 'Either `type` or `objects` are required.');
      const { objects, missingReferences } = collectExport(state, space, roots, body.includeReferencesDeep === true);
      const lines = objects.map((o) => JSON.stringify(exportShape(o)));
      if (body.excludeExportDetails !== true) {
        lines.push(JSON.stringify({ excludedObjects: [], excludedObjectsCount: 0, exportedCount: objects.length, missingRefCount: missingReferences.length, missingReferences }));
      }
      return { status: 200, headers: { 'Content-Type': 'application/ndjson', 'Content-Disposition': 'attachment; filename="export.ndjson"' }, raw: lines.join('\n') + '\n' };
    },
  });

  both({
    method: 'GET',
    path: '/api/saved_objects/_find',
    handle(ctx) {
      const types = ctx.query.getAll('type').flatMap((t) => t.split(','));
      if (!types.length) return kibanaError(400, '[request query.type]: expected at least one defined value but got [undefined]');
      const perPage = Number(ctx.query.get('per_page') ?? 20);
      const page = Number(ctx.query.get('page') ?? 1);
      if (!Number.isInteger(perPage) || perPage < 0 || !Number.isInteger(page) || page < 1) return kibanaError(400, '[request query]: per_page and page must be positive integers');
      if (page * perPage > maxPerPage) return kibanaError(400, `Result window is too large, page * perPage must be less than or equal to: [${maxPerPage}]`);
      const fields = ctx.query.getAll('search_fields').flatMap((f) => f.split(','));
      const search = ctx.query.get('search');
      let refs: { type: string; id: string }[] = [];
      const hasRef = ctx.query.get('has_reference');
      if (hasRef) {
        const p = parseJson(Buffer.from(hasRef));
        if ('error' in p) return kibanaError(400, '[request query.has_reference]: could not parse object value from json input');
        refs = (Array.isArray(p.value) ? p.value : [p.value]).filter(isObject).map((r) => ({ type: String(r.type), id: String(r.id) }));
      }
      // Elasticsearch's simple_query_string, reduced to a case-insensitive phrase or prefix match.
      const needle = search ? search.replace(/^"|"$/g, '').replace(/\*$/, '').toLowerCase() : undefined;
      const hits = state.inSpace(spaceOf(ctx)).filter((o) => {
        if (!types.includes(o.type)) return false;
        if (refs.length && !refs.some((r) => o.references.some((x) => x.type === r.type && x.id === r.id))) return false;
        if (needle === undefined) return true;
        return (fields.length ? fields : ['title']).some((f) => String(o.attributes[f] ?? '').toLowerCase().includes(needle));
      });
      const slice = hits.slice((page - 1) * perPage, page * perPage);
      return { status: 200, json: { page, per_page: perPage, total: hits.length, saved_objects: slice.map((o) => ({ ...apiShape(o), score: 0 })) } };
    },
  });

  both({
    method: 'GET',
    path: '/api/saved_objects/:type/:id',
    handle(ctx) {
      const o = state.get(ctx.params.type!, ctx.params.id!, spaceOf(ctx));
      return o ? { status: 200, json: apiShape(o) } : kibanaError(404, `Saved object [${ctx.params.type}/${ctx.params.id}] not found`);
    },
  });

  both({
    method: 'DELETE',
    path: '/api/saved_objects/:type/:id',
    write: true,
    handle(ctx) {
      const { type, id } = ctx.params as { type: string; id: string };
      const denied = forbidden(ctx, 'delete', [type]);
      if (denied) return denied;
      const o = state.get(type, id, spaceOf(ctx));
      if (!o || o.namespaces.includes('*')) return kibanaError(404, `Saved object [${type}/${id}] not found`);
      state.delete(type, id);
      return { status: 200, json: {} };
    },
  });

  routes.push(
    {
      method: 'GET',
      path: '/api/spaces/space',
      handle: () => ({ status: 200, json: [...state.spaces.values()] }),
    },
    {
      method: 'GET',
      path: '/api/spaces/space/:id',
      handle: (ctx) => {
        const s = state.spaces.get(ctx.params.id!);
        return s ? { status: 200, json: s } : kibanaError(404, 'Not Found');
      },
    },
    {
      method: 'POST',
      path: '/api/spaces/space',
      write: true,
      handle(ctx) {
        const c = ctx.principal.credential;
        if ((c.canManageSpaces ?? c.canWrite) === false) return kibanaError(403, 'Unable to create Space, this action is not allowed');
        const parsed = parseJson(ctx.body);
        if ('error' in parsed || !isObject(parsed.value)) return kibanaError(400, 'Invalid request payload JSON format');
        const { id, name, description, color, initials, disabledFeatures } = parsed.value;
        if (typeof id !== 'string' || !/^[a-z0-9_-]+$/.test(id)) return kibanaError(400, '[request body.id]: must be lower case, a-z, 0-9, \'_\', and \'-\' are allowed');
        if (typeof name !== 'string' || !name) return kibanaError(400, '[request body.name]: must not be empty');
        if (state.spaces.has(id)) return kibanaError(409, `A space with the identifier ${id} already exists.`);
        const space = {
          id,
          name,
          ...(typeof description === 'string' ? { description } : {}),
          ...(typeof color === 'string' ? { color } : {}),
          ...(typeof initials === 'string' ? { initials } : {}),
          disabledFeatures: Array.isArray(disabledFeatures) ? disabledFeatures.map(String) : [],
        };
        state.addSpace(space);
        return { status: 200, json: space };
      },
    },
  );

  const credentialOf = (ctx: RequestContext<KibanaPrincipal>): KibanaPrincipal | undefined => {
    const a = authorization(ctx.headers);
    if (a?.scheme === 'apikey') {
      const [id, key] = Buffer.from(a.value, 'base64').toString('utf8').split(':');
      const c = credentials.find((x) => x.apiKeyId !== undefined && x.apiKeyId === id && x.apiKey === key);
      return c ? { credential: c, name: `api key ${c.apiKeyId}` } : undefined;
    }
    if (a?.scheme === 'basic') {
      const b = parseBasic(a.value);
      const c = b && credentials.find((x) => x.username !== undefined && x.username === b.user && x.password === b.password);
      return c ? { credential: c, name: c.username! } : undefined;
    }
    return undefined;
  };

  const handle = await startServer<KibanaPrincipal, KibanaState>(
    {
      name: 'Kibana',
      routes,
      errorReply: (status, message) => kibanaError(status, status === 413 ? `Payload content length greater than maximum allowed: ${options.maxBodyBytes ?? MAX_IMPORT_BYTES}` : message),
      describePrincipal: (p) => p.name,
      authenticate(ctx) {
        const principal = credentialOf(ctx);
        if (!principal) {
          return {
            reply: {
              ...kibanaError(401, 'unable to authenticate user for REST request [/_security/_authenticate]', { attributes: { authResponseHeaders: {} } }),
              headers: { 'WWW-Authenticate': 'Basic realm="security" charset="UTF-8", ApiKey' },
            },
          };
        }
        return { principal };
      },
      beforeHandle(ctx) {
        // Kibana's XSRF check runs after authentication, on every method but GET/HEAD.
        if (!['GET', 'HEAD'].includes(ctx.method) && ctx.headers['kbn-xsrf'] === undefined) return kibanaError(400, 'Request must contain a kbn-xsrf header.');
        const space = ctx.params.space;
        // A URL naming a space that does not exist [unverified message].
        if (space !== undefined && !state.spaces.has(space)) return kibanaError(404, `Saved object [space/${space}] not found`);
        return undefined;
      },
    },
    { maxBodyBytes: MAX_IMPORT_BYTES, ...options },
    state,
  );
  return { ...handle, credentials };
}
