// Plan and push for one product: compare what polydash built with what the product has, then
// write only what changed. Never overwrite what polydash does not own or what changed in the
// product since the last push, unless forced, and then only after a backup. Permissions are
// planned beside the content, as lines of their own (access.ts decides what to change).

import { type AccessPlan, describeChange, describeGrant, planAccess } from './access.js';
import type { BackupStore } from './backups.js';
import { jsonDiff } from './diff.js';
import type { LocalDashboard, Marker, ProductPublisher, RemoteDashboard } from './types.js';

export type Action =
  | 'create'
  | 'update'
  | 'unchanged'
  | 'drifted'
  | 'conflict'
  | 'orphaned'
  | 'duplicate'
  /** The dashboard's permissions change (grants and revocations on the dashboard). */
  | 'permissions'
  /** Permissions polydash manages were changed in the product since the last push. */
  | 'permissions-drifted'
  /** The product cannot give the dashboard its access as configured: nothing is pushed. */
  | 'refused';

export interface PlanItem {
  readonly product: string;
  readonly uid: string;
  readonly title: string;
  readonly action: Action;
  readonly remoteId?: string;
  /** Why the action was chosen, in words. */
  readonly reason: string;
  /** Live (-) against what would be pushed (+), for updates, drift and conflicts. */
  readonly diff?: string;
  /** Further lines worth reading: permission changes, grants kept, wider access allowed. */
  readonly notes?: readonly string[];
}

export interface ProductPlan {
  readonly product: string;
  readonly items: readonly PlanItem[];
}

interface Work {
  readonly item: PlanItem;
  readonly local?: LocalDashboard;
  readonly marker?: Marker;
  readonly remote?: RemoteDashboard;
  /** For a `permissions` or `permissions-drifted` item. */
  readonly access?: AccessPlan;
  /** The content item of the same dashboard, which must land before its permissions. */
  readonly after?: PlanItem;
}

/** The plan plus what applying it needs. */
interface Planned {
  readonly plan: ProductPlan;
  readonly work: readonly Work[];
}

export interface PlanOptions {
  readonly prune: boolean;
}

function contentItem(local: LocalDashboard, remote: RemoteDashboard | undefined, canonical: unknown, hash: string, accessHash: string | undefined, product: string): PlanItem {
  const base = { product, uid: local.uid, title: local.title, ...(remote ? { remoteId: remote.remoteId } : {}) };
  if (!remote) return { ...base, action: 'create', reason: 'not in the product yet' };
  if (!remote.marker) {
    return { ...base, action: 'conflict', reason: `${remote.remoteId} exists but polydash does not manage it (no ownership marker); --force takes it over after a backup`, diff: jsonDiff(remote.canonical, canonical) };
  }
  if (remote.marker.hash !== remote.liveHash) {
    return { ...base, action: 'drifted', reason: 'changed in the product since the last push; --force overwrites it after a backup', diff: jsonDiff(remote.canonical, canonical) };
  }
  if (remote.marker.hash !== hash) return { ...base, action: 'update', reason: 'the definition changed since the last push', diff: jsonDiff(remote.canonical, canonical) };
  if (accessHash !== undefined && remote.marker.access !== accessHash) {
    return { ...base, action: 'update', reason: 'the content is the same; the ownership marker records the new permissions' };
  }
  return { ...base, action: 'unchanged', reason: 'the product has exactly this content' };
}

/** Lines that say what happens to a dashboard's permissions. */
function accessNotes(a: AccessPlan, allowWider: boolean): string[] {
  return [
    ...a.changes.map(describeChange),
    ...a.foreign.map((g) => `= ${describeGrant(g)}: not granted by polydash, kept (--force removes it)`),
    ...(allowWider ? a.wider.map((g) => `wider: ${describeGrant(g)} through ${g.from} (allowWiderAccess)`) : []),
  ];
}

