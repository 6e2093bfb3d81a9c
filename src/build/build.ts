// `polydash build` and `polydash validate`: load definitions, validate them, render every
// target in memory, and only then write (atomically, skipping unchanged files).

import path from 'node:path';
import { UserError } from '../errors.js';
import { validateDashboard } from '../model/validate.js';
import type { DashboardDef } from '../model/types.js';
import { TARGETS, targetNamed } from '../targets/index.js';
import type { Artifact, PanelReport, Target } from '../targets/target.js';
import { discoverDefinitions } from './discover.js';
import { loadDefinitions, type LoadedDashboard } from './load.js';
import { type Manifest, MANIFEST_FILE, mergeManifest, readManifest, sha256 } from './manifest.js';
import { writeIfChanged } from './write.js';
import { rm } from 'node:fs/promises';

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

export async function resolveTargets(names: readonly string[]): Promise<Target[]> {
  const entries = names.length === 0 ? [...TARGETS] : names.map((n) => {
    const t = targetNamed(n);
    if (!t) throw new UserError(`unknown target "${n}"; expected one of: ${TARGETS.map((x) => x.name).join(', ')}`);
    return t;
  });
  return Promise.all(entries.map((e) => e.load()));
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

/** Loads and validates; returns the dashboards only when every one is valid. */
export async function loadAndValidate(root: string, inputs: readonly string[]): Promise<{ issues: LocatedIssue[]; dashboards: LoadedDashboard[]; files: string[] }> {
  const files = await discoverDefinitions(root, inputs);
  if (files.length === 0) throw new UserError(`no definition files found in ${inputs.length ? inputs.join(', ') : 'dashboards/'}`);
  const loaded = await loadDefinitions(files, root);
  const issues: LocatedIssue[] = loaded.problems.map((p) => ({ ...p }));
  const byUid = new Map<string, LoadedDashboard>();
  for (const d of loaded.dashboards) {
    for (const issue of validateDashboard(d.def)) issues.push(locate(d, issue));
    const prior = byUid.get(d.def.uid);
    if (prior) issues.push({ file: d.file, dashboard: d.def.uid, path: 'uid', message: `duplicate dashboard uid "${d.def.uid}" (also in ${prior.file})` });
    byUid.set(d.def.uid, d);
  }
  if (inputs.length > 0) {
    for (const f of files) {
      if (!loaded.dashboards.some((d) => d.file === f) && !loaded.problems.some((p) => p.file === f)) {
        issues.push({ file: f, message: 'exports no dashboard: export the value returned by dashboard({...})' });
      }
    }
  }
  return { issues, dashboards: [...loaded.dashboards], files };
}

export async function build(options: BuildOptions): Promise<BuildOutcome> {
  const targets = await resolveTargets(options.targets);
  const { issues, dashboards } = await loadAndValidate(options.root, options.inputs);
  if (issues.length) return { ok: false, issues, dashboards: [], written: [], unchanged: [], removed: [] };

  const artifacts: { artifact: Artifact; target: string; dashboard: DashboardDef }[] = [];
  const outcomes: DashboardOutcome[] = dashboards.map((d) => ({
    uid: d.def.uid,
    title: d.def.title,
    file: d.file,
    targets: targets.map((t) => {
      const result = t.render(d.def, { sourceFile: d.file, options: options.targetOptions?.[t.name] ?? {} });
      for (const artifact of result.artifacts) artifacts.push({ artifact, target: t.name, dashboard: d.def });
      return { target: t.name, panels: result.panels };
    }),
  }));

  const outDir = path.resolve(options.root, options.outDir);
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const { artifact } of artifacts) {
    (await writeIfChanged(path.join(outDir, artifact.path), artifact.content) ? written : unchanged).push(artifact.path);
  }

  const previous = await readManifest(outDir);
  const fullBuild = options.inputs.length === 0;
  const { manifest, stale } = mergeManifest(previous, {
    targets: targets.map((t) => t.name),
    artifacts: artifacts.map(({ artifact, target, dashboard }) => ({ path: artifact.path, target, dashboard: dashboard.uid, sha256: sha256(artifact.content) })),
    dashboards: outcomes,
    replaceAll: fullBuild,
  });
  for (const p of stale) await rm(path.join(outDir, p), { force: true });
  await writeIfChanged(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest satisfies Manifest, null, 2)}\n`);
  return { ok: true, issues: [], dashboards: outcomes, written, unchanged, removed: stale };
}
