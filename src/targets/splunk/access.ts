// Splunk view permissions: the view's ACL (`sharing`, `perms.read`, `perms.write`, posted to
// `.../views/<name>/acl`, which replaces them). Principals are role names; `*` is everyone,
// which polydash always manages: a restricted view must not stay readable by all.

import type { Grant, LiveAccess } from '../../publish/access.js';
import type { LocalDashboard, RemoteDashboard } from '../../publish/types.js';

export const EVERYONE = '*';

export interface ViewAcl {
  readonly sharing?: string;
  readonly perms?: { readonly read?: readonly string[]; readonly write?: readonly string[] } | null;
}

/** The view's grants: readers view, writers edit (Splunk lists a writer in both when it can read). */
export function aclGrants(acl: ViewAcl | undefined): LiveAccess {
  const read = acl?.perms?.read ?? [];
  const write = acl?.perms?.write ?? [];
  const own: Grant[] = [...new Set([...read, ...write])].map((principal) => ({ principal, level: write.includes(principal) ? 'edit' : 'view' }));
  // A view shared in an app is still subject to the app's own read permissions, which only narrow
  // it; nothing reaches a view from outside its own ACL.
  return { own, inherited: [] };
}

/** The ACL form fields for a set of grants (editors can also read). */
export function aclFields(own: readonly Grant[]): { 'perms.read': string; 'perms.write': string } {
  const sorted = [...own].sort((a, b) => a.principal.localeCompare(b.principal));
  return {
    'perms.read': sorted.map((g) => g.principal).join(','),
    'perms.write': sorted.filter((g) => g.level === 'edit').map((g) => g.principal).join(','),
  };
}

/** What the ACL of a view is now; a view not created yet has none. */
export function readViewAccess(_local: LocalDashboard, remote: RemoteDashboard | undefined): LiveAccess {
  return aclGrants((remote?.raw as { acl?: ViewAcl } | undefined)?.acl);
}
