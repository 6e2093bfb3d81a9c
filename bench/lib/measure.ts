// Runs commands in fresh Node processes and reports wall time and peak RSS. Contenders are
// run in turn within each round (A B C, B C A, ...), so that a slow minute of the machine
// (its disk especially) lands on all of them rather than on one.

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const RSS_PRELOAD = fileURLToPath(new URL('./rss.mjs', import.meta.url));

export interface Contender {
  readonly label: string;
  /** Arguments to `node`. */
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Runs, untimed, before each timed run (e.g. to empty an output folder). */
  readonly before?: () => void;
}

export interface Figure {
  readonly label: string;
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly runs: number;
  /** Peak resident set size over all runs, bytes. */
  readonly rss?: number;
}

/** Runs `node <args>` once; a failed run aborts the bench (a figure for a failed run is none). */
function runOnce(c: Contender): { seconds: number; rss?: number } {
  const rssFile = path.join(os.tmpdir(), `polydash-bench-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  c.before?.();
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', RSS_PRELOAD, ...c.args], {
    cwd: c.cwd,
    env: { ...process.env, ...c.env, BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${c.label}: exit ${r.status}\n${(r.stderr || r.stdout).slice(0, 4000)}`);
  let rss: number | undefined;
  try {
    rss = Number(readFileSync(rssFile, 'utf8'));
  } catch {
    rss = undefined;
  }
  return rss === undefined ? { seconds } : { seconds, rss };
}

export function timeRounds(contenders: readonly Contender[], runs: number, progress: (line: string) => void = () => undefined): Figure[] {
  const seconds = contenders.map(() => [] as number[]);
  const rss = contenders.map(() => [] as number[]);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (round + k) % contenders.length;
      const r = runOnce(contenders[i]!);
      seconds[i]!.push(r.seconds);
      if (r.rss !== undefined) rss[i]!.push(r.rss);
      progress(`  ${contenders[i]!.label}: ${r.seconds.toFixed(3)} s`);
    }
  }
  return contenders.map((c, i) => ({ label: c.label, ...stats(seconds[i]!), ...(rss[i]!.length ? { rss: Math.max(...rss[i]!) } : {}) }));
}

export function stats(values: readonly number[]): { min: number; median: number; max: number; runs: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)!, runs: values.length };
}

export const seconds = (s: number): string => (s < 10 ? s.toFixed(3) : s.toFixed(1));
export const mib = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MiB`);
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
