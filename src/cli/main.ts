#!/usr/bin/env node
// The polydash command line. Command modules load lazily so `--help` stays fast.

import { hideBin, yargs } from './yargs.vendor.js';
import { TARGETS } from '../targets/index.js';
import { type CommonArgs, run } from './run.js';

const targetOption = {
  type: 'string',
  array: true,
  describe: `Targets to build (comma-separated or repeated): ${TARGETS.map((t) => t.name).join(', ')}; default all`,
  coerce: (v: string[]) => v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean),
} as const;

const publishOptions = {
  env: { type: 'string', demandOption: true, describe: 'Environment from polydash.config.ts' },
  target: targetOption,
  only: {
    type: 'string',
    array: true,
    describe: 'Dashboard uids (comma-separated or repeated); default all',
    coerce: (v: string[]) => v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean),
  },
  prune: { type: 'boolean', default: false, describe: 'Delete dashboards polydash manages that are no longer defined (after a backup)' },
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
  .command(
    'plan',
    "Compare the definitions with what an environment's products have; change nothing",
    (y) =>
      y
        .options(publishOptions)
        .option('detailed-exitcode', { type: 'boolean', default: false, describe: 'Exit 2 when the plan has changes (0 none, 1 error)' })
        .example('$0 plan --env prod', 'What a push to prod would do')
        .example('$0 plan --env prod --detailed-exitcode --json > plan.json', 'For CI: machine-readable, exit code 2 on changes'),
    (argv) => run('plan', argv as unknown as CommonArgs),
  )
  .command(
    'push',
    "Create or update the dashboards in an environment's products",
    (y) =>
      y
        .options(publishOptions)
        .option('dry-run', { type: 'boolean', default: false, describe: 'Plan and report what would be written; write nothing' })
        .option('force', { type: 'boolean', default: false, describe: 'Overwrite dashboards changed in the product or not managed by polydash (the live version is backed up first)' })
        .example('$0 push --env prod', 'Publish every dashboard to every product of prod')
        .example('$0 push --env dev --target grafana --only twistlock-overview', 'One dashboard, one product'),
    (argv) => run('push', argv as unknown as CommonArgs),
  )
  .command(
    'preview [files..]',
    'Show every dashboard drawn from sample events, in a browser on this machine (no vendor account)',
    (y) =>
      y
        .positional('files', { type: 'string', array: true, describe: 'Definition files or folders (default: dashboards/)' })
        .option('port', { type: 'number', default: 4321, describe: 'Port on 127.0.0.1' })
        .option('open', { type: 'boolean', default: false, describe: 'Open the preview in the default browser' })
        .option('static', { type: 'string', describe: 'Write the pages as static HTML files into this folder instead of serving them' })
        .option('events', { type: 'string', default: 'dashboards/samples', describe: 'Folder of <source-id>.ndjson sample events' })
        .option('now', { type: 'string', default: 'latest', describe: "The preview's now: latest (the newest sample event), clock, or an ISO-8601 time" })
        .example('$0 preview --open', 'Serve the pack on http://127.0.0.1:4321/ and open it; pages reload when a definition changes')
        .example('$0 preview --static out/', 'Write the same pages as files'),
    (argv) => run('preview', argv as unknown as CommonArgs),
  )
  .command(
    'import [file]',
    'Turn a dashboard exported from Sumo Logic, Kibana, Splunk or Grafana (or pulled through its API) into a TypeScript definition',
    (y) =>
      y
        .positional('file', { type: 'string', describe: 'Exported dashboard: Sumo Logic JSON, Kibana NDJSON/JSON, Splunk XML or Studio JSON, Grafana JSON' })
        .option('from', { type: 'string', choices: ['sumologic', 'kibana', 'splunk', 'grafana'], describe: 'The product (detected from the file when absent; required with --env)' })
        .option('out', { type: 'string', describe: 'Definition file to write (default dashboards/<uid>.ts)' })
        .option('print', { type: 'boolean', default: false, describe: 'Print the definition on stdout (the report goes to stderr) instead of writing a file' })
        .option('force', { type: 'boolean', default: false, describe: 'Replace the --out file when it exists' })
        .option('env', { type: 'string', describe: 'Pull the dashboard through the API of this environment of polydash.config.ts' })
        .option('uid', { type: 'string', describe: 'Grafana dashboard uid (with --env)' })
        .option('id', { type: 'string', describe: 'Sumo Logic dashboard id or Kibana dashboard id (with --env)' })
        .option('name', { type: 'string', describe: 'Splunk view name (with --env)' })
        .example('$0 import grafana-dashboard.json', 'Write dashboards/<uid>.ts and print what was recognised, kept raw or lost')
        .example('$0 import --from grafana --env prod --uid sib-security-overview', 'Pull a dashboard through the configured API'),
    (argv) => run('import', argv as unknown as CommonArgs),
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
