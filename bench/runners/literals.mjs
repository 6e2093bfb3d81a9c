// Baseline (the floor): polydash's final outputs for all four products held as literals in one
// module; serialise and write them. Usage: node literals.mjs <module> <out>

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [module, out] = process.argv.slice(2).map((p) => path.resolve(p));
const { outputs } = await import(pathToFileURL(module).href);
const serialise = { json: (v) => `${JSON.stringify(v, null, 2)}\n`, ndjson: (v) => `${v.map((o) => JSON.stringify(o)).join('\n')}\n`, text: (v) => v };
const dirs = new Set(outputs.map(([p]) => path.dirname(path.join(out, p))));
await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
await Promise.all(outputs.map(([p, kind, value]) => writeFile(path.join(out, p), serialise[kind](value))));
