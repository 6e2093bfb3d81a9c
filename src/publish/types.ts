// What the publish engine needs from each product. The engine knows nothing product-specific
// beyond this; each target folder implements it in publish.ts (markers, normalising) and
// client.ts (HTTP).

import type { Artifact } from '../targets/target.js';
import type { AccessResolution, Grant, LiveAccess } from './access.js';

/** A dashboard as built for one product, ready to push. */
export interface LocalDashboard {
  readonly uid: string;
  readonly title: string;
  readonly artifacts: readonly Artifact[];
  /** Who may view and edit it in this product, resolved from its `access` and the environment. */
  readonly access?: AccessResolution;
  /** Where it goes when access decides the place (a Kibana space), if not the environment's. */
  readonly placement?: string;
}

/** The ownership marker polydash writes into every object it pushes. */
export interface Marker {
  readonly uid: string;
  /** Hash of the content polydash pushed (without the marker). */
  readonly hash: string;
  /** Hash of the grants polydash applied last (access.ts), when it manages the permissions. */
  readonly access?: string;
}

/** A product's dashboard permissions, for products that set them per dashboard. */
export interface AccessControl {
  /** The principals the environment maps groups to: polydash manages these and no others. */
  readonly managed: ReadonlySet<string>;
  /** The environment lets dashboards be seen more widely than their access where it must. */
  readonly allowWider: boolean;
  /** What the dashboard has now; for one not created yet, what it would inherit. */
  read(local: LocalDashboard, remote: RemoteDashboard | undefined): Promise<LiveAccess>;
  /** Replaces the dashboard's own grants with `own` (after `put` for a new dashboard). */
  write(local: LocalDashboard, remote: RemoteDashboard | undefined, own: readonly Grant[]): Promise<void>;
}

/** A dashboard as it is in the product now. */
export interface RemoteDashboard {
  /** The product's own id (Sumo id, Kibana id, Splunk view name, Grafana uid). */
  readonly remoteId: string;
  readonly title: string;
  /** The marker, when the object carries polydash's. */
  readonly marker?: Marker;
  /** Hash of the live content, normalised the same way as local content and without the marker. */
  readonly liveHash: string;
  /** The normalised live content, for readable diffs. */
  readonly canonical: unknown;
  /** The object as the product returned it, for backups. */
  readonly raw: unknown;
  /** Product-specific data the publisher needs to update it (e.g. a version for optimistic locking). */
  readonly handle?: unknown;
}

/** A product's side of publishing, for one environment. */
export interface ProductPublisher {
  readonly product: string;
  /** The normalised content and its hash, for a local dashboard (without the marker). */
  canonical(local: LocalDashboard): { readonly canonical: unknown; readonly hash: string };
  /** Creates the folder, space or app when it is missing. */
  prepare(options: { readonly dryRun: boolean }): Promise<void>;
  /**
   * The remote dashboards that polydash owns (they carry its marker) plus those that would
   * collide with a local one (same identity) without carrying it.
   */
  list(locals: readonly LocalDashboard[]): Promise<ReadonlyMap<string, RemoteDashboard>>;
  /**
   * Owned remote dashboards that are not the ones `list` returned: those whose uid has no local
   * definition (candidates for --prune), and extra copies of a local one.
   */
  orphans(locals: readonly LocalDashboard[]): Promise<readonly (RemoteDashboard & { readonly uid: string })[]>;
  /** Creates or replaces; `prior` is the live object being replaced. */
  put(local: LocalDashboard, marker: Marker, prior: RemoteDashboard | undefined): Promise<void>;
  remove(remote: RemoteDashboard): Promise<void>;
  /** Per-dashboard permissions, when the product has them (Kibana places dashboards in spaces instead). */
  readonly access?: AccessControl;
  /** Request statistics for the summary and benchmarks. */
  stats(): PublisherStats;
}

export interface PublisherStats {
  readonly requests: number;
  readonly reads: number;
  readonly writes: number;
  readonly retries: number;
  readonly throttled: number;
  readonly peakConcurrency: number;
}
