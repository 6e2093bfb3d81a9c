import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';

const DEFINITION = /\.(ts|mts)$/;
const SKIP = /\.(d|test|spec)\.m?ts$/;

/** Definition files: the given files or folders, or every .ts file under `dashboards/`. */
export async function discoverDefinitions(root: string, inputs: readonly string[]): Promise<string[]> {
  const targets = inputs.length ? inputs : ['dashboards'];
  const out = new Set<string>();
  for (const input of targets) {
    const abs = path.resolve(root, input);
    const st = await stat(abs).catch(() => undefined);
    if (!st) throw new UserError(`${input}: no such file or folder`);
    if (st.isDirectory()) {
      for (const f of await walk(abs)) out.add(path.relative(root, f));
    } else if (DEFINITION.test(abs)) out.add(path.relative(root, abs));
    else throw new UserError(`${input}: expected a .ts definition file or a folder of them`);
  }
  return [...out].sort();
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(full)));
    else if (DEFINITION.test(e.name) && !SKIP.test(e.name)) files.push(full);
  }
  return files;
}
