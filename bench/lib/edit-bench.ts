// Section 2: the edit loop. One definition rebuilt inside a large project and alone, and how
// long the CLI takes to answer --help, against Node starting and doing nothing.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { type Figure, timeRounds } from './measure.js';
import { CLI } from './paths.js';

export interface EditResult {
  readonly largeProject: number;
  readonly oneInLarge: Figure;
  readonly oneAlone: Figure;
  readonly help: Figure;
  readonly nodeNothing: Figure;
}

/** `large` and `single` are projects made by the compile section. */
export function editBench(large: { dir: string; dashboards: number }, single: string, runs: number, progress: (line: string) => void): EditResult {
  const first = (dir: string): string => {
    const name = readdirSync(path.join(dir, 'dashboards')).filter((f) => f.endsWith('.ts')).sort()[0];
    if (!name) throw new Error(`no definitions in ${dir}`);
    return path.join('dashboards', name);
  };
  const out = (dir: string): string => path.join(dir, '..', 'out-edit');
  for (const dir of [large.dir, single]) spawnSync(process.execPath, [CLI, 'build', '--cwd', dir, '--out', out(dir)]);
  progress(`edit loop: ${runs} rounds`);
  const [oneInLarge, oneAlone, help, nodeNothing] = timeRounds(
    [
      { label: `polydash build <one file> in a ${large.dashboards}-dashboard project`, args: [CLI, 'build', first(large.dir), '--cwd', large.dir, '--out', out(large.dir)] },
      { label: 'polydash build, a one-dashboard project', args: [CLI, 'build', '--cwd', single, '--out', out(single)] },
      { label: 'polydash --help', args: [CLI, '--help'] },
      { label: 'node -e 0', args: ['-e', '0'] },
    ],
    runs,
    progress,
  ) as [Figure, Figure, Figure, Figure];
  return { largeProject: large.dashboards, oneInLarge, oneAlone, help, nodeNothing };
}
