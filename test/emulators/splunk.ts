// Splunk REST (splunkd) emulator for data/ui/views (vendor-formats.md §3.8): form-encoded
// create with `name` + `eai:data`, update without `name` (400 if resent), 409 on an existing
// name, `output_mode=json` (Atom XML otherwise), count/offset paging, DELETE, `/acl` and roles
// (splunk-acl.ts), private views of other users invisible (404), apps under
// /services/apps/local, Bearer / Splunk session key / Basic auth, login at /services/auth/login.

import { randomBytes } from 'node:crypto';
import type { FaultPlan } from './faults.js';
import { authorization, parseBasic } from './http-util.js';
import { type EmulatorHandle, type Reply, type RequestContext, type RouteDef, type ServerOptions, startServer } from './server.js';
import { splunkAclRoutes } from './splunk-acl.js';
import { type Entry, feedReply, SPLUNK_VERSION, splunkError, viewContent, wantsJson } from './splunk-format.js';
import { type Sharing, SplunkState, splunkTime, type SplunkUser, type SplunkView } from './splunk-state.js';
import type { PayloadValidator } from './validate.js';
import { checkXml } from './xml-wellformed.js';

export { SplunkState } from './splunk-state.js';
export type { SplunkPerms, SplunkUser, SplunkView, SplunkViewAccess } from './splunk-state.js';

export interface SplunkEmulatorOptions extends ServerOptions {
  readonly users?: readonly SplunkUser[];
  /** Roles that exist besides admin, power, user and the users' own. */
  readonly roles?: readonly string[];
  /** Apps that exist (default search, launcher). */
  readonly apps?: readonly string[];
  readonly validate?: PayloadValidator;
  readonly faults?: FaultPlan;
}

export interface SplunkEmulator extends EmulatorHandle<SplunkState> {
  readonly users: readonly SplunkUser[];
}

export const SPLUNK_DEFAULT_USERS: readonly SplunkUser[] = [
  { name: 'admin', password: 'emulator-admin-password', roles: ['admin'], tokens: ['emulator-splunk-admin-token'] },
  { name: 'viewer', password: 'emulator-viewer-password', roles: ['user'], tokens: ['emulator-splunk-viewer-token'] },
];

interface SplunkPrincipal {
  readonly user: SplunkUser;
}

type Ctx = RequestContext<SplunkPrincipal>;

/** splunkd takes arguments from the query string and the form-encoded body alike. */
function args(ctx: Ctx): URLSearchParams {
  const merged = new URLSearchParams(ctx.url.search);
  for (const [k, v] of new URLSearchParams(ctx.body.toString('utf8'))) merged.append(k, v);
  return merged;
}

const jsonMode = (ctx: Ctx) => wantsJson(args(ctx).get('output_mode'));

function unsupported(ctx: Ctx, allowed: readonly string[]): Reply | undefined {
  for (const k of args(ctx).keys()) {
    if (!allowed.includes(k)) return splunkError(400, `Argument "${k}" is not supported by this handler.`, jsonMode(ctx));
  }
  return undefined;
}

