// What the Splunk emulator stores: apps, users, roles, and views (data/ui/views) with their
// ACL. A view is private to its owner (sharing `user`) or shared with the app or globally; the
// namespace servicesNS/{owner}/{app} decides which views a request sees (§3.8). A shared view's
// perms name roles that may read and write it, `*` standing for every role; the admin role
// (admin_all_objects) reads and writes everything.

export type Sharing = 'user' | 'app' | 'global';

export interface SplunkUser {
  readonly name: string;
  readonly password: string;
  /** `admin` may do anything; `power` may write shared views; `user` only its own. */
  readonly roles: readonly string[];
  /** Bearer tokens (JWTs in real life) that authenticate as this user. */
  readonly tokens?: readonly string[];
}

export interface SplunkApp {
  readonly name: string;
  label: string;
  visible: boolean;
  readonly author: string;
  readonly version: string;
}

export interface SplunkPerms {
  read: string[];
  write: string[];
}

/** Who can do what with a view, for tests. */
export interface SplunkViewAccess {
  readonly sharing: Sharing;
  readonly owner: string;
  /** perms.read / perms.write as stored (`*` kept); empty for a private view. */
  readonly read: readonly string[];
  readonly write: readonly string[];
  /** Known roles that can read / write it (`*` expanded, admin included); a private view: none. */
  readonly readers: readonly string[];
  readonly writers: readonly string[];
}

/**
 * The perms a shared view gets when the ACL post leaves a list out: the app's defaults for
 * views [unverified: splunkd falls back to the app's default.meta; search's grants read to * and
 * write to admin and power].
 */
export const APP_DEFAULT_VIEW_PERMS: Readonly<SplunkPerms> = { read: ['*'], write: ['admin', 'power'] };

export interface SplunkView {
  readonly name: string;
  app: string;
  /** The ACL owner; `nobody` for views created in the nobody namespace. */
  owner: string;
  sharing: Sharing;
  perms: SplunkPerms | null;
  eaiData: string;
  readonly author: string;
  updated: string;
}

