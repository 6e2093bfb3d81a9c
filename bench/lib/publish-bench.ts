// Section 3: publishing N dashboards to the emulators of the four products, with Sumo Logic's
// default limits (4 requests/s per user, 10 concurrent per key); then a no-op re-publish and a
// plan of the same. The emulators run in this process, polydash in a child process.

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Counters, LogEntry } from '../../test/emulators/index.js';
import { startEmulators } from '../../test/emulators/index.js';
import { CREDENTIAL_ENV, configFor } from '../../test/publish/world.js';
import { generateProject } from './generate.js';
import { CLI } from './paths.js';

export const PRODUCTS = ['sumologic', 'kibana', 'splunk', 'grafana'] as const;
export const LATENCY_MS = 50;
export type Product = (typeof PRODUCTS)[number];

export interface ProductFigures {
  readonly requests: number;
  readonly reads: number;
  readonly writes: number;
  readonly peakConcurrency: number;
  readonly tooManyRequests: number;
  /** Answers >= 400 other than 404 (a lookup of what does not exist yet) and 429 (waited out and retried). */
  readonly failed: number;
  /** First to last request, seconds. */
  readonly activeSeconds: number;
  /** Requests per second over that span. */
  readonly rate: number;
}

export interface PublishRun {
  readonly label: string;
  readonly seconds: number;
  readonly exitCode: number;
  readonly products: Readonly<Record<Product, ProductFigures>>;
}

export interface PublishResult {
  readonly dashboards: number;
  readonly sumoLimit: { readonly perSecond: number; readonly concurrent: number };
  readonly runs: readonly PublishRun[];
}

function figures(c: Counters, log: readonly LogEntry[]): ProductFigures {
  const times = log.map((l) => Date.parse(l.at)).sort((a, b) => a - b);
  const activeSeconds = times.length > 1 ? (times.at(-1)! - times[0]!) / 1000 : 0;
  const failed = Object.entries(c.byStatus).reduce((n, [status, count]) => (Number(status) >= 400 && Number(status) !== 404 && Number(status) !== 429 ? n + count : n), 0);
  return {
    requests: c.requests,
    reads: c.reads,
    writes: c.writes,
    peakConcurrency: c.peakConcurrency,
    tooManyRequests: c.tooManyRequests,
    failed,
    activeSeconds,
    // n requests over a span open n-1 intervals
    rate: activeSeconds > 0 ? (times.length - 1) / activeSeconds : 0,
  };
}

function cli(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, ...CREDENTIAL_ENV } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export async function publishBench(work: string, n: number, progress: (line: string) => void): Promise<PublishResult> {
  const dir = path.join(work, `publish-${n}`);
  progress(`publish, ${n} dashboards: generating`);
  await generateProject(dir, n);
  // Payloads get the basic checks: the full conformance checkers would run in this process,
  // on the same two cores as polydash, and measure the emulator rather than polydash.
  // Every answer takes LATENCY_MS, as a product across a network does; without it a request
  // is answered before the next one arrives and no product ever sees two at once.
  const emu = await startEmulators({ validate: 'basic', latencyMs: LATENCY_MS });
  writeFileSync(path.join(dir, 'polydash.config.ts'), configFor(emu));
  const runs: PublishRun[] = [];
  try {
    const measure = async (label: string, args: string[]): Promise<void> => {
      emu.resetCounters();
      progress(`publish: ${label}`);
      const start = performance.now();
      const r = await cli(dir, args);
      const seconds = (performance.now() - start) / 1000;
      // plan exits 0 for no changes (--detailed-exitcode would say 2 for changes)
      if (r.code !== 0) throw new Error(`${label}: exit ${r.code}\n${r.stderr}\n${r.stdout.slice(-2000)}`);
      const counters = emu.counters();
      const products = Object.fromEntries(PRODUCTS.map((p) => [p, figures(counters[p], emu[p].log)])) as Record<Product, ProductFigures>;
      runs.push({ label, seconds, exitCode: r.code, products });
      progress(`  ${seconds.toFixed(1)} s; ${PRODUCTS.map((p) => `${p} ${products[p].requests} requests`).join(', ')}`);
    };
    await measure('push (creates everything)', ['push', '--env', 'test']);
    await measure('push again (no change)', ['push', '--env', 'test']);
    await measure('plan (no change)', ['plan', '--env', 'test']);
  } finally {
    await emu.close();
  }
  return { dashboards: n, sumoLimit: { perSecond: 4, concurrent: 10 }, runs };
}
