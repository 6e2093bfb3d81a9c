// Plan and push for one product: compare what polydash built with what the product has, then
// write only what changed. Never overwrite what polydash does not own or what changed in the
// product since the last push, unless forced, and then only after a backup.

import type { BackupStore } from './backups.js';
import { jsonDiff } from './diff.js';
import type { LocalDashboard, Marker, ProductPublisher, RemoteDashboard } from './types.js';

export type Action = 'create' | 'update' | 'unchanged' | 'drifted' | 'conflict' | 'orphaned' | 'duplicate';

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
}

export interface ProductPlan {
  readonly product: string;
  readonly items: readonly PlanItem[];
}

/** The plan plus what applying it needs. */
interface Planned {
  readonly plan: ProductPlan;
  readonly work: readonly { readonly item: PlanItem; readonly local?: LocalDashboard; readonly marker?: Marker; readonly remote?: RemoteDashboard }[];
}

export interface PlanOptions {
  readonly prune: boolean;
}

export async function planProduct(publisher: ProductPublisher, locals: readonly LocalDashboard[], options: PlanOptions): Promise<Planned> {
  const product = publisher.product;
  const uids = locals.map((l) => l.uid);
  const remotes = await publisher.list(locals);
  const work: Planned['work'][number][] = [];
  for (const local of locals) {
    const { canonical, hash } = publisher.canonical(local);
    const marker: Marker = { uid: local.uid, hash };
    const remote = remotes.get(local.uid);
    const base = { product, uid: local.uid, title: local.title, ...(remote ? { remoteId: remote.remoteId } : {}) };
    let item: PlanItem;
    if (!remote) item = { ...base, action: 'create', reason: 'not in the product yet' };
    else if (!remote.marker) {
      item = { ...base, action: 'conflict', reason: `${remote.remoteId} exists but polydash does not manage it (no ownership marker); --force takes it over after a backup`, diff: jsonDiff(remote.canonical, canonical) };
    } else if (remote.marker.hash !== remote.liveHash) {
      item = { ...base, action: 'drifted', reason: 'changed in the product since the last push; --force overwrites it after a backup', diff: jsonDiff(remote.canonical, canonical) };
    } else if (remote.marker.hash === hash) item = { ...base, action: 'unchanged', reason: 'the product has exactly this content' };
    else item = { ...base, action: 'update', reason: 'the definition changed since the last push', diff: jsonDiff(remote.canonical, canonical) };
    work.push({ item, local, marker, ...(remote ? { remote } : {}) });
  }
  for (const orphan of await publisher.orphans(locals)) {
    const duplicate = uids.includes(orphan.uid);
    const item: PlanItem = {
      product,
      uid: orphan.uid,
      title: orphan.title,
      remoteId: orphan.remoteId,
      action: duplicate ? 'duplicate' : 'orphaned',
      reason: duplicate
        ? 'a second copy of a dashboard polydash manages (left by an interrupted push); removed on push'
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

/** Applies a plan; one failure does not stop the others. */
export async function applyPlan(publisher: ProductPublisher, planned: Planned, options: ApplyOptions): Promise<ItemResult[]> {
  return Promise.all(
    planned.work.map(async ({ item, local, marker, remote }): Promise<ItemResult> => {
      try {
        switch (item.action) {
          case 'unchanged':
            return { item, outcome: 'unchanged' };
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
        }
      } catch (e) {
        return { item, outcome: 'failed', message: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
}