/** Splunk writes times as `2024-05-01T10:20:30+00:00`. */
export function splunkTime(d = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export class SplunkState {
  readonly apps = new Map<string, SplunkApp>();
  readonly users = new Map<string, SplunkUser>();
  readonly views: SplunkView[] = [];
  /** Roles that exist (authorization/roles); ACLs may still name others. */
  readonly roles = new Set<string>();

  /** The built-in roles admin, power and user always exist; `roles` adds others. */
  constructor(apps: readonly string[], users: readonly SplunkUser[], roles: readonly string[] = []) {
    for (const name of apps) this.addApp(name);
    for (const r of ['admin', 'power', 'user', ...roles]) this.roles.add(r);
    for (const u of users) {
      this.users.set(u.name, u);
      for (const r of u.roles) this.roles.add(r);
    }
  }

  addApp(name: string, label = name, visible = true): SplunkApp {
    const app = { name, label, visible, author: 'emulator', version: '1.0.0' };
    this.apps.set(name, app);
    return app;
  }

  isAdmin(user: string): boolean {
    return this.users.get(user)?.roles.includes('admin') ?? false;
  }

  /** Can `user` see this view? Private views of other users are invisible (§3.8). */
  canRead(user: string, v: SplunkView): boolean {
    if (v.sharing === 'user') return v.owner === user;
    const roles = this.users.get(user)?.roles ?? [];
    const read = v.perms?.read ?? ['*'];
    return read.includes('*') || roles.some((r) => read.includes(r)) || roles.includes('admin');
  }

  canWrite(user: string, v: SplunkView): boolean {
    if (v.sharing === 'user') return v.owner === user;
    const roles = this.users.get(user)?.roles ?? [];
    const write = v.perms?.write ?? [];
    return roles.includes('admin') || write.includes('*') || roles.some((r) => write.includes(r));
  }

  /**
   * Views `user` sees in servicesNS/{owner}/{app}: `-` is a wildcard, `nobody` shows shared views
   * only; global views show in every app.
   */
  visible(user: string, nsOwner: string, nsApp: string): SplunkView[] {
    return this.views.filter((v) => {
      if (!this.canRead(user, v)) return false;
      if (nsApp !== '-' && v.app !== nsApp && v.sharing !== 'global') return false;
      if (v.sharing === 'user') return nsOwner === '-' || nsOwner === v.owner;
      return true;
    });
  }

  /** The view a name resolves to in a namespace: the private one first, then app, then global. */
  resolve(user: string, nsOwner: string, nsApp: string, name: string): SplunkView | undefined {
    const rank = (v: SplunkView) => (v.sharing === 'user' ? 0 : v.app === nsApp ? 1 : 2);
    return this.visible(user, nsOwner, nsApp)
      .filter((v) => v.name === name)
      .sort((a, b) => rank(a) - rank(b))[0];
  }

  /** The view already holding this name at this level (private per owner, shared per app). */
  clash(name: string, app: string, sharing: Sharing, owner: string, except?: SplunkView): SplunkView | undefined {
    return this.views.find((v) => v !== except && v.name === name && v.app === app && (sharing === 'user' ? v.sharing === 'user' && v.owner === owner : v.sharing !== 'user'));
  }

  /** First view with this name (optionally in an app / of an owner); tests use it to inspect. */
  find(name: string, where: { app?: string; owner?: string } = {}): SplunkView | undefined {
    return this.views.find((v) => v.name === name && (!where.app || v.app === where.app) && (!where.owner || v.owner === where.owner));
  }

  /** Can a role (rather than a user) read / write this view? */
  roleCanRead(role: string, v: SplunkView): boolean {
    if (v.sharing === 'user') return false;
    const read = v.perms?.read ?? [];
    return role === 'admin' || read.includes('*') || read.includes(role);
  }

  roleCanWrite(role: string, v: SplunkView): boolean {
    if (v.sharing === 'user') return false;
    const write = v.perms?.write ?? [];
    return role === 'admin' || write.includes('*') || write.includes(role);
  }

  effectiveAccess(name: string, where: { app?: string; owner?: string } = {}): SplunkViewAccess {
    const v = this.find(name, where);
    if (!v) throw new Error(`no Splunk view ${name}`);
    const roles = [...this.roles].sort();
    return {
      sharing: v.sharing,
      owner: v.owner,
      read: [...(v.perms?.read ?? [])],
      write: [...(v.perms?.write ?? [])],
      readers: roles.filter((r) => this.roleCanRead(r, v)),
      writers: roles.filter((r) => this.roleCanWrite(r, v)),
    };
  }

  /**
   * A permissions change made in Splunk Web (Edit Permissions): sharing, owner and the read and
   * write role lists; what is left out stays as it is.
   */
  setAclInUi(name: string, acl: { sharing?: Sharing; owner?: string; read?: readonly string[]; write?: readonly string[] }, where: { app?: string; owner?: string } = {}): SplunkView {
    const v = this.find(name, where);
    if (!v) throw new Error(`no Splunk view ${name}`);
    if (acl.sharing) v.sharing = acl.sharing;
    if (acl.owner) v.owner = acl.owner;
    if (v.sharing === 'user') v.perms = null;
    else v.perms = { read: [...(acl.read ?? v.perms?.read ?? APP_DEFAULT_VIEW_PERMS.read)], write: [...(acl.write ?? v.perms?.write ?? APP_DEFAULT_VIEW_PERMS.write)] };
    v.updated = splunkTime();
    return { ...v };
  }

  /** An edit saved from Splunk's dashboard editor: new XML, new modification time. */
  editInUi(name: string, mutate: (xml: string) => string, where: { app?: string; owner?: string } = {}): SplunkView {
    const v = this.find(name, where);
    if (!v) throw new Error(`no Splunk view ${name}`);
    v.eaiData = mutate(v.eaiData);
    v.updated = splunkTime();
    return { ...v };
  }
}
