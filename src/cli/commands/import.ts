// `polydash import`: turn a dashboard exported from (or pulled through the API of) Sumo Logic,
// Kibana, Splunk or Grafana into a TypeScript definition, with a report of what was recognised,
// kept raw or lost.

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { importDocument } from '../../import/index.js';
import { PRODUCTS, type Product } from '../../import/model.js';
import { formatReport } from '../../import/report.js';

export interface ImportArgs {
  readonly json: boolean;
  readonly cwd?: string;
  readonly file?: string;
  readonly from?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly print?: boolean;
  readonly env?: string;
  readonly uid?: string;
  readonly id?: string;
  readonly name?: string;
}

function product(from: string | undefined): Product | undefined {
  if (from === undefined) return undefined;
  if (!(PRODUCTS as readonly string[]).includes(from)) throw new UserError(`--from: expected one of ${PRODUCTS.join(', ')}, got ${JSON.stringify(from)}`);
  return from as Product;
}

/** The id option each product's API takes. */
const ID_OPTION: Record<Product, 'uid' | 'id' | 'name'> = { grafana: 'uid', sumologic: 'id', kibana: 'id', splunk: 'name' };

async function source(argv: ImportArgs, root: string, from: Product | undefined): Promise<{ text: string; origin: string }> {
  if (argv.env !== undefined) {
    if (argv.file) throw new UserError('give a file or --env, not both');
    if (!from) throw new UserError('--env needs --from sumologic|kibana|splunk|grafana');
    const option = ID_OPTION[from];
    const id = argv[option];
    if (!id) throw new UserError(`--from ${from} --env ${argv.env} needs --${option}`);
    const { pullDashboard } = await import('../../import/pull.js');
    return pullDashboard({ root, environment: argv.env, product: from, id });
  }
  if (!argv.file) throw new UserError('name an exported dashboard file, or use --env with --from and the dashboard id');
  const file = path.resolve(root, argv.file);
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UserError(`${argv.file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  return { text, origin: path.basename(file) };
}

export default async function importCommand(argv: ImportArgs): Promise<number> {
  const root = path.resolve(argv.cwd ?? process.cwd());
  const from = product(argv.from);
  const { text, origin } = await source(argv, root, from);
  const result = importDocument(text, { ...(from ? { from } : {}), origin });
  const out = argv.out ?? path.join('dashboards', `${result.file.dashboards[0]!.uid}.ts`);
  const toStdout = argv.print === true || out === '-';
  if (!toStdout) {
    const target = path.resolve(root, out);
    if (existsSync(target) && !argv.force) throw new UserError(`${out} exists; choose another --out or add --force to replace it`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, result.code);
  }
  if (argv.json) {
    process.stdout.write(`${JSON.stringify({ ok: true, product: result.product, file: toStdout ? undefined : out, ...(toStdout ? { code: result.code } : {}), report: result.report }, null, 2)}\n`);
  } else {
    if (toStdout) process.stdout.write(result.code);
    (toStdout ? process.stderr : process.stdout).write(`${toStdout ? '' : `Wrote ${out} from ${origin}.\n`}${formatReport(result.report)}`);
  }
  return 0;
}
