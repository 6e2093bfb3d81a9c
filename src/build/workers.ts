// How many worker threads a build uses. Small builds stay in one thread: a worker costs about
// as much to start as a hundred dashboards cost to build.

import { availableParallelism } from 'node:os';
import { UserError } from '../errors.js';

/** Below this many definition files a build runs in the main thread. */
const PARALLEL_FROM = 100;
/** Each worker gets at least this many files. */
const FILES_PER_WORKER = 50;
const MAX_WORKERS = 8;

/** `POLYDASH_WORKERS` overrides the choice (1 = no workers), e.g. to compare or to debug. */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.POLYDASH_WORKERS;
  if (forced !== undefined && forced !== '') {
    const n = Number(forced);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new UserError(`POLYDASH_WORKERS=${JSON.stringify(forced)}: expected a whole number from 1 to 64`);
    return Math.min(n, Math.max(1, files));
  }
  if (files < PARALLEL_FROM) return 1;
  return Math.max(1, Math.min(availableParallelism(), MAX_WORKERS, Math.floor(files / FILES_PER_WORKER)));
}
