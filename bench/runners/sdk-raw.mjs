// Baseline: the raw foundation SDK, in plain JavaScript with nothing to load but the SDK, builds
// the dashboards, serialises and writes them. Usage: node sdk-raw.mjs <module> <out>

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [module, out] = process.argv.slice(2).map((p) => path.resolve(p));
const { dashboards } = await import(pathToFileURL(module).href);
await mkdir(out, { recursive: true });
await Promise.all(dashboards.map((b) => {
  const d = b.build();
  return writeFile(path.join(out, `${d.uid}.json`), `${JSON.stringify(d, null, 2)}\n`);
}));