async function planOne(publisher: ProductPublisher, local: LocalDashboard, remote: RemoteDashboard | undefined): Promise<Work[]> {
  const product = publisher.product;
  const base = { product, uid: local.uid, title: local.title, ...(remote ? { remoteId: remote.remoteId } : {}) };
  const resolution = local.access;
  if (resolution?.problems.length) {
    return [{ item: { ...base, action: 'refused', reason: `its access cannot be given here: ${resolution.problems.join('; ')}` } }];
  }
  const desired = publisher.access ? resolution?.desired : undefined;
  const { canonical, hash } = publisher.canonical(local);
  let access: AccessPlan | undefined;
  if (desired && publisher.access) {
    access = planAccess(desired, await publisher.access.read(local, remote), publisher.access.managed, remote?.marker?.access);
    if (access.wider.length && !publisher.access.allowWider) {
      const reach = access.wider.map((g) => `${describeGrant(g)} through ${g.from}`).join(', ');
      return [{ item: { ...base, action: 'refused', reason: `its access (${desired.from}) is narrower than the product allows here: ${reach}; narrow that, or set allowWiderAccess for ${product} to accept it` } }];
    }
  }
  // The marker keeps the last access polydash applied; drifted permissions are not applied
  // (unless forced), so their marker must keep recording the old ones.
  const recorded = access && access.drifted ? remote?.marker?.access : desired?.hash;
  const marker: Marker = { uid: local.uid, hash, ...(recorded ? { access: recorded } : {}) };
  const item = contentItem(local, remote, canonical, hash, recorded, product);
  const notes = [...(resolution?.notes ?? []), ...(local.placement ? [`placed in ${local.placement} (access decides where it lives)`] : [])];
  const work: Work[] = [{ item: notes.length ? { ...item, notes } : item, local, marker, ...(remote ? { remote } : {}) }];
  if (access && (access.changes.length || access.foreign.length || (access.wider.length && publisher.access!.allowWider))) {
    const drifted = access.drifted;
    const reason = drifted
      ? 'permissions polydash manages were changed in the product since the last push; --force restores the definition'
      : `${desired!.from === 'dashboard' ? 'access' : "the environment's default access"}: ${describeAccess(desired!.groups)}`;
    work.push({ item: { ...base, action: drifted ? 'permissions-drifted' : 'permissions', reason, notes: accessNotes(access, publisher.access!.allowWider) }, local, marker, ...(remote ? { remote } : {}), access, after: item });
  }
  return work;
}

function describeAccess(groups: { view?: readonly string[]; edit?: readonly string[] }): string {
  return [groups.view?.length ? `view ${groups.view.join(', ')}` : '', groups.edit?.length ? `edit ${groups.edit.join(', ')}` : ''].filter(Boolean).join('; ');
}

export async function planProduct(publisher: ProductPublisher, locals: readonly LocalDashboard[], options: PlanOptions): Promise<Planned> {
  const product = publisher.product;
  const uids = locals.map((l) => l.uid);
  const remotes = await publisher.list(locals);
  const work = (await Promise.all(locals.map((local) => planOne(publisher, local, remotes.get(local.uid))))).flat();
  for (const orphan of await publisher.orphans(locals)) {
    const duplicate = uids.includes(orphan.uid);
    const item: PlanItem = {
      product,
      uid: orphan.uid,
      title: orphan.title,
      remoteId: orphan.remoteId,
      action: duplicate ? 'duplicate' : 'orphaned',
      reason: duplicate
        ? 'a second copy of a dashboard polydash manages (left by an interrupted push, or in a place its access no longer allows); removed on push'
        : options.prune
          ? 'managed by polydash but no longer defined; --prune deletes it after a backup'
          : 'managed by polydash but no longer defined; push --prune would delete it',
    };
    work.push({ item, remote: orphan });
  }
  return { plan: { product, items: work.map((w) => w.item) }, work };
}

export type Outcome = 'created' | 'updated' | 'unchanged' | 'deleted' | 'skipped' | 'failed';