export async function startSplunkEmulator(options: SplunkEmulatorOptions = {}): Promise<SplunkEmulator> {
  const users = options.users ?? SPLUNK_DEFAULT_USERS;
  const state = new SplunkState(options.apps ?? ['search', 'launcher'], users, options.roles);
  const sessions = new Map<string, string>();
  let base = '';

  const viewPath = (v: SplunkView) => `/servicesNS/${v.sharing === 'user' ? v.owner : 'nobody'}/${v.app}/data/ui/views/${encodeURIComponent(v.name)}`;
  const viewEntry = (v: SplunkView, user: string): Entry => {
    const canWrite = state.canWrite(user, v);
    return {
      name: v.name,
      path: viewPath(v),
      updated: v.updated,
      author: v.author,
      acl: {
        app: v.app,
        can_change_perms: canWrite,
        can_list: true,
        can_share_app: canWrite,
        can_share_global: state.isAdmin(user),
        can_share_user: true,
        can_write: canWrite,
        modifiable: true,
        owner: v.owner,
        perms: v.perms,
        removable: canWrite,
        sharing: v.sharing,
      },
      content: viewContent(v.app, v.owner, v.eaiData),
    };
  };

  /** The namespace must name an existing app (or `-`) and an existing user (or `-`, `nobody`). */
  const namespace = (ctx: Ctx): Reply | undefined => {
    const { owner, app } = ctx.params as { owner: string; app: string };
    if (app !== '-' && !state.apps.has(app)) return splunkError(404, `Application does not exist: ${app}`, jsonMode(ctx));
    if (owner !== '-' && owner !== 'nobody' && !state.users.has(owner)) return splunkError(404, `User does not exist: ${owner}`, jsonMode(ctx));
    return undefined;
  };

  /** eai:data must parse as XML (splunkd refuses it otherwise), then pass the validator. */
  const checkView = async (ctx: Ctx, xml: string): Promise<Reply | undefined> => {
    const parsed = checkXml(xml);
    // [unverified exact text] splunkd reports XML errors with the line, like libxml2.
    if (!parsed.ok) return splunkError(400, `Error parsing XML on line ${parsed.line}: ${parsed.message}`, jsonMode(ctx));
    const reasons = options.validate ? await options.validate(xml) : [];
    if (reasons.length) return splunkError(400, `Invalid view XML: ${reasons.join('; ')}`, jsonMode(ctx));
    return undefined;
  };

  const resolveView = (ctx: Ctx): SplunkView | Reply => {
    const bad = namespace(ctx);
    if (bad) return bad;
    const { owner, app, name } = ctx.params as { owner: string; app: string; name: string };
    const v = state.resolve(ctx.principal.user.name, owner, app, name);
    return v ?? splunkError(404, `Could not find object id=${name}`, jsonMode(ctx));
  };
  const isReply = (x: SplunkView | Reply): x is Reply => 'status' in x;

  const cannotWrite = (ctx: Ctx, v: SplunkView): Reply =>
    splunkError(403, `User '${ctx.principal.user.name}' with roles { ${ctx.principal.user.roles.join(', ')} } cannot write: /${v.owner}/${v.app}/views/${v.name}`, jsonMode(ctx));

  const routes: RouteDef<SplunkPrincipal>[] = [
    {
      method: 'POST',
      path: '/services/auth/login',
      write: false,
      auth: false,
      handle(ctx) {
        const a = args(ctx);
        const u = users.find((x) => x.name === a.get('username') && x.password === a.get('password'));
        const json = jsonMode(ctx);
        if (!u) return splunkError(401, 'Login failed', json, 'WARN');
        const key = randomBytes(24).toString('base64url');
        sessions.set(key, u.name);
        if (json) return { status: 200, json: { sessionKey: key } };
        return { status: 200, headers: { 'Content-Type': 'text/xml; charset=UTF-8' }, raw: `<response>\n  <sessionKey>${key}</sessionKey>\n</response>\n` };
      },
    },
    {
      method: 'GET',
      path: '/services/server/info',
      handle: (ctx) =>
        feedReply(200, { title: 'server-info', path: '/services/server/info', entries: [{ name: 'server-info', path: '/services/server/info/server-info', updated: splunkTime(), author: 'system', acl: {}, content: { version: SPLUNK_VERSION, serverName: 'splunk-emulator', product_type: 'enterprise' } }] }, base, jsonMode(ctx)),
    },
    {
      method: 'GET',
      path: '/services/apps/local',
      handle(ctx) {
        const entries = [...state.apps.values()].map((a) => ({ name: a.name, path: `/servicesNS/nobody/system/apps/local/${a.name}`, updated: splunkTime(), author: a.author, acl: { app: 'system', owner: 'nobody', sharing: 'app', perms: { read: ['*'], write: ['admin'] } }, content: { label: a.label, visible: a.visible, disabled: false, version: a.version } }));
        return feedReply(200, { title: 'localapps', path: '/services/apps/local', entries }, base, jsonMode(ctx));
      },
    },
    {
      method: 'GET',
      path: '/services/apps/local/:name',
      handle(ctx) {
        const a = state.apps.get(ctx.params.name!);
        if (!a) return splunkError(404, `Could not find object id=${ctx.params.name}`, jsonMode(ctx));
        return feedReply(200, { title: 'localapps', path: '/services/apps/local', entries: [{ name: a.name, path: `/servicesNS/nobody/system/apps/local/${a.name}`, updated: splunkTime(), author: a.author, acl: { app: 'system', owner: 'nobody', sharing: 'app' }, content: { label: a.label, visible: a.visible, disabled: false, version: a.version } }] }, base, jsonMode(ctx));
      },
    },
    {
      method: 'POST',
      path: '/services/apps/local',
      write: true,
      handle(ctx) {
        const json = jsonMode(ctx);
        if (!state.isAdmin(ctx.principal.user.name)) return splunkError(403, `You (user=${ctx.principal.user.name}) do not have permission to perform this operation (requires capability: admin_all_objects).`, json);
        const bad = unsupported(ctx, ['name', 'label', 'visible', 'template', 'author', 'description', 'version', 'output_mode']);
        if (bad) return bad;
        const a = args(ctx);
        const name = a.get('name');
        if (!name) return splunkError(400, 'Missing argument: name', json);
        // [unverified exact text]
        if (state.apps.has(name)) return splunkError(409, `An object with name=${name} already exists`, json);
        const app = state.addApp(name, a.get('label') ?? name, !['0', 'false'].includes(a.get('visible') ?? '1'));
        return feedReply(201, { title: 'localapps', path: '/services/apps/local', entries: [{ name, path: `/servicesNS/nobody/system/apps/local/${name}`, updated: splunkTime(), author: ctx.principal.user.name, acl: { app: 'system', owner: 'nobody', sharing: 'app' }, content: { label: app.label, visible: app.visible, disabled: false, version: app.version } }] }, base, json);
      },
    },
    {
      method: 'GET',
      path: '/servicesNS/:owner/:app/data/ui/views',
      handle(ctx) {
        const bad = namespace(ctx);
        if (bad) return bad;
        const { owner, app } = ctx.params as { owner: string; app: string };
        const a = args(ctx);
        const count = Number(a.get('count') ?? 30);
        const offset = Number(a.get('offset') ?? 0);
        if (!Number.isInteger(count) || !Number.isInteger(offset) || offset < 0) return splunkError(400, 'count and offset must be integers', jsonMode(ctx));
        const terms = (a.get('search') ?? '').split(/\s+/).filter(Boolean);
        const user = ctx.principal.user.name;
        const all = state
          .visible(user, owner, app)
          .filter((v) =>
            terms.every((t) => {
              const m = /^([\w.:]+)=(.*)$/.exec(t);
              if (!m) return v.name.toLowerCase().includes(t.toLowerCase());
              const field: Record<string, string> = { name: v.name, 'eai:acl.owner': v.owner, 'eai:acl.app': v.app, 'eai:appName': v.app, 'eai:acl.sharing': v.sharing };
              return field[m[1]!] === m[2];
            }),
          )
          .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        // count=0 (and the terraform client's -1) mean everything
        const page = count <= 0 ? all.slice(offset) : all.slice(offset, offset + count);
        return feedReply(200, { title: 'views', path: `/servicesNS/${owner}/${app}/data/ui/views`, entries: page.map((v) => viewEntry(v, user)), total: all.length, perPage: count <= 0 ? all.length : count, offset }, base, jsonMode(ctx));
      },
    },
    {
      method: 'POST',
      path: '/servicesNS/:owner/:app/data/ui/views',
      write: true,
      async handle(ctx) {
        const json = jsonMode(ctx);
        const bad = namespace(ctx) ?? unsupported(ctx, ['name', 'eai:data', 'output_mode']);
        if (bad) return bad;
        const { owner, app } = ctx.params as { owner: string; app: string };
        const user = ctx.principal.user;
        if (owner === '-' || app === '-') return splunkError(400, 'Cannot create an object in a wildcard namespace.', json);
        const a = args(ctx);
        const name = a.get('name');
        const xml = a.get('eai:data');
        if (!name) return splunkError(400, 'Missing argument: name', json);
        if (/[/\\]/.test(name)) return splunkError(400, `Invalid name: ${name}`, json);
        if (xml === null) return splunkError(400, 'Missing argument: eai:data', json);
        // nobody: shared with the app; a user: private to that user.
        const sharing: Sharing = owner === 'nobody' ? 'app' : 'user';
        const mayWrite = sharing === 'app' ? user.roles.some((r) => r === 'admin' || r === 'power') : owner === user.name || state.isAdmin(user.name);
        if (!mayWrite) return splunkError(403, `You (user=${user.name}) do not have permission to create objects in /${owner}/${app}.`, json);
        if (state.clash(name, app, sharing, owner)) return splunkError(409, `An object with name=${name} already exists`, json);
        const invalid = await checkView(ctx, xml);
        if (invalid) return invalid;
        const view: SplunkView = { name, app, owner, sharing, perms: sharing === 'app' ? { read: ['*'], write: ['admin', 'power'] } : null, eaiData: xml, author: user.name, updated: splunkTime() };
        state.views.push(view);
        return feedReply(201, { title: 'views', path: `/servicesNS/${owner}/${app}/data/ui/views`, entries: [viewEntry(view, user.name)] }, base, json);
      },
    },
    {
      method: 'GET',
      path: '/servicesNS/:owner/:app/data/ui/views/:name',
      handle(ctx) {
        const v = resolveView(ctx);
        if (isReply(v)) return v;
        return feedReply(200, { title: 'views', path: `/servicesNS/${ctx.params.owner}/${ctx.params.app}/data/ui/views`, entries: [viewEntry(v, ctx.principal.user.name)] }, base, jsonMode(ctx));
      },
    },
    {
      method: 'POST',
      path: '/servicesNS/:owner/:app/data/ui/views/:name',
      write: true,
      async handle(ctx) {
        // The terraform provider drops `name` before an update: splunkd refuses it (§3.8).
        const bad = unsupported(ctx, ['eai:data', 'output_mode']);
        if (bad) return bad;
        const v = resolveView(ctx);
        if (isReply(v)) return v;
        if (!state.canWrite(ctx.principal.user.name, v)) return cannotWrite(ctx, v);
        const xml = args(ctx).get('eai:data');
        if (xml !== null) {
          const invalid = await checkView(ctx, xml);
          if (invalid) return invalid;
          v.eaiData = xml;
        }
        v.updated = splunkTime();
        return feedReply(200, { title: 'views', path: `/servicesNS/${ctx.params.owner}/${ctx.params.app}/data/ui/views`, entries: [viewEntry(v, ctx.principal.user.name)] }, base, jsonMode(ctx));
      },
    },
    {
      method: 'DELETE',
      path: '/servicesNS/:owner/:app/data/ui/views/:name',
      write: true,
      handle(ctx) {
        const v = resolveView(ctx);
        if (isReply(v)) return v;
        if (!state.canWrite(ctx.principal.user.name, v)) return cannotWrite(ctx, v);
        state.views.splice(state.views.indexOf(v), 1);
        // splunkd answers a DELETE with the collection that remains.
        const { owner, app } = ctx.params as { owner: string; app: string };
        const user = ctx.principal.user.name;
        return feedReply(200, { title: 'views', path: `/servicesNS/${owner}/${app}/data/ui/views`, entries: state.visible(user, owner, app).map((x) => viewEntry(x, user)) }, base, jsonMode(ctx));
      },
    },
    ...splunkAclRoutes({ state, base: () => base, args, jsonMode, unsupported, resolveView, viewEntry }),
  ];

  const handle = await startServer<SplunkPrincipal, SplunkState>(
    {
      name: 'Splunk',
      routes,
      errorReply: (status, message, ctx) => splunkError(status, message, wantsJson(ctx.query.get('output_mode') ?? new URLSearchParams(ctx.body.toString('utf8')).get('output_mode'))),
      describePrincipal: (p) => p.user.name,
      authenticate(ctx) {
        const a = authorization(ctx.headers);
        let name: string | undefined;
        if (a?.scheme === 'bearer') name = users.find((u) => u.tokens?.includes(a.value))?.name;
        else if (a?.scheme === 'splunk') name = sessions.get(a.value);
        else if (a?.scheme === 'basic') {
          const b = parseBasic(a.value);
          name = b && users.find((u) => u.name === b.user && u.password === b.password)?.name;
        }
        const user = name ? users.find((u) => u.name === name) : undefined;
        if (!user) return { reply: splunkError(401, 'call not properly authenticated', jsonMode(ctx), 'WARN') };
        return { principal: { user } };
      },
    },
    options,
    state,
  );
  base = handle.url;
  return { ...handle, users };
}
