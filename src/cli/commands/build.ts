import path from 'node:path';
import { build } from '../../build/build.js';
import { TARGETS } from '../../targets/index.js';
import { formatBuild, formatIssues } from '../format.js';
import type { CommonArgs } from '../run.js';

export default async function buildCommand(argv: CommonArgs): Promise<number> {
  const root = path.resolve(argv.cwd ?? process.cwd());
  const outDir = argv.out ?? 'dist';
  const targetOptions = Object.fromEntries(
    TARGETS.map((t) => [t.name, Object.fromEntries((t.options ?? []).flatMap((o) => {
      const v = (argv as unknown as Record<string, unknown>)[`${t.name}-${o.name}`];
      return typeof v === 'string' ? [[o.name, v]] : [];
    }))]),
  );
  const outcome = await build({ root, inputs: argv.files ?? [], targets: argv.target ?? [], outDir, targetOptions });
  if (argv.json) process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
  else if (!outcome.ok) process.stderr.write(formatIssues(outcome.issues));
  else process.stdout.write(formatBuild(outcome, outDir));
  return outcome.ok ? 0 : 1;
}
