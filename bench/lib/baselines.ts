// Writes the baseline programs for one bench size from what polydash built for it, so that each
// baseline produces the same dashboards: raw-SDK code (as N TypeScript files, and as one plain
// module) for the Grafana outputs, and every output of every product as literals.

import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dashboardExpression, type GrafanaDashboard, SDK_IMPORTS } from './sdk-code.js';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !entry.name.startsWith('.')) out.push(path.join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/** `dist` is polydash's output for the size; everything is written under `work`. */
export interface Baselines {
  /** One raw-SDK TypeScript file per dashboard (baseline B). */
  readonly sdkDir: string;
  /** The same code as one plain module. */
  readonly sdkRaw: string;
  /** Every output of every product as literals, and the Grafana outputs alone. */
  readonly literals: string;
  readonly grafanaLiterals: string;
  readonly files: number;
  readonly bytes: number;
  readonly grafanaBytes: number;
}

export async function writeBaselines(dist: string, work: string): Promise<Baselines> {
  const grafanaFiles = (await filesUnder(path.join(dist, 'grafana'))).filter((f) => f.endsWith('.json'));
  const sdkDir = path.join(work, 'sdk-ts');
  await rm(sdkDir, { recursive: true, force: true });
  await mkdir(sdkDir, { recursive: true });
  const expressions: string[] = [];
  for (const f of grafanaFiles) {
    const d = JSON.parse(await readFile(f, 'utf8')) as GrafanaDashboard;
    const expr = dashboardExpression(d);
    expressions.push(expr);
    await writeFile(path.join(sdkDir, `${d.uid}.ts`), `${SDK_IMPORTS}\n\nexport default ${expr};\n`);
  }
  await writeFile(path.join(work, 'sdk-raw.mjs'), `${SDK_IMPORTS}\n\nexport const dashboards = [\n${expressions.join(',\n')}\n];\n`);

  const all: string[] = [];
  const grafana: string[] = [];
  let bytes = 0;
  let grafanaBytes = 0;
  for (const f of await filesUnder(dist)) {
    const rel = path.relative(dist, f);
    const text = await readFile(f, 'utf8');
    const kind = f.endsWith('.json') ? 'json' : f.endsWith('.ndjson') ? 'ndjson' : 'text';
    const value: unknown = kind === 'json' ? JSON.parse(text) : kind === 'ndjson' ? text.trim().split('\n').map((l) => JSON.parse(l) as unknown) : text;
    const entry = `[${JSON.stringify(rel)}, ${JSON.stringify(kind)}, ${JSON.stringify(value)}]`;
    all.push(entry);
    bytes += Buffer.byteLength(text);
    if (rel.startsWith('grafana/')) {
      grafana.push(entry);
      grafanaBytes += Buffer.byteLength(text);
    }
  }
  const literals = path.join(work, 'literals.mjs');
  const grafanaLiterals = path.join(work, 'grafana-literals.mjs');
  await writeFile(literals, `export const outputs = [\n${all.join(',\n')}\n];\n`);
  await writeFile(grafanaLiterals, `export const outputs = [\n${grafana.join(',\n')}\n];\n`);
  return { sdkDir, sdkRaw: path.join(work, 'sdk-raw.mjs'), literals, grafanaLiterals, files: all.length, bytes, grafanaBytes };
}
