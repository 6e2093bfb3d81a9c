// How many worker threads a build uses. Small builds stay in one thread: a worker costs about
// as much to start as a hundred dashboards cost to build. Each worker holds its own copy of the
// compiler and the renderers, so workers only pay off with a core to spare for the main
// thread, the garbage collector and the disk: on two cores (measured in bench/) two workers
// were no faster than one thread and used half as much memory again.

import { availableParallelism } from 'node:os';
import { UserError } from '../errors.js';

/** Below this many definition files a build runs in the main thread. */
const PARALLEL_FROM = 100;
/** Each worker gets at least this many files. */
const FILES_PER_WORKER = 50;
const MAX_WORKERS = 8;
/** Cores the machine needs before a build spreads out: one is left to the rest of the process. */
const MIN_CORES = 3;

/** `POLYDASH_WORKERS` overrides the choice (1 = no workers), e.g. to compare or to debug. */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const forced = env.POLYDASH_WORKERS;
  if (forced !== undefined && forced !== '') {
    const n = Number(forced);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new UserError(`POLYDASH_WORKERS=${JSON.stringify(forced)}: expected a whole number from 1 to 64`);
    return Math.min(n, Math.max(1, files));
  }
  if (files < PARALLEL_FROM || cores < MIN_CORES) return 1;
  return Math.max(1, Math.min(cores - 1, MAX_WORKERS, Math.floor(files / FILES_PER_WORKER)));
}