export interface ItemResult {
  readonly item: PlanItem;
  readonly outcome: Outcome;
  readonly message?: string;
  /** Where the replaced or deleted version was saved. */
  readonly backup?: string;
}

export interface ApplyOptions {
  readonly force: boolean;
  readonly prune: boolean;
  readonly dryRun: boolean;
  readonly backups: BackupStore;
}

async function applyContent(publisher: ProductPublisher, { item, local, marker, remote }: Work, options: ApplyOptions): Promise<ItemResult> {
  switch (item.action) {
    case 'unchanged':
      return { item, outcome: 'unchanged' };
    case 'refused':
      return { item, outcome: 'skipped', message: item.reason };
    case 'create':
    case 'update': {
      if (options.dryRun) return { item, outcome: 'skipped', message: 'dry run' };
      await publisher.put(local!, marker!, remote);
      return { item, outcome: item.action === 'create' ? 'created' : 'updated' };
    }
    case 'conflict':
    case 'drifted': {
      if (!options.force) return { item, outcome: 'skipped', message: item.reason };
      if (options.dryRun) return { item, outcome: 'skipped', message: 'dry run (would back up and overwrite)' };
      const backup = await options.backups.save(item.product, item.uid, remote!.raw);
      await publisher.put(local!, marker!, remote);
      return { item, outcome: 'updated', backup, message: `overwrote after saving the live version to ${backup}` };
    }
    case 'orphaned':
    case 'duplicate': {
      if (item.action === 'orphaned' && !options.prune) return { item, outcome: 'skipped', message: item.reason };
      if (remote!.marker && remote!.marker.hash !== remote!.liveHash && !options.force) {
        return { item, outcome: 'skipped', message: 'changed in the product since the last push: not deleted without --force' };
      }
      if (options.dryRun) return { item, outcome: 'skipped', message: 'dry run (would back up and delete)' };
      const backup = await options.backups.save(item.product, item.uid, remote!.raw);
      await publisher.remove(remote!);
      return { item, outcome: 'deleted', backup };
    }
    default:
      throw new Error(`polydash bug: ${item.action} is not a content action`);
  }
}

async function applyAccess(publisher: ProductPublisher, { item, local, remote, access }: Work, content: ItemResult | undefined, options: ApplyOptions): Promise<ItemResult> {
  if (content && content.outcome !== 'created' && content.outcome !== 'updated' && content.outcome !== 'unchanged') {
    return { item, outcome: 'skipped', message: `the dashboard itself was not pushed (${content.outcome}${content.message ? `: ${content.message}` : ''})` };
  }
  if (item.action === 'permissions-drifted' && !options.force) return { item, outcome: 'skipped', message: item.reason };
  if (options.dryRun) return { item, outcome: 'skipped', message: 'dry run' };
  const own = options.force ? access!.nextForced : access!.next;
  await publisher.access!.write(local!, remote, own);
  return { item, outcome: 'updated', ...(options.force && access!.foreign.length ? { message: `removed grants polydash did not make: ${access!.foreign.map(describeGrant).join(', ')}` } : {}) };
}

/** Applies a plan; one failure does not stop the others. A dashboard's permissions follow its content. */
export async function applyPlan(publisher: ProductPublisher, planned: Planned, options: ApplyOptions): Promise<ItemResult[]> {
  const results = new Map<PlanItem, Promise<ItemResult>>();
  const guarded = (item: PlanItem, run: () => Promise<ItemResult>): Promise<ItemResult> =>
    run().catch((e: unknown) => ({ item, outcome: 'failed' as const, message: e instanceof Error ? e.message : String(e) }));
  for (const w of planned.work) if (!w.access) results.set(w.item, guarded(w.item, () => applyContent(publisher, w, options)));
  for (const w of planned.work) {
    if (w.access) results.set(w.item, guarded(w.item, async () => applyAccess(publisher, w, w.after ? await results.get(w.after) : undefined, options)));
  }
  return Promise.all(planned.work.map((w) => results.get(w.item)!));
}
