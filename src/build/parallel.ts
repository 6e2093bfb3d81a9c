// A build spread over worker threads. The main thread bundles each worker's share of the
// definition files in one esbuild run; each worker evaluates and validates its share; only when
// every share is valid do the workers render and stage, and only when every worker succeeded
// does the caller put the staged files in place. Shares are contiguous runs of the sorted
// files, so concatenating them gives the serial build's order.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { crossFileIssues, type DashboardSummary, type LocatedIssue } from './build.js';
import { bundleShares } from './load.js';
import type { RenderedShare, RenderSettings } from './render.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';
import { discardStaged } from './write.js';

export interface ParallelJob {
  readonly root: string;
  readonly inputs: readonly string[];
  /** Definition files, sorted, relative to the root. */
  readonly files: readonly string[];
  readonly targets: readonly string[];
  readonly settings: RenderSettings;
  readonly workers: number;
}

export type ParallelResult =
  | { readonly kind: 'rendered'; readonly share: RenderedShare }
  | { readonly kind: 'failed'; readonly issues: readonly LocatedIssue[] }
  /** A definition threw while evaluated: the serial path loads file by file to name it. */
  | { readonly kind: 'fallback' };

function workerUrl(): URL {
  const here = fileURLToPath(import.meta.url);
  return new URL(`./worker${path.extname(here)}`, import.meta.url);
}

/** Contiguous, nearly equal runs of `files`. */
export function splitShares<T>(files: readonly T[], count: number): T[][] {
  const shares: T[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = start + Math.floor(files.length / count) + (i < files.length % count ? 1 : 0);
    shares.push(files.slice(start, end));
    start = end;
  }
  return shares.filter((s) => s.length > 0);
}

/** One worker, asked one thing at a time. */
class BuildWorker {
  private readonly worker: Worker;
  private pending?: { resolve: (m: FromWorker) => void; reject: (e: Error) => void };
  private failure?: Error;

  constructor(data: { targets: readonly string[]; settings: RenderSettings }) {
    this.worker = new Worker(workerUrl(), { workerData: data });
    this.worker.on('message', (m: FromWorker) => {
      const p = this.pending;
      this.pending = undefined;
      p?.resolve(m);
    });
    const fail = (e: Error): void => {
      this.failure = e;
      const p = this.pending;
      this.pending = undefined;
      p?.reject(e);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`a build worker exited (code ${code}) before it answered`)));
  }

  async ask(m: ToWorker): Promise<FromWorker> {
    if (this.failure) throw this.failure;
    const answer = new Promise<FromWorker>((resolve, reject) => (this.pending = { resolve, reject }));
    this.worker.postMessage(m);
    const reply = await answer;
    if (reply.type === 'error') throw reply.user ? new UserError(reply.message) : new Error(`in a build worker: ${reply.stack}`);
    return reply;
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

export async function buildInWorkers(job: ParallelJob): Promise<ParallelResult> {
  const shares = splitShares(job.files, job.workers);
  const workers = shares.map(() => new BuildWorker({ targets: job.targets, settings: job.settings }));
  let bundleDir: string | undefined;
  try {
    const bundled = await bundleShares(shares, job.root);
    bundleDir = bundled.dir;
    if (bundled.problems.length) return { kind: 'failed', issues: bundled.problems };

    const validated = await Promise.all(workers.map((w, i) => w.ask({ type: 'load', bundle: bundled.outfiles[i]!, files: shares[i]! })));
    if (validated.some((v) => v.type === 'threw')) return { kind: 'fallback' };
    const summaries: DashboardSummary[] = [];
    const issues: LocatedIssue[] = [];
    for (const v of validated) {
      if (v.type !== 'validated') throw new Error(`a build worker answered ${v.type} to load`);
      summaries.push(...v.dashboards);
      issues.push(...v.issues);
    }
    issues.push(...crossFileIssues(summaries, job.files, [], job.inputs));
    if (issues.length) return { kind: 'failed', issues };

    const rendered = await Promise.allSettled(workers.map((w) => w.ask({ type: 'render' })));
    const shareOf = (r: PromiseSettledResult<FromWorker>): RenderedShare | undefined => (r.status === 'fulfilled' && r.value.type === 'rendered' ? r.value.share : undefined);
    const failure = rendered.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure || rendered.some((r) => !shareOf(r))) {
      // A worker that failed removed what it staged; the others' staged files go too.
      await discardStaged(rendered.flatMap((r) => shareOf(r)?.staged ?? []));
      throw failure ? (failure.reason as Error) : new Error('a build worker answered something else than rendered');
    }
    return { kind: 'rendered', share: merge(rendered.map((r) => shareOf(r)!)) };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  }
}

function merge(shares: readonly RenderedShare[]): RenderedShare {
  return {
    outcomes: shares.flatMap((s) => s.outcomes),
    artifacts: shares.flatMap((s) => s.artifacts),
    staged: shares.flatMap((s) => s.staged),
    written: shares.flatMap((s) => s.written),
    unchanged: shares.flatMap((s) => s.unchanged),
  };
}
