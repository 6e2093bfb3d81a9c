import path from 'node:path';
import { pushIncomplete, runPublish } from '../../publish/run.js';
import { redact, redactDeep } from '../../publish/redact.js';
import { formatIssues } from '../format.js';
import { formatPush, formatResult } from '../publish-format.js';
import type { CommonArgs } from '../run.js';

export default async function pushCommand(argv: CommonArgs): Promise<number> {
  const progress = !argv.json && process.stdout.isTTY === true;
  const outcome = await runPublish({
    root: path.resolve(argv.cwd ?? process.cwd()),
    environment: argv.env!,
    targets: argv.target ?? [],
    only: argv.only ?? [],
    push: true,
    dryRun: argv['dry-run'] ?? false,
    force: argv.force ?? false,
    prune: argv.prune ?? false,
    ...(progress ? { onResult: (r) => process.stdout.write(`${redact(formatResult(r))}\n`) } : {}),
  });
  if (outcome.issues.length) {
    if (argv.json) process.stdout.write(`${JSON.stringify({ ok: false, issues: outcome.issues }, null, 2)}\n`);
    else process.stderr.write(formatIssues(outcome.issues));
    return 1;
  }
  const incomplete = pushIncomplete(outcome);
  if (argv.json) process.stdout.write(`${JSON.stringify(redactDeep({ ok: !incomplete, ...outcome }), null, 2)}\n`);
  else (incomplete ? process.stderr : process.stdout).write(redact(formatPush(outcome, progress)));
  return incomplete ? 1 : 0;
}
