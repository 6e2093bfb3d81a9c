// Sumo Logic Dashboard API v2 emulator (vendor-formats.md §1.10): Basic auth with
// accessId:accessKey, server-assigned ids, `limit`/`token`/`next` paging, the error body
// {id, errors:[{code,message}]}, 4 requests/s per user and 10 concurrent per access key
// (429 rate.limit.exceeded), 301 for a wrong deployment, hex folder ids and the content-folder
// endpoints, including the asynchronous content import. Roles, users and content permissions
// are in sumologic-permissions.ts.

import type { FaultPlan } from './faults.js';
import { authorization, hexId, mediaType, parseBasic, parseJson } from './http-util.js';
import { type EmulatorHandle, type Reply, type RequestContext, type RouteDef, type ServerOptions, startServer } from './server.js';
import { sumoPermissionRoutes } from './sumologic-permissions.js';
import { type SumoDoc, SumoState, type SumoUser } from './sumologic-state.js';
import type { PayloadValidator } from './validate.js';

export { SumoState } from './sumologic-state.js';
export type { SumoPermissionInput, SumoRole, SumoShareNotification, SumoUser } from './sumologic-state.js';
export type { SumoAssignment, SumoEffectiveAccess, SumoEffectiveGrant, SumoPermissionName, SumoSourceType } from './sumologic-access.js';

export interface SumoCredential {
  readonly accessId: string;
  readonly accessKey: string;
  /** The user the key belongs to (rate limits are per user). */
  readonly email?: string;
  /** false: a valid key whose role lacks the capability to manage content (403 on writes). */
  readonly canWrite?: boolean;
  /** Role names of the key's user; default Administrator for a key that may write, else Analyst. */
  readonly roles?: readonly string[];
}

export interface SumoRoleSeed {
  readonly name: string;
  readonly description?: string;
  /** `manageContent` makes the role's users Content Administrators (the isAdminMode header). */
  readonly capabilities?: readonly string[];
}

export interface SumoRateLimits {
  /** Token refill per second, per user (Sumo: 4). */
  readonly perSecond?: number;
  /** Bucket size: how many requests may come at once after a quiet period (default: perSecond). */
  readonly burst?: number;
  /** Requests in flight per access key (Sumo: 10). */
  readonly concurrentPerKey?: number;
}

export interface SumoEmulatorOptions extends ServerOptions {
  readonly credentials?: readonly SumoCredential[];
  /** false turns rate limiting off. */
  readonly rateLimits?: SumoRateLimits | false;
  /** A wrong deployment: every request with known credentials answers 301 to this base (`https://api.eu.sumologic.com/api`). */
  readonly movedTo?: string;
  /** Most dashboards a list page holds, even when `limit` asks for more (the spec allows shorter pages). */
  readonly pageSize?: number;
  /** Roles of the organisation (default Administrator, with manageContent, and Analyst). */
  readonly roles?: readonly (string | SumoRoleSeed)[];
  /** Users besides the keys' own, with role names. */
  readonly users?: readonly { readonly email: string; readonly roles?: readonly string[] }[];
  /** The organisation's id: the `sourceId` of `org` permissions (default: random hex). */
  readonly orgId?: string;
  readonly validate?: PayloadValidator;
  readonly faults?: FaultPlan;
}

export interface SumoEmulator extends EmulatorHandle<SumoState> {
  readonly credentials: readonly SumoCredential[];
}

export const SUMO_DEFAULT_CREDENTIALS: readonly SumoCredential[] = [
  { accessId: 'suEmulatorAdmin', accessKey: 'emulator-sumo-access-key', email: 'dev@example.com', canWrite: true },
  { accessId: 'suEmulatorViewer', accessKey: 'emulator-sumo-viewer-key', email: 'viewer@example.com', canWrite: false },
];

export interface SumoPrincipal {
  readonly credential: SumoCredential;
  readonly user: SumoUser;
}

/** Sumo's default roles [inferred: new organisations come with Administrator and Analyst]. */
export const SUMO_DEFAULT_ROLES: readonly SumoRoleSeed[] = [
  { name: 'Administrator', description: 'Administrator role', capabilities: ['manageContent', 'manageUsersAndRoles', 'manageCollectors', 'viewCollectors'] },
  { name: 'Analyst', description: 'Analyst role', capabilities: [] },
];

