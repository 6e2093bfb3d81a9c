// Sample events for every source of the pack, for previews, demos and tests.
//
// Run: `node --import tsx dashboards/samples/generate.ts [--now <ISO time>|now] [--out <dir>]`
// (the `samples` npm script). It writes `<source-id>.ndjson` next to this file (or in --out):
// twistlock, falco, sysdig-secure, sysdig-monitor, k8s-audit and kaudit, at least 1,000 events
// each, oldest first. The files are not committed (see .gitignore here): they are rebuilt from
// this code, byte for byte, whenever they are needed.
//
// Deterministic: every source has its own seeded random stream (mulberry32, seeded from the
// source id), all sources share one made-up estate (world.ts: clusters, nodes, workloads,
// pods, people), and nothing reads the clock or the locale. Timestamps fall in the 7 days that
// end at the anchor: by default the fixed instant DEFAULT_NOW, so that the files never change;
// `--now now` (or `generateSamples({ now: new Date() })`) ends them at the current time. A reader
// that wants "now" to match the data should anchor it to the newest event of a file.
//
// One JSON object per line, readable without knowing any product:
// - `@timestamp`: ISO-8601 UTC with milliseconds.
// - one key per logical field of the source (the keys of its `fields` in dashboards/sources/),
//   holding the value the products would see under their own names: the key is the logical
//   name, so `.where('namespace', '=', ...)` in a dashboard reads `namespace` here. Fields the
//   event does not have are left out (a cluster-scoped audit request has no namespace). Numbers
//   (`type: 'number'` in the source) are JSON numbers, `resolved` a boolean, the rest strings.
//   For JSON sources the values come from the raw event through the source's raw-field map
//   (dashboards/sources/raw-fields.ts); fields the collector adds (the cluster of an audit
//   Event) or that ingest computes (`severity_weight`) are filled in the same way.
// - `message`: the raw event exactly as the vendor sends it: the syslog line for Twistlock, the
//   compact JSON text for the others. Keyword searches and `.parse()`/`.parseRegex()` read it.
//   (Product-side, Elasticsearch keeps a shorter `message`; the sample keeps the raw event.)
// `message` is last on each line.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { falcoRawFields } from '../sources/falco.js';
import { kauditRawFields, kubernetesAuditRawFields } from '../sources/kubernetes-audit.js';
import { jsonValue, type RawFields, severityWeight } from '../sources/raw-fields.js';
import { sysdigMonitorRawFields, sysdigSecureRawFields } from '../sources/sysdig.js';
import { falcoSamples } from './falco.js';
import { kauditSamples, kubernetesAuditSamples } from './kubernetes.js';
import { Random, seedFrom } from './random.js';
import { sysdigMonitorSamples, sysdigSecureSamples } from './sysdig.js';
import { twistlockSamples } from './twistlock.js';
import type { RawSample, SampleContext, SampleEvent } from './types.js';
import { buildWorld, sampleTimes, type TimeWindow } from './world.js';

export type { SampleEvent } from './types.js';

/** The default end of the sample window: a fixed instant, so that output never changes. */
export const DEFAULT_NOW = '2025-06-02T12:00:00.000Z';
export const DEFAULT_DAYS = 7;

interface SourceSpec {
  /** Events to produce (at least). */
  readonly count: number;
  /** The raw-field map of a JSON source; text sources give their logical values directly. */
  readonly rawFields?: RawFields;
  readonly produce: (ctx: SampleContext, count: number) => RawSample[];
}

/** Every source of the pack, by source id. */
export const SAMPLE_SOURCES = {
  twistlock: { count: 2400, produce: (ctx, n) => twistlockSamples(ctx, sampleTimes(ctx.rng, n, ctx.window, { bursts: 5 })) },
  falco: { count: 1500, rawFields: falcoRawFields, produce: (ctx, n) => falcoSamples(ctx, sampleTimes(ctx.rng, n, ctx.window, { bursts: 6, burstShare: 0.15 })) },
  'sysdig-secure': { count: 1200, rawFields: sysdigSecureRawFields, produce: (ctx, n) => sysdigSecureSamples(ctx, sampleTimes(ctx.rng, n, ctx.window, { bursts: 5 })) },
  // alerts fire and resolve: about two notifications per episode
  'sysdig-monitor': { count: 1000, rawFields: sysdigMonitorRawFields, produce: (ctx, n) => sysdigMonitorSamples(ctx, sampleTimes(ctx.rng, Math.ceil(n * 0.6), ctx.window, { bursts: 4, burstShare: 0.2 })) },
  'k8s-audit': { count: 2000, rawFields: kubernetesAuditRawFields, produce: (ctx, n) => kubernetesAuditSamples(ctx, sampleTimes(ctx.rng, n, ctx.window, { bursts: 3, burstShare: 0.06 })) },
  kaudit: { count: 1200, rawFields: kauditRawFields, produce: (ctx, n) => kauditSamples(ctx, sampleTimes(ctx.rng, n, ctx.window, { bursts: 4 })) },
} as const satisfies Record<string, SourceSpec>;

