// `polydash build` and `polydash validate`: load definitions, validate them, render every
// target, and only when all of it succeeded put the changed files in place. Large builds
// spread loading, validation and rendering over worker threads (parallel.ts); the result is
// the same file for file.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { validateDashboard } from '../model/validate.js';
import { TARGETS, type TargetEntry, targetNamed } from '../targets/index.js';
import type { PanelReport, Target } from '../targets/target.js';
import { discoverDefinitions } from './discover.js';
import { loadDefinitions, type LoadedDashboard, type LoadProblem } from './load.js';
import { MANIFEST_FILE, mergeManifest, readManifest, serializeManifest } from './manifest.js';
import { type RenderedShare, renderAndStage } from './render.js';
import { workerCount } from './workers.js';
import { commitStaged, writeFileAtomic } from './write.js';

export interface LocatedIssue {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly dashboard?: string;
  readonly panel?: { readonly index: number; readonly key: string; readonly title: string };
  /** Path inside the dashboard, or inside the panel when `panel` is set. */
  readonly path?: string;
  readonly message: string;
}

export interface BuildOptions {
  readonly root: string;
  /** Files or folders; empty means everything under dashboards/. */
  readonly inputs: readonly string[];
  /** Target names; empty means all. */
  readonly targets: readonly string[];
  readonly outDir: string;
  /** Per target, its command-line options (`--splunk-format studio` -> { splunk: { format: 'studio' } }). */
  readonly targetOptions?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface TargetOutcome {
  readonly target: string;
  readonly panels: readonly PanelReport[];
}

export interface DashboardOutcome {
  readonly uid: string;
  readonly title: string;
  readonly file: string;
  readonly targets: readonly TargetOutcome[];
}

export interface BuildOutcome {
  readonly ok: boolean;
  readonly issues: readonly LocatedIssue[];
  readonly dashboards: readonly DashboardOutcome[];
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
}

/** The registry entries for target names (all when empty); loads nothing. */
export function targetEntries(names: readonly string[]): TargetEntry[] {
  if (names.length === 0) return [...TARGETS];
  return names.map((n) => {
    const t = targetNamed(n);
    if (!t) throw new UserError(`unknown target "${n}"; expected one of: ${TARGETS.map((x) => x.name).join(', ')}`);
    return t;
  });
}

export async function resolveTargets(names: readonly string[]): Promise<Target[]> {
  return Promise.all(targetEntries(names).map((e) => e.load()));
}

function locate(d: LoadedDashboard, issue: { path: string; message: string }): LocatedIssue {
  const m = /^panels\[(\d+)\](?:\.(.*))?$/.exec(issue.path);
  const panel = m ? d.def.panels[Number(m[1])] : undefined;
  if (m && panel) {
    return {
      file: d.file,
      dashboard: d.def.uid,
      panel: { index: Number(m[1]), key: panel.key, title: panel.title },
      ...(m[2] ? { path: m[2] } : {}),
      message: issue.message,
    };
  }
  return { file: d.file, dashboard: typeof d.def.uid === 'string' ? d.def.uid : undefined, ...(issue.path ? { path: issue.path } : {}), message: issue.message } as LocatedIssue;
}

/** A loaded dashboard as far as checks across files need it (workers send these). */
export interface DashboardSummary {
  readonly uid: string;
  readonly file: string;
}

/** The schema and semantic issues of each dashboard, located. */
export function dashboardIssues(dashboards: readonly LoadedDashboard[]): LocatedIssue[] {
  return dashboards.flatMap((d) => validateDashboard(d.def).map((issue) => locate(d, issue)));
}

/** Issues only the whole set shows: uids used twice, named files that export no dashboard. */
export function crossFileIssues(dashboards: readonly DashboardSummary[], files: readonly string[], problems: readonly LoadProblem[], inputs: readonly string[]): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  const byUid = new Map<string, DashboardSummary>();
  for (const d of dashboards) {
    const prior = byUid.get(d.uid);
    if (prior) issues.push({ file: d.file, dashboard: d.uid, path: 'uid', message: `duplicate dashboard uid "${d.uid}" (also in ${prior.file})` });
    else byUid.set(d.uid, d);
  }
  if (inputs.length > 0) {
    const exporting = new Set([...dashboards.map((d) => d.file), ...problems.map((p) => p.file)]);
    for (const f of files) {
      if (!exporting.has(f)) issues.push({ file: f, message: 'exports no dashboard: export the value returned by dashboard({...})' });
    }
  }
  return issues;
}

