import path from 'node:path';
import { loadAndValidate } from '../../build/build.js';
import { formatIssues } from '../format.js';
import type { CommonArgs } from '../run.js';

export default async function validateCommand(argv: CommonArgs): Promise<number> {
  const root = path.resolve(argv.cwd ?? process.cwd());
  const { issues, dashboards, files } = await loadAndValidate(root, argv.files ?? []);
  const ok = issues.length === 0;
  if (argv.json) process.stdout.write(`${JSON.stringify({ ok, issues, dashboards: dashboards.map((d) => ({ uid: d.def.uid, file: d.file })) }, null, 2)}\n`);
  else if (!ok) process.stderr.write(formatIssues(issues).replace('nothing was written.', 'fix them and run again.'));
  else process.stdout.write(`${dashboards.length} dashboard${dashboards.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}: valid.\n`);
  return ok ? 0 : 1;
}