/** Request ids look like `IUUQI-DGH5I-TJ045` (spec example). */
function requestId(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const group = () => Array.from({ length: 5 }, () => chars[Math.floor(Math.random() * chars.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

// Codes of the generic status table in Sumo's API docs; the codes of 400/404 answers of the
// dashboard and content endpoints are not documented [unverified] and use an `area:reason` form
// like the codes Sumo is seen to return (e.g. `topologylinking:internal_error`).
const GENERIC_CODES: Record<number, [string, string]> = {
  301: ['moved', 'The requested resource SHOULD be accessed through returned URI in Location Header.'],
  401: ['unauthorized', 'Credential could not be verified.'],
  403: ['forbidden', "This operation is not allowed for your account type or the user doesn't have the role capability to perform this action."],
  404: ['notfound', 'Requested resource could not be found.'],
  405: ['method.unsupported', 'Unsupported method for URL.'],
  413: ['request.too.large', 'Request entity too large.'],
  415: ['contenttype.invalid', 'Invalid content type.'],
  429: ['rate.limit.exceeded', 'The API request rate is higher than 4 request per second or inflight API requests are higher than 10.'],
  500: ['internal.error', 'Internal server error.'],
  503: ['service.unavailable', 'Service is currently unavailable.'],
};

function sumoError(status: number, code?: string, message?: string, extra: { detail?: string; meta?: unknown } = {}): Reply {
  const [genericCode, genericMessage] = GENERIC_CODES[status] ?? ['bad.request', 'Bad request.'];
  return { status, json: { id: requestId(), errors: [{ code: code ?? genericCode, message: message ?? genericMessage, ...extra }] } };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const HEX = /^[0-9A-Fa-f]+$/;

class TokenBucket {
  private tokens: number;
  private last = performance.now();
  constructor(
    private readonly rate: number,
    private readonly size: number,
  ) {
    this.tokens = size;
  }
  /** 0 when a token was taken, else the seconds to wait for one. */
  take(): number {
    const t = performance.now();
    this.tokens = Math.min(this.size, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.rate));
  }
}

export async function startSumoEmulator(options: SumoEmulatorOptions = {}): Promise<SumoEmulator> {
  const credentials = options.credentials ?? SUMO_DEFAULT_CREDENTIALS;
  const state = new SumoState(options.orgId);
  for (const r of options.roles ?? SUMO_DEFAULT_ROLES) (typeof r === 'string' ? state.addRole(r) : state.addRole(r.name, r));
  const userOf = (c: SumoCredential) => state.user(c.email ?? `${c.accessId}@example.com`, c.roles ?? [c.canWrite === false ? 'Analyst' : 'Administrator']);
  for (const c of credentials) userOf(c);
  for (const u of options.users ?? []) state.user(u.email, u.roles ?? []);
  const limits = options.rateLimits === false ? undefined : { perSecond: 4, concurrentPerKey: 10, ...(options.rateLimits ?? {}) };
  const buckets = new Map<string, TokenBucket>();
  const inFlightPerKey = new Map<string, number>();
  const pageTokens = new Map<string, { offset: number; mode: string; email: string }>();

  const credentialOf = (ctx: RequestContext<SumoPrincipal>): SumoCredential | undefined => {
    const a = authorization(ctx.headers);
    const basic = a?.scheme === 'basic' ? parseBasic(a.value) : undefined;
    return basic ? credentials.find((c) => c.accessId === basic.user && c.accessKey === basic.password) : undefined;
  };

  const jsonBody = (ctx: RequestContext<SumoPrincipal>): { value: SumoDoc } | { reply: Reply } => {
    if (mediaType(ctx.headers) !== 'application/json') return { reply: sumoError(415) };
    const parsed = parseJson(ctx.body);
    if ('error' in parsed) return { reply: sumoError(400, 'api:invalid_json', `Request body is not valid JSON: ${parsed.error}`) };
    if (!isObject(parsed.value)) return { reply: sumoError(400, 'api:invalid_json', 'Request body must be a JSON object.') };
    return { value: parsed.value };
  };

  /** Product rules first (the spec's required members, hex folder ids), then the payload validator. */
  const checkRequest = async (doc: SumoDoc, user: SumoUser, validated: string = JSON.stringify(doc)): Promise<Reply | undefined> => {
    if (typeof doc.title !== 'string' || doc.title.length < 1 || doc.title.length > 255) return sumoError(400, 'dashboard:invalid_title', 'title must be 1 to 255 characters long.');
    if (!isObject(doc.timeRange)) return sumoError(400, 'dashboard:invalid_time_range', 'timeRange is required.');
    if (doc.folderId !== undefined) {
      if (typeof doc.folderId !== 'string' || !HEX.test(doc.folderId)) return sumoError(400, 'content:invalid_id', `Folder id ${JSON.stringify(doc.folderId)} is not a hexadecimal content id.`);
      const f = state.folders.get(doc.folderId.toUpperCase());
      if (!f || !state.viewable(user.email, f.id)) return sumoError(404, 'content:folder_not_found', `Folder ${doc.folderId} does not exist.`);
      doc.folderId = f.id;
    }
    const reasons = options.validate ? await options.validate(validated) : [];
    if (reasons.length) return sumoError(400, 'dashboard:invalid_request', reasons[0], { detail: reasons.join('; '), meta: { reasons } });
    return undefined;
  };

  const findDashboard = (ctx: RequestContext<SumoPrincipal>): { doc: SumoDoc } | { reply: Reply } => {
    const doc = state.get(ctx.params.id!);
    if (!doc || !state.visibleTo(ctx.principal.user.email, String(doc.contentId))) return { reply: sumoError(404, 'dashboard:not_found', `Dashboard with id ${ctx.params.id} does not exist.`) };
    return { doc };
  };

  const folderJson = (id: string) => {
    const f = state.folders.get(id)!;
    return {
      createdAt: f.createdAt,
      createdBy: f.createdBy,
      modifiedAt: f.modifiedAt,
      modifiedBy: f.modifiedBy,
      id: f.id,
      name: f.name,
      itemType: 'Folder',
      parentId: f.parentId,
      permissions: ['View', 'GrantView', 'Edit', 'GrantEdit', 'Manage', 'GrantManage'],
      description: f.description,
      children: state.children(id).map((c) => ({ ...c, permissions: ['View', 'GrantView', 'Edit', 'GrantEdit', 'Manage', 'GrantManage'] })),
    };
  };

  const imports = new Map<string, { polls: number; status: 'Success' | 'Failed'; error?: { code: string; message: string } }>();

  const routes: RouteDef<SumoPrincipal>[] = [
    {
      method: 'GET',
      path: '/api/v2/dashboards',
      handle(ctx) {
        const limitText = ctx.query.get('limit');
        const limit = limitText === null ? 50 : Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) return sumoError(400, 'api:invalid_parameter', 'limit must be between 1 and 100.');
        const token = ctx.query.get('token');
        let mode = ctx.query.get('mode') ?? 'createdByUser';
        if (mode !== 'createdByUser' && mode !== 'allViewableByUser') return sumoError(400, 'api:invalid_parameter', 'Must be `createdByUser` or `allViewableByUser`');
        let offset = 0;
        if (token) {
          const t = pageTokens.get(token);
          if (!t || t.email !== ctx.principal.user.email) return sumoError(400, 'api:invalid_token', 'The continuation token is invalid or expired.');
          ({ offset, mode } = t);
        }
        const user = ctx.principal.user;
        const all = [...state.dashboards.values()]
          .filter((r) => (mode === 'createdByUser' ? r.createdBy === user.id : state.visibleTo(user.email, String(r.doc.contentId))))
          .map((r) => r.doc);
        const size = Math.min(limit, options.pageSize ?? limit);
        const page = all.slice(offset, offset + size);
        let next: string | null = null;
        if (offset + size < all.length) {
          next = hexId(16);
          pageTokens.set(next, { offset: offset + size, mode, email: user.email });
        }
        return { status: 200, json: { dashboards: page, next } };
      },
    },
    {
      method: 'POST',
      path: '/api/v2/dashboards',
      write: true,
      async handle(ctx) {
        const body = jsonBody(ctx);
        if ('reply' in body) return body.reply;
        const bad = await checkRequest(body.value, ctx.principal.user);
        if (bad) return bad;
        // No upsert: every POST creates a new dashboard with a new id (§1.10).
        return { status: 200, json: state.create(ctx.principal.user, body.value) };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/dashboards/:id',
      handle(ctx) {
        const found = findDashboard(ctx);
        return 'reply' in found ? found.reply : { status: 200, json: found.doc };
      },
    },
    {
      method: 'PUT',
      path: '/api/v2/dashboards/:id',
      write: true,
      async handle(ctx) {
        const found = findDashboard(ctx);
        if ('reply' in found) return found.reply;
        const body = jsonBody(ctx);
        if ('reply' in body) return body.reply;
        const bad = await checkRequest(body.value, ctx.principal.user);
        if (bad) return bad;
        return { status: 200, json: state.replace(ctx.principal.user, ctx.params.id!, body.value) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v2/dashboards/:id',
      write: true,
      handle(ctx) {
        const found = findDashboard(ctx);
        if ('reply' in found) return found.reply;
        state.deleteDashboard(ctx.params.id!);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/content/folders/personal',
      handle: (ctx) => ({ status: 200, json: folderJson(ctx.principal.user.personalFolderId) }),
    },
    {
      method: 'GET',
      path: '/api/v2/content/folders/:id',
      handle(ctx) {
        const id = ctx.params.id!;
        if (!HEX.test(id)) return sumoError(400, 'content:invalid_id', `Content id ${id} is not hexadecimal.`);
        const f = state.folders.get(id.toUpperCase());
        if (!f || !state.visibleTo(ctx.principal.user.email, f.id)) return sumoError(404, 'content:folder_not_found', `Folder ${id} does not exist.`);
        return { status: 200, json: folderJson(f.id) };
      },
    },
    {
      method: 'POST',
      path: '/api/v2/content/folders',
      write: true,
      handle(ctx) {
        const body = jsonBody(ctx);
        if ('reply' in body) return body.reply;
        const { name, description, parentId } = body.value;
        if (typeof name !== 'string' || name.length < 1 || name.length > 128) return sumoError(400, 'content:invalid_name', 'name must be 1 to 128 characters long.');
        if (typeof parentId !== 'string' || !HEX.test(parentId)) return sumoError(400, 'content:invalid_id', 'parentId must be a hexadecimal content id.');
        const parent = state.folders.get(parentId.toUpperCase());
        if (!parent || !state.viewable(ctx.principal.user.email, parent.id)) return sumoError(404, 'content:folder_not_found', `Folder ${parentId} does not exist.`);
        // Names are unique within a folder (content import says so; folders alike [inferred]).
        if (state.children(parent.id).some((c) => c.name === name)) return sumoError(400, 'content:duplicate_content', `Content with same name already exists. Name = ${name} & Existing Parent ID = ${parent.id}`);
        const f = state.createFolder(ctx.principal.user, name, parent.id, typeof description === 'string' ? description : '');
        return { status: 200, json: folderJson(f.id) };
      },
    },
    {
      method: 'PUT',
      path: '/api/v2/content/folders/:id',
      write: true,
      handle(ctx) {
        const f = state.folders.get(ctx.params.id!.toUpperCase());
        if (!f || !state.viewable(ctx.principal.user.email, f.id)) return sumoError(404, 'content:folder_not_found', `Folder ${ctx.params.id} does not exist.`);
        const body = jsonBody(ctx);
        if ('reply' in body) return body.reply;
        if (typeof body.value.name !== 'string' || !body.value.name) return sumoError(400, 'content:invalid_name', 'name is required.');
        f.name = body.value.name;
        if (typeof body.value.description === 'string') f.description = body.value.description;
        f.modifiedAt = new Date().toISOString();
        f.modifiedBy = ctx.principal.user.id;
        return { status: 200, json: folderJson(f.id) };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/content/path',
      handle(ctx) {
        const p = ctx.query.get('path') ?? '';
        const user = ctx.principal.user;
        const m = /^\/Library\/Users\/([^/]+)(\/.*)?$/.exec(p) ?? /^\/Library\/(Admin Recommended)(\/.*)?$/.exec(p);
        let id: string | undefined;
        if (m && m[1] === 'Admin Recommended') id = state.adminRecommendedId;
        else if (m && m[1] === user.email) id = user.personalFolderId;
        for (const name of (m?.[2] ?? '').split('/').filter(Boolean)) {
          id = id === undefined ? undefined : state.children(id).find((c) => c.name === name)?.id;
        }
        if (!id) return sumoError(404, 'content:path_not_found', `Content with path ${p} does not exist.`);
        if (state.folders.has(id)) {
          const { children: _children, description: _description, ...item } = folderJson(id);
          return { status: 200, json: item };
        }
        const rec = [...state.dashboards.values()].find((r) => r.doc.contentId === id)!;
        return { status: 200, json: { createdAt: rec.createdAt, createdBy: rec.createdBy, modifiedAt: rec.modifiedAt, modifiedBy: rec.modifiedBy, id, name: rec.doc.title, itemType: 'Dashboard', parentId: rec.doc.folderId, permissions: ['View', 'Edit', 'Manage'] } };
      },
    },
    {
      method: 'POST',
      path: '/api/v2/content/folders/:folderId/import',
      write: true,
      async handle(ctx) {
        const folderId = ctx.params.folderId!;
        if (!HEX.test(folderId)) return sumoError(400, 'content:invalid_id', `Folder id ${folderId} is not hexadecimal (the UI shows decimal ids; the API takes hex).`);
        const folder = state.folders.get(folderId.toUpperCase());
        if (!folder || !state.viewable(ctx.principal.user.email, folder.id)) return sumoError(404, 'content:folder_not_found', `Folder ${folderId} does not exist.`);
        const body = jsonBody(ctx);
        if ('reply' in body) return body.reply;
        const def = body.value;
        if (def.type !== 'DashboardV2SyncDefinition') return sumoError(400, 'content:unsupported_type', `The emulator imports DashboardV2SyncDefinition only, got ${JSON.stringify(def.type)}.`);
        if (typeof def.name !== 'string' || !def.name) return sumoError(400, 'content:invalid_name', 'name is required.');
        const { type: _t, name, rootPanel: _r, coloringRules: _c, ...rest } = def;
        const request: SumoDoc = { ...rest, title: rest.title ?? name, folderId: folder.id };
        const jobId = hexId();
        // The import is asynchronous: problems surface in the job status, not here.
        const bad = await checkRequest(request, ctx.principal.user, JSON.stringify(rest));
        if (bad) {
          const err = (bad.json as { errors: { code: string; message: string }[] }).errors[0]!;
          imports.set(jobId, { polls: 0, status: 'Failed', error: err });
          return { status: 200, json: { id: jobId } };
        }
        const overwrite = ctx.query.get('overwrite') === 'true';
        const clash = [...state.dashboards.values()].find((r) => r.doc.folderId === folder.id && r.doc.title === request.title);
        if (clash && !overwrite) {
          imports.set(jobId, { polls: 0, status: 'Failed', error: { code: 'content:duplicate_content', message: `Content with same name already exists. Name = ${String(request.title)} & Existing Parent ID = ${folder.id}` } });
        } else {
          // Whether overwrite keeps the dashboard id is undocumented [unverified]: kept here.
          if (clash) state.replace(ctx.principal.user, String(clash.doc.id), request);
          else state.create(ctx.principal.user, request);
          imports.set(jobId, { polls: 0, status: 'Success' });
        }
        return { status: 200, json: { id: jobId } };
      },
    },
    ...sumoPermissionRoutes<SumoPrincipal>({ state, sumoError, jsonBody }),
    {
      method: 'GET',
      path: '/api/v2/content/folders/:folderId/import/:jobId/status',
      handle(ctx) {
        const job = imports.get(ctx.params.jobId!);
        if (!job) return sumoError(404, 'content:job_not_found', `Import job ${ctx.params.jobId} does not exist.`);
        // The first poll sees the job still running, so clients have to poll.
        if (job.polls++ === 0) return { status: 200, json: { status: 'InProgress', statusMessage: '' } };
        return { status: 200, json: job.error ? { status: job.status, error: job.error } : { status: job.status, statusMessage: '' } };
      },
    },
  ];

  const handle = await startServer<SumoPrincipal, SumoState>(
    {
      name: 'Sumo Logic',
      routes,
      errorReply: (status) => sumoError(status),
      describePrincipal: (p) => p.credential.accessId,
      beforeRoute(ctx) {
        // A wrong deployment knows the key's real home and points there [unverified mechanism].
        if (options.movedTo && credentialOf(ctx)) {
          const target = options.movedTo.replace(/\/$/, '') + ctx.path.replace(/^\/api/, '') + ctx.url.search;
          return { ...sumoError(301), headers: { Location: target } };
        }
        return undefined;
      },
      authenticate(ctx) {
        const credential = credentialOf(ctx);
        if (!credential) return { reply: sumoError(401) };
        if (ctx.write && credential.canWrite === false) return { reply: sumoError(403) };
        return { principal: { credential, user: state.user(credential.email ?? `${credential.accessId}@example.com`) } };
      },
      beforeHandle(ctx) {
        if (!limits) return undefined;
        const key = ctx.principal.credential.accessId;
        const inFlight = inFlightPerKey.get(key) ?? 0;
        // Sumo documents no Retry-After header [unverified]; one is sent so clients can honour it.
        if (inFlight >= limits.concurrentPerKey) return { ...sumoError(429), headers: { 'Retry-After': 1 } };
        const email = ctx.principal.user.email;
        let bucket = buckets.get(email);
        if (!bucket) buckets.set(email, (bucket = new TokenBucket(limits.perSecond, limits.burst ?? limits.perSecond)));
        const wait = bucket.take();
        if (wait > 0) return { ...sumoError(429), headers: { 'Retry-After': wait } };
        inFlightPerKey.set(key, inFlight + 1);
        ctx.locals.set('slot', key);
        return undefined;
      },
      onFinish(ctx) {
        const key = ctx.locals.get('slot') as string | undefined;
        if (key) inFlightPerKey.set(key, (inFlightPerKey.get(key) ?? 1) - 1);
      },
    },
    options,
    state,
  );
  return { ...handle, credentials };
}
