// Baseline B: esbuild bundles a folder of TypeScript files written with the raw foundation SDK
// (one dashboard each), runs the bundle, serialises every dashboard and writes it.
// Usage: node sdk-bundle.mjs <folder of .ts> <out>

import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const [dir, out] = process.argv.slice(2).map((p) => path.resolve(p));
const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort();
const entry = `${files.map((f, i) => `import m${i} from ${JSON.stringify(`./${f}`)};`).join('\n')}\nexport default [${files.map((_, i) => `m${i}`).join(', ')}];\n`;
const outfile = path.join(dir, '.bundle', `run-${process.pid}.mjs`);
await build({ stdin: { contents: entry, resolveDir: dir, loader: 'ts' }, outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'error' });
const { default: dashboards } = await import(pathToFileURL(outfile).href);
await mkdir(out, { recursive: true });
await Promise.all(dashboards.map((b) => {
  const d = b.build();
  return writeFile(path.join(out, `${d.uid}.json`), `${JSON.stringify(d, null, 2)}\n`);
}));
await rm(path.dirname(outfile), { recursive: true, force: true });
