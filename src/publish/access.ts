// Access control as code, the product-neutral part. A dashboard's `access` names logical groups;
// each environment maps them to a product's own principals. This module resolves the groups,
// compares the result with what the product has, and decides what to grant, what to revoke and
// what to refuse. Products only read and write grants (AccessControl in types.ts).
//
// Ownership: polydash manages the principals the environment maps a group to, and nothing
// else. A grant to any other principal was not made by polydash: it is reported and kept,
// removed only when forced. A managed grant that differs from what polydash applied last time
// (the marker records a hash of it) was changed by hand: that is drift, kept unless forced.

import { createHash } from 'node:crypto';
import type { AccessDef } from '../model/types.js';

export type Level = 'view' | 'edit';

export interface Grant {
  /** A product principal, as the environment's `groups` name them (`team:secops`, `Auditor`, ...). */
  readonly principal: string;
  readonly level: Level;
}

export interface InheritedGrant extends Grant {
  /** Where it comes from, for messages (`folder Security`, `the app`, `the organisation`). */
  readonly from: string;
}

/** What a product has for one dashboard. */
export interface LiveAccess {
  /** Set on the dashboard itself: polydash can change these. */
  readonly own: readonly Grant[];
  /** Coming from a folder, the app or the organisation: out of reach from the dashboard. */
  readonly inherited: readonly InheritedGrant[];
}

/** The access a dashboard should have in one product. */
export interface DesiredAccess {
  /** Sorted by principal; an editor is listed once, as `edit`. */
  readonly grants: readonly Grant[];
  /** The logical groups it came from, for messages. */
  readonly groups: AccessDef;
  readonly from: 'dashboard' | 'environment default';
  /** 8 hex digits over the grants; the ownership marker records the last one applied. */
  readonly hash: string;
}

export interface AccessResolution {
  /** Undefined: polydash leaves this dashboard's permissions alone in this product. */
  readonly desired?: DesiredAccess;
  /** Why the dashboard cannot be published with its access here (nothing is widened silently). */
  readonly problems: readonly string[];
  /** Wider access the environment allows, said out loud. */
  readonly notes: readonly string[];
}

export interface AccessMapping {
  readonly groups?: Readonly<Record<string, string>>;
  readonly allowWiderAccess?: boolean;
}

const RANK: Record<Level, number> = { view: 1, edit: 2 };

export function accessHash(grants: readonly Grant[]): string {
  return createHash('sha256')
    .update(grants.map((g) => `${g.principal}\u0000${g.level}`).join('\n'))
    .digest('hex')
    .slice(0, 8);
}

/**
 * Every principal the mapping names: the ones polydash manages in this product, plus the
 * product's "everyone" principals (Splunk `*`, Sumo Logic's organisation), which a restricted
 * dashboard must never keep.
 */
export function managedPrincipals(mapping: AccessMapping, ...everyone: string[]): ReadonlySet<string> {
  return new Set([...Object.values(mapping.groups ?? {}), ...everyone]);
}

/**
 * The grants a dashboard should have in `product`: its own access, else the environment's
 * default; undefined when neither says anything.
 */
export function resolveAccess(access: AccessDef | undefined, fallback: AccessDef | undefined, mapping: AccessMapping, where: { readonly product: string; readonly environment: string }): AccessResolution {
  const groups = access ?? fallback;
  if (!groups) return { problems: [], notes: [] };
  const from = access ? 'dashboard' : 'environment default';
  const levels = new Map<string, Level>();
  const unmapped: string[] = [];
  const add = (group: string, level: Level): void => {
    const principal = mapping.groups?.[group];
    if (principal === undefined) {
      if (!unmapped.includes(group)) unmapped.push(group);
      return;
    }
    const prior = levels.get(principal);
    if (!prior || RANK[level] > RANK[prior]) levels.set(principal, level);
  };
  for (const g of groups.edit ?? []) add(g, 'edit');
  for (const g of groups.view ?? []) add(g, 'view');
  if (unmapped.length) {
    const what = `${unmapped.map((g) => `"${g}"`).join(', ')} ${unmapped.length === 1 ? 'has' : 'have'} no ${where.product} principal in environment ${where.environment} (add ${unmapped.length === 1 ? 'it' : 'them'} to environments.${where.environment}.${where.product}.groups)`;
    // Without the group, restricting would shut its members out; leaving the permissions as
    // they are is the wider choice, and only the user may make it.
    if (mapping.allowWiderAccess) return { problems: [], notes: [`${what}: its permissions are left as they are (allowWiderAccess)`] };
    return { problems: [what], notes: [] };
  }
  const grants = [...levels].map(([principal, level]) => ({ principal, level })).sort((a, b) => a.principal.localeCompare(b.principal));
  return { desired: { grants, groups, from, hash: accessHash(grants) }, problems: [], notes: [] };
}

export interface AccessChange {
  readonly principal: string;
  /** Undefined: no grant before (a grant) / after (a revocation). */
  readonly from?: Level;
  readonly to?: Level;
}

export interface AccessPlan {
  /** Changes to managed grants on the dashboard. */
  readonly changes: readonly AccessChange[];
  /** Own grants to principals polydash does not manage: kept, unless forced. */
  readonly foreign: readonly Grant[];
  /** Inherited grants that reach beyond the desired access. */
  readonly wider: readonly InheritedGrant[];
  /** The managed grants differ from what polydash applied last time: changed in the product. */
  readonly drifted: boolean;
  /** The dashboard's own grants once the plan is applied (unforced: foreign ones stay). */
  readonly next: readonly Grant[];
  readonly nextForced: readonly Grant[];
}

export function planAccess(desired: DesiredAccess, live: LiveAccess, managed: ReadonlySet<string>, lastApplied: string | undefined): AccessPlan {
  const want = new Map(desired.grants.map((g) => [g.principal, g.level]));
  const have = new Map<string, Level>();
  for (const g of live.own) {
    const prior = have.get(g.principal);
    if (!prior || RANK[g.level] > RANK[prior]) have.set(g.principal, g.level);
  }
  const changes: AccessChange[] = [];
  const foreign: Grant[] = [];
  for (const [principal, level] of want) {
    const current = have.get(principal);
    if (current !== level) changes.push({ principal, ...(current ? { from: current } : {}), to: level });
  }
  for (const [principal, level] of have) {
    if (want.has(principal)) continue;
    if (managed.has(principal)) changes.push({ principal, from: level });
    else foreign.push({ principal, level });
  }
  changes.sort((a, b) => a.principal.localeCompare(b.principal));
  const wider = live.inherited.filter((g) => {
    const allowed = want.get(g.principal);
    return !allowed || RANK[g.level] > RANK[allowed];
  });
  return {
    changes,
    foreign,
    wider,
    drifted: changes.length > 0 && lastApplied === desired.hash,
    next: [...desired.grants, ...foreign],
    nextForced: desired.grants,
  };
}

export function describeGrant(g: Grant): string {
  return `${g.principal} ${g.level}`;
}

export function describeChange(c: AccessChange): string {
  if (!c.from) return `+ ${c.principal} ${c.to}`;
  if (!c.to) return `- ${c.principal} ${c.from}`;
  return `~ ${c.principal} ${c.from} -> ${c.to}`;
}
