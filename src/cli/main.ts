#!/usr/bin/env node
// The polydash command line. Command modules load lazily so `--help` stays fast.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { TARGETS } from '../targets/index.js';
import { type CommonArgs, run } from './run.js';

const targetOption = {
  type: 'string',
  array: true,
  describe: `Targets to build (comma-separated or repeated): ${TARGETS.map((t) => t.name).join(', ')}; default all`,
  coerce: (v: string[]) => v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean),
} as const;

/** Each target's own options, e.g. --splunk-format studio. */
function targetOptions(): Record<string, { type: 'string'; describe: string; choices?: string[] }> {
  return Object.fromEntries(
    TARGETS.flatMap((t) =>
      (t.options ?? []).map((o) => [`${t.name}-${o.name}`, { type: 'string' as const, describe: `${t.title}: ${o.describe}`, ...(o.choices ? { choices: [...o.choices] } : {}) }]),
    ),
  );
}

await yargs(hideBin(process.argv))
  .scriptName('polydash')
  .usage('$0 <command> [options]\n\nDashboards as code: compile TypeScript definitions to Sumo Logic, Kibana, Splunk and Grafana.')
  .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output on stdout' })
  .option('cwd', { type: 'string', describe: 'Project root (default: the current folder)' })
  .command(
    'build [files..]',
    'Validate definitions and compile them into the output folder',
    (y) =>
      y
        .positional('files', { type: 'string', array: true, describe: 'Definition files or folders (default: dashboards/)' })
        .option('target', targetOption)
        .option('out', { type: 'string', default: 'dist', describe: 'Output folder' })
        .options(targetOptions())
        .example('$0 build', 'Compile everything under dashboards/ into dist/')
        .example('$0 build dashboards/twistlock-overview.ts --target sumologic', 'One dashboard, one product'),
    (argv) => run('build', argv as unknown as CommonArgs),
  )
  .command(
    'validate [files..]',
    'Check definitions against the schema and the semantic rules; writes nothing',
    (y) => y.positional('files', { type: 'string', array: true, describe: 'Definition files or folders (default: dashboards/)' }),
    (argv) => run('validate', argv),
  )
  .demandCommand(1, 'Name a command; see --help.')
  .strict()
  .help()
  .alias('h', 'help')
  .version()
  .wrap(Math.min(100, process.stdout.columns || 100))
  .fail((msg, err, y) => {
    if (err) throw err;
    process.stderr.write(`${msg}\n\nRun polydash --help for usage.\n`);
    void y;
    process.exit(1);
  })
  .parseAsync();