export type SampleSourceId = keyof typeof SAMPLE_SOURCES;
export const SAMPLE_SOURCE_IDS = Object.keys(SAMPLE_SOURCES) as SampleSourceId[];

export interface GenerateOptions {
  /** End of the window (exclusive): an ISO time or a Date. Default DEFAULT_NOW. */
  readonly now?: string | Date;
  readonly days?: number;
  /** Only these sources. */
  readonly sources?: readonly SampleSourceId[];
  /** Mixed into every source's seed, for a different but still repeatable data set. */
  readonly seed?: number;
}

function windowOf(options: GenerateOptions): TimeWindow {
  const end = options.now instanceof Date ? options.now.getTime() : Date.parse(options.now ?? DEFAULT_NOW);
  if (!Number.isFinite(end)) throw new Error(`samples: --now ${JSON.stringify(options.now)} is not a time; expected ISO-8601 such as ${DEFAULT_NOW}, or "now"`);
  const days = options.days ?? DEFAULT_DAYS;
  return { start: end - days * 86_400_000, end };
}

/** The logical values of one raw event. */
function logicalValues(sample: RawSample, rawFields: RawFields | undefined): Record<string, string | number | boolean> {
  if (!rawFields) return { ...sample.logical };
  const out: Record<string, string | number | boolean> = {};
  for (const [name, where] of Object.entries(rawFields)) {
    let value: unknown;
    if ('json' in where) value = jsonValue(sample.raw, where.json);
    else if ('collector' in where) value = sample.collector?.[name];
    else {
      const severity = jsonValue(sample.raw, where.severityWeightOf);
      value = typeof severity === 'number' ? severityWeight(severity) : undefined;
    }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name] = value;
  }
  return out;
}

function toEvent(sample: RawSample, rawFields: RawFields | undefined): SampleEvent {
  const message = typeof sample.raw === 'string' ? sample.raw : JSON.stringify(sample.raw);
  return { '@timestamp': new Date(sample.time).toISOString(), ...logicalValues(sample, rawFields), message };
}

/** Sample events per source id, oldest first. Pure: the same options give the same events. */
export function generateSamples(options: GenerateOptions = {}): Record<SampleSourceId, SampleEvent[]> {
  const window = windowOf(options);
  const world = buildWorld();
  const ids = options.sources ?? SAMPLE_SOURCE_IDS;
  const out = {} as Record<SampleSourceId, SampleEvent[]>;
  for (const id of ids) {
    const spec: SourceSpec = SAMPLE_SOURCES[id];
    const rng = new Random(seedFrom(id, options.seed ?? 0));
    out[id] = spec.produce({ rng, world, window }, spec.count).map((s) => toEvent(s, spec.rawFields));
  }
  return out;
}

/** NDJSON text: one event per line, a newline after each. */
export function toNdjson(events: readonly SampleEvent[]): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/** Writes `<dir>/<source-id>.ndjson` for every source; returns the files and their sizes. */
export function writeSamples(dir: string, options: GenerateOptions = {}): { file: string; events: number; bytes: number }[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(generateSamples(options)).map(([id, events]) => {
    const file = path.join(dir, `${id}.ndjson`);
    const text = toNdjson(events);
    writeFileSync(file, text);
    return { file, events: events.length, bytes: Buffer.byteLength(text) };
  });
}

function parseArgs(argv: readonly string[]): { out: string; options: GenerateOptions } {
  let out = path.dirname(fileURLToPath(import.meta.url));
  let now: string | Date | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`samples: ${flag} needs a value`);
      return v;
    };
    if (flag === '--now') {
      const v = value();
      now = v === 'now' ? new Date() : v;
    } else if (flag === '--out') out = path.resolve(value());
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: node --import tsx dashboards/samples/generate.ts [--now <ISO time>|now] [--out <dir>]\n');
      process.exit(0);
    } else throw new Error(`samples: unknown argument ${JSON.stringify(argv[i])}`);
  }
  return { out, options: now === undefined ? {} : { now } };
}

function main(): void {
  try {
    const { out, options } = parseArgs(process.argv.slice(2));
    const written = writeSamples(out, options);
    let total = 0;
    for (const w of written) {
      total += w.bytes;
      process.stdout.write(`${path.relative(process.cwd(), w.file)}: ${w.events} events, ${(w.bytes / 1024).toFixed(0)} KiB\n`);
    }
    process.stdout.write(`${written.length} files, ${(total / 1024 / 1024).toFixed(1)} MiB\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}

// Only when run as a script: `polydash build` also loads this file (it loads every .ts under
// dashboards/), and must not write anything.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
