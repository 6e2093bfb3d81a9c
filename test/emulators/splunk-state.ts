// What the Splunk emulator stores: apps, users, and views (data/ui/views) with their ACL.
// A view is private to its owner (sharing `user`) or shared with the app or globally; the
// namespace servicesNS/{owner}/{app} decides which views a request sees (§3.8).

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

export interface SplunkView {
  readonly name: string;
  app: string;
  /** The ACL owner; `nobody` for views created in the nobody namespace. */
  owner: string;
  sharing: Sharing;
  perms: { read: string[]; write: string[] } | null;
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

  constructor(apps: readonly string[], users: readonly SplunkUser[]) {
    for (const name of apps) this.addApp(name);
    for (const u of users) this.users.set(u.name, u);
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

  /** An edit saved from Splunk's dashboard editor: new XML, new modification time. */
  editInUi(name: string, mutate: (xml: string) => string, where: { app?: string; owner?: string } = {}): SplunkView {
    const v = this.find(name, where);
    if (!v) throw new Error(`no Splunk view ${name}`);
    v.eaiData = mutate(v.eaiData);
    v.updated = splunkTime();
    return { ...v };
  }
}
