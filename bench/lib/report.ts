// bench/RESULTS.md: the machine, each figure as min / median / max, the ratios, and whether
// each target of the benchmark issue is met in this run.

import os from 'node:os';
import type { CompileResult } from './compile-bench.js';
import { PANELS_PER_DASHBOARD } from './compile-bench.js';
import type { EditResult } from './edit-bench.js';
import { type Figure, mib, ratio, seconds } from './measure.js';
import { LATENCY_MS, PRODUCTS, type PublishResult } from './publish-bench.js';

export interface Results {
  readonly date: string;
  readonly runs: number;
  readonly compile: readonly CompileResult[];
  readonly edit?: EditResult;
  readonly publish?: PublishResult;
}

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const figureRow = (f: Figure, extra: readonly string[] = []): string => row([f.label, seconds(f.min), seconds(f.median), seconds(f.max), mib(f.rss), ...extra]);
const verdict = (ok: boolean): string => (ok ? '**met**' : '**not met**');

function machine(): string[] {
  const cpus = os.cpus();
  return [
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB memory, ${os.type()} ${os.release()}`,
    `- Node ${process.version}; every figure is a fresh process, wall time in seconds, min / median / max over the runs`,
  ];
}

function compileSection(results: readonly CompileResult[], runs: number): string[] {
  const out = [
    '## 1. Compile',
    '',
    `Each project has N generated definition files of ${PANELS_PER_DASHBOARD} panels (single values with colour ranges, time series, bars, pies, tables, text;`,
    'queries that search, parse, timeslice, count by and sort; half the queries shared by 40 dashboards, half unique to one).',
    '`polydash build` compiles them to all four products into an empty folder; "outputs unchanged" is the same build over its own',
    'previous output (nothing rewritten). B is esbuild bundling N TypeScript files written with the raw Grafana foundation SDK,',
    "then running the bundle to build, serialise and write the same Grafana dashboards. The literal baselines hold polydash's final",
    `outputs as object literals and only serialise and write them (the floor). ${runs} rounds, contenders taking turns within each round.`,
    '',
  ];
  for (const r of results) {
    out.push(
      `### N = ${r.dashboards} (${r.baselines.files} output files, ${mib(r.baselines.bytes)}; Grafana alone ${mib(r.baselines.grafanaBytes)})`,
      '',
      row(['', 'min', 'median', 'max', 'peak RSS', 'polydash / this']),
      row(['---', '---:', '---:', '---:', '---:', '---:']),
      figureRow(r.polydash, ['']),
      figureRow(r.polydashUnchanged, ['']),
      ...[r.bundleSdk, r.rawSdk, r.grafanaLiterals, r.allLiterals].map((f) => figureRow(f, [ratio(r.polydash.median, f.median)])),
      '',
    );
  }
  return out;
}

function editSection(e: EditResult): string[] {
  return [
    '## 2. Edit loop',
    '',
    row(['', 'min', 'median', 'max', 'peak RSS']),
    row(['---', '---:', '---:', '---:', '---:']),
    ...[e.oneInLarge, e.oneAlone, e.help, e.nodeNothing].map((f) => figureRow(f)),
    '',
  ];
}

function publishSection(p: PublishResult): string[] {
  const out = [
    '## 3. Publish',
    '',
    `${p.dashboards} dashboards to the emulators of the four products, Sumo Logic limited to ${p.sumoLimit.perSecond} requests/s per user and`,
    `${p.sumoLimit.concurrent} concurrent per key, as Sumo Logic's defaults; every answer takes ${LATENCY_MS} ms. Rate = requests over the span from a product's first`,
    "to its last request. Failed = answers of 400 and above other than 404 (a lookup of what does not exist yet) and 429 (waited out, then retried).",
    '',
    row(['run', 'wall', 'product', 'requests', 'reads', 'writes', 'peak concurrency', '429s', 'failed', 'active', 'rate']),
    row(['---', '---:', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const r of p.runs) {
    PRODUCTS.forEach((product, i) => {
      const f = r.products[product];
      out.push(row([i === 0 ? r.label : '', i === 0 ? `${r.seconds.toFixed(1)} s` : '', product, String(f.requests), String(f.reads), String(f.writes), String(f.peakConcurrency), String(f.tooManyRequests), String(f.failed), `${f.activeSeconds.toFixed(1)} s`, `${f.rate.toFixed(2)}/s`]));
    });
  }
  out.push('');
  return out;
}

function targets(r: Results): string[] {
  const out = ['## Targets', '', row(['target', 'measured', 'verdict']), row(['---', '---', '---'])];
  const largest = [...r.compile].sort((a, b) => b.dashboards - a.dashboards)[0];
  if (largest) {
    const x = largest.polydash.median / largest.bundleSdk.median;
    out.push(row([`full build of ${largest.dashboards} × ${PANELS_PER_DASHBOARD} panels ≤ 2 × B`, `${ratio(largest.polydash.median, largest.bundleSdk.median)} B (${seconds(largest.polydash.median)} s vs ${seconds(largest.bundleSdk.median)} s)`, verdict(x <= 2)]));
    const rss = largest.polydash.rss ?? Infinity;
    out.push(row(['peak RSS of that build < 512 MiB', mib(largest.polydash.rss), verdict(rss < 512 * 1024 * 1024)]));
  }
  if (r.edit) {
    out.push(row(['`polydash build` of one file < 0.5 s', `${seconds(r.edit.oneInLarge.median)} s in a ${r.edit.largeProject}-dashboard project, ${seconds(r.edit.oneAlone.median)} s alone`, verdict(r.edit.oneInLarge.median < 0.5 && r.edit.oneAlone.median < 0.5)]));
    out.push(row(['`polydash --help` ≤ 3 × `node -e 0`', `${ratio(r.edit.help.median, r.edit.nodeNothing.median)} (${seconds(r.edit.help.median)} s vs ${seconds(r.edit.nodeNothing.median)} s)`, verdict(r.edit.help.median <= 3 * r.edit.nodeNothing.median)]));
  }
  if (r.publish) {
    const [first, again] = r.publish.runs;
    if (first) {
      const sumo = first.products.sumologic;
      const share = sumo.rate / r.publish.sumoLimit.perSecond;
      const failures = PRODUCTS.reduce((n, p) => n + first.products[p].failed, 0);
      out.push(row(['Sumo Logic at ≥ 90 % of its rate limit, zero failed requests', `${(share * 100).toFixed(0)} % (${sumo.rate.toFixed(2)}/s), ${failures} failed, ${sumo.tooManyRequests} 429s`, verdict(share >= 0.9 && failures === 0)]));
    }
    if (again) {
      const writes = PRODUCTS.reduce((n, p) => n + again.products[p].writes, 0);
      const reads = PRODUCTS.map((p) => `${p} ${again.products[p].reads}`).join(', ');
      const ok = writes === 0 && PRODUCTS.every((p) => again.products[p].reads <= r.publish!.dashboards + 4);
      out.push(row(['no-op re-publish: zero writes, ≤ one read per dashboard', `${writes} writes; reads: ${reads}`, verdict(ok)]));
    }
  }
  out.push('');
  return out;
}

export function renderResults(r: Results, notes: readonly string[]): string {
  return [
    '# polydash benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts). Figures from different runs or machines are not comparable; ratios within a run are.',
    '',
    ...machine(),
    '',
    ...targets(r),
    ...compileSection(r.compile, r.runs),
    ...(r.edit ? editSection(r.edit) : []),
    ...(r.publish ? publishSection(r.publish) : []),
    ...(notes.length ? ['## Notes', '', ...notes, ''] : []),
  ].join('\n');
}