export async function discoverOrFail(root: string, inputs: readonly string[]): Promise<string[]> {
  const files = await discoverDefinitions(root, inputs);
  if (files.length === 0) throw new UserError(`no definition files found in ${inputs.length ? inputs.join(', ') : 'dashboards/'}`);
  return files;
}

/** Loads and validates; returns the dashboards only when every one is valid. */
export async function loadAndValidate(root: string, inputs: readonly string[]): Promise<{ issues: LocatedIssue[]; dashboards: LoadedDashboard[]; files: string[] }> {
  const files = await discoverOrFail(root, inputs);
  const loaded = await loadDefinitions(files, root);
  const issues: LocatedIssue[] = [
    ...loaded.problems.map((p) => ({ ...p })),
    ...dashboardIssues(loaded.dashboards),
    ...crossFileIssues(loaded.dashboards.map((d) => ({ uid: d.def.uid, file: d.file })), files, loaded.problems, inputs),
  ];
  return { issues, dashboards: [...loaded.dashboards], files };
}

const failed = (issues: readonly LocatedIssue[]): BuildOutcome => ({ ok: false, issues, dashboards: [], written: [], unchanged: [], removed: [] });

export async function build(options: BuildOptions): Promise<BuildOutcome> {
  const entries = targetEntries(options.targets);
  const files = await discoverOrFail(options.root, options.inputs);
  const outDir = path.resolve(options.root, options.outDir);
  const settings = { outDir, ...(options.targetOptions ? { targetOptions: options.targetOptions } : {}) };
  const workers = workerCount(files.length);
  if (workers > 1) {
    const { buildInWorkers } = await import('./parallel.js');
    const result = await buildInWorkers({ root: options.root, inputs: options.inputs, files, targets: entries.map((e) => e.name), settings, workers });
    if (result.kind === 'failed') return failed(result.issues);
    // 'fallback': a definition threw while its share was evaluated; the serial path names it.
    if (result.kind === 'rendered') return finish(outDir, entries.map((e) => e.name), result.share, options.inputs.length === 0);
  }
  // The renderers load while esbuild bundles the definitions.
  const loading = Promise.all(entries.map((e) => e.load()));
  loading.catch(() => undefined);
  const { issues, dashboards } = await loadAndValidate(options.root, options.inputs);
  if (issues.length) return failed(issues);
  const targets = await loading;
  return finish(outDir, targets.map((t) => t.name), await renderAndStage(dashboards, targets, settings), options.inputs.length === 0);
}

/** Moves the staged files into place, updates the manifest, removes what is no longer built. */
async function finish(outDir: string, targets: readonly string[], share: RenderedShare, fullBuild: boolean): Promise<BuildOutcome> {
  await commitStaged(share.staged);
  const previous = await readManifest(outDir);
  const { manifest, stale } = mergeManifest(previous.manifest, { targets, artifacts: share.artifacts, dashboards: share.outcomes, replaceAll: fullBuild });
  for (const p of stale) await rm(path.join(outDir, p), { force: true });
  const text = serializeManifest(manifest);
  if (text !== previous.text) await writeFileAtomic(path.join(outDir, MANIFEST_FILE), text);
  return { ok: true, issues: [], dashboards: share.outcomes, written: share.written, unchanged: share.unchanged, removed: stale };
}
