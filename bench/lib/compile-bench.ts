// Section 1: compiling N dashboards to all four products, against baselines doing the least
// the same job needs, all measured in this run.

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { type Baselines, writeBaselines } from './baselines.js';
import { generateProject } from './generate.js';
import { type Contender, type Figure, timeRounds } from './measure.js';
import { CLI, RUNNERS } from './paths.js';

export interface CompileResult {
  readonly dashboards: number;
  readonly baselines: Baselines;
  readonly polydash: Figure;
  readonly polydashUnchanged: Figure;
  readonly bundleSdk: Figure;
  readonly rawSdk: Figure;
  readonly grafanaLiterals: Figure;
  readonly allLiterals: Figure;
}

export const PANELS_PER_DASHBOARD = 20;

export async function compileBench(work: string, n: number, runs: number, progress: (line: string) => void): Promise<CompileResult> {
  const dir = path.join(work, `compile-${n}`);
  const project = path.join(dir, 'project');
  progress(`compile, ${n} dashboards: generating`);
  await generateProject(project, n);
  const reference = path.join(dir, 'reference');
  rmSync(reference, { recursive: true, force: true });
  const built = spawnSync(process.execPath, [CLI, 'build', '--cwd', project, '--out', reference], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (built.status !== 0) throw new Error(`the reference build failed:\n${built.stderr}`);
  const baselines = await writeBaselines(reference, dir);

  const fresh = (name: string): { out: string; before: () => void } => {
    const out = path.join(dir, `out-${name}`);
    return { out, before: () => rmSync(out, { recursive: true, force: true }) };
  };
  const pd = fresh('polydash');
  const b = fresh('sdk-bundle');
  const raw = fresh('sdk-raw');
  const gl = fresh('grafana-literals');
  const al = fresh('all-literals');
  const unchanged = path.join(dir, 'out-unchanged');
  rmSync(unchanged, { recursive: true, force: true });
  spawnSync(process.execPath, [CLI, 'build', '--cwd', project, '--out', unchanged]);

  const contenders: Contender[] = [
    { label: 'polydash build', args: [CLI, 'build', '--cwd', project, '--out', pd.out], before: pd.before },
    { label: 'polydash build, outputs unchanged', args: [CLI, 'build', '--cwd', project, '--out', unchanged] },
    { label: 'B: esbuild bundle + raw SDK', args: [path.join(RUNNERS, 'sdk-bundle.mjs'), baselines.sdkDir, b.out], before: b.before },
    { label: 'raw SDK, plain JavaScript', args: [path.join(RUNNERS, 'sdk-raw.mjs'), baselines.sdkRaw, raw.out], before: raw.before },
    { label: 'literals, Grafana outputs', args: [path.join(RUNNERS, 'literals.mjs'), baselines.grafanaLiterals, gl.out], before: gl.before },
    { label: 'literals, all four products', args: [path.join(RUNNERS, 'literals.mjs'), baselines.literals, al.out], before: al.before },
  ];
  progress(`compile, ${n} dashboards: ${runs} rounds`);
  const [polydash, polydashUnchanged, bundleSdk, rawSdk, grafanaLiterals, allLiterals] = timeRounds(contenders, runs, progress) as [Figure, Figure, Figure, Figure, Figure, Figure];
  return { dashboards: n, baselines, polydash, polydashUnchanged, bundleSdk, rawSdk, grafanaLiterals, allLiterals };
}
