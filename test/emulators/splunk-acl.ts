// Splunk view permissions (vendor-formats.md §3.8, REST "Access Control List"): POST
// .../views/{name}/acl with `sharing` and `owner` (both required, as the Splunk SDK's
// acl_update insists) and `perms.read` / `perms.write` (comma-separated roles, `*` for every
// role). A post replaces the view's perms: a list it leaves out falls back to the app's
// default. GET on the same path shows the ACL; authorization/roles lists the roles.

import type { Entry, Feed } from './splunk-format.js';
import { feedReply, splunkError } from './splunk-format.js';
import { APP_DEFAULT_VIEW_PERMS, type Sharing, type SplunkState, splunkTime, type SplunkUser, type SplunkView } from './splunk-state.js';
import type { Reply, RequestContext, RouteDef } from './server.js';

interface Principal {
  readonly user: SplunkUser;
}
type Ctx = RequestContext<Principal>;

/** What the ACL routes take from splunk.ts. */
export interface SplunkAclDeps {
  readonly state: SplunkState;
  /** The server's base URL, known once it listens. */
  base(): string;
  args(ctx: Ctx): URLSearchParams;
  jsonMode(ctx: Ctx): boolean;
  unsupported(ctx: Ctx, allowed: readonly string[]): Reply | undefined;
  resolveView(ctx: Ctx): SplunkView | Reply;
  viewEntry(v: SplunkView, user: string): Entry;
}

/** `a, b,,c` → [a, b, c]; an empty value is an empty list. */
function roleList(s: string): string[] {
  return [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))];
}

export function splunkAclRoutes(deps: SplunkAclDeps): RouteDef<Principal>[] {
  const { state } = deps;
  const isReply = (x: SplunkView | Reply): x is Reply => 'status' in x;
  const viewsFeed = (ctx: Ctx, v: SplunkView): Feed => ({ title: 'views', path: `/servicesNS/${ctx.params.owner}/${ctx.params.app}/data/ui/views`, entries: [deps.viewEntry(v, ctx.principal.user.name)] });

  const roleEntry = (name: string): Entry => ({
    name,
    path: `/services/authorization/roles/${encodeURIComponent(name)}`,
    updated: splunkTime(),
    author: 'system',
    acl: { app: '', owner: 'nobody', sharing: 'system', can_list: true, can_write: true, modifiable: true, removable: false },
    // [unverified] only the members a client is likely to read
    content: { capabilities: name === 'admin' ? ['admin_all_objects'] : [], imported_roles: name === 'admin' ? ['power', 'user'] : name === 'power' ? ['user'] : [] },
  });

  return [
    {
      method: 'GET',
      path: '/servicesNS/:owner/:app/data/ui/views/:name/acl',
      handle(ctx) {
        const v = deps.resolveView(ctx);
        // [unverified] the ACL path answers with the view's entry, whose `acl` is the ACL
        return isReply(v) ? v : feedReply(200, viewsFeed(ctx, v), deps.base(), deps.jsonMode(ctx));
      },
    },
    {
      method: 'POST',
      path: '/servicesNS/:owner/:app/data/ui/views/:name/acl',
      write: true,
      handle(ctx) {
        const json = deps.jsonMode(ctx);
        const bad = deps.unsupported(ctx, ['sharing', 'owner', 'perms.read', 'perms.write', 'output_mode']);
        if (bad) return bad;
        const v = deps.resolveView(ctx);
        if (isReply(v)) return v;
        const a = deps.args(ctx);
        const sharing = a.get('sharing');
        const newOwner = a.get('owner');
        // [unverified exact texts] splunkd requires both; `system` is for app-level objects.
        if (sharing !== 'user' && sharing !== 'app' && sharing !== 'global') return splunkError(400, 'Argument "sharing" must be one of user, app, global.', json);
        if (!newOwner) return splunkError(400, 'Missing argument: owner', json);
        if (newOwner !== 'nobody' && !state.users.has(newOwner)) return splunkError(400, `User does not exist: ${newOwner}`, json);
        const user = ctx.principal.user;
        const sharesIt = sharing !== 'user' && v.sharing === 'user';
        if (!state.canWrite(user.name, v) || (sharing === 'global' && !state.isAdmin(user.name)) || (sharesIt && !user.roles.some((r) => r === 'admin' || r === 'power'))) {
          return splunkError(403, `You (user=${user.name}) do not have permission to change the permissions of this object.`, json);
        }
        if (state.clash(v.name, v.app, sharing as Sharing, newOwner, v)) return splunkError(409, `An object with name=${v.name} already exists`, json);
        const read = a.get('perms.read');
        const write = a.get('perms.write');
        v.sharing = sharing;
        v.owner = newOwner;
        // The post replaces the perms; role names are taken as given, existing or not [unverified].
        v.perms = sharing === 'user' ? null : { read: read === null ? [...APP_DEFAULT_VIEW_PERMS.read] : roleList(read), write: write === null ? [...APP_DEFAULT_VIEW_PERMS.write] : roleList(write) };
        v.updated = splunkTime();
        return feedReply(200, viewsFeed(ctx, v), deps.base(), json);
      },
    },
    {
      method: 'GET',
      path: '/services/authorization/roles',
      handle: (ctx) => feedReply(200, { title: 'roles', path: '/services/authorization/roles', entries: [...state.roles].sort().map(roleEntry) }, deps.base(), deps.jsonMode(ctx)),
    },
    {
      method: 'GET',
      path: '/services/authorization/roles/:name',
      handle(ctx) {
        const name = ctx.params.name!;
        if (!state.roles.has(name)) return splunkError(404, `Could not find object id=${name}`, deps.jsonMode(ctx));
        return feedReply(200, { title: 'roles', path: '/services/authorization/roles', entries: [roleEntry(name)] }, deps.base(), deps.jsonMode(ctx));
      },
    },
  ];
}
