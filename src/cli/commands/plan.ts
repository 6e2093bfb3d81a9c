import path from 'node:path';
import { planHasChanges, runPublish } from '../../publish/run.js';
import { redactDeep } from '../../publish/redact.js';
import { formatIssues } from '../format.js';
import { formatPlan } from '../publish-format.js';
import type { CommonArgs } from '../run.js';

export default async function planCommand(argv: CommonArgs): Promise<number> {
  const outcome = await runPublish({
    root: path.resolve(argv.cwd ?? process.cwd()),
    environment: argv.env!,
    targets: argv.target ?? [],
    only: argv.only ?? [],
    push: false,
    dryRun: true,
    force: false,
    prune: argv.prune ?? false,
  });
  if (outcome.issues.length) {
    if (argv.json) process.stdout.write(`${JSON.stringify({ ok: false, issues: outcome.issues }, null, 2)}\n`);
    else process.stderr.write(formatIssues(outcome.issues));
    return 1;
  }
  // A refused dashboard (access the product cannot give) fails the plan as it would fail the push.
  const failed = outcome.products.some((p) => p.error || p.plan?.items.some((i) => i.action === 'refused'));
  if (argv.json) process.stdout.write(`${JSON.stringify(redactDeep({ ok: !failed, ...outcome }), null, 2)}\n`);
  else process.stdout.write(formatPlan(outcome));
  if (failed) return 1;
  return argv['detailed-exitcode'] && planHasChanges(outcome) ? 2 : 0;
}
