// Runs a command and maps its outcome to output and an exit code:
// 0 success, 1 a problem the user can fix, 2 a polydash bug.

import { isUserError } from '../errors.js';

export interface CommonArgs {
  readonly json: boolean;
  readonly cwd?: string;
  readonly files?: readonly string[];
  readonly target?: readonly string[];
  readonly out?: string;
  readonly env?: string;
  readonly only?: readonly string[];
  readonly prune?: boolean;
  readonly force?: boolean;
  readonly 'dry-run'?: boolean;
  readonly 'detailed-exitcode'?: boolean;
}

export async function run(command: 'build' | 'validate' | 'plan' | 'push' | 'preview' | 'import', argv: CommonArgs): Promise<void> {
  try {
    process.exitCode = await (await import(`./commands/${command}.js`)).default(argv);
  } catch (e) {
    if (isUserError(e)) {
      if (argv.json) process.stdout.write(`${JSON.stringify({ ok: false, error: e.message })}\n`);
      else process.stderr.write(`polydash: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`polydash: internal error (please report it):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  }
}
