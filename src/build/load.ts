// Loads TypeScript definition files (dashboards, the config). All files are bundled by esbuild
// in one pass (one chunk per file, shared code split out) and then imported one by one, so that
// a file that throws is reported on its own. `polydash` imports resolve to this running copy,
// so definitions and the compiler share one module instance.

import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DashboardDef } from '../model/types.js';
import { isUserError } from '../errors.js';

export interface LoadedDashboard {
  readonly def: DashboardDef;
  /** Definition file, relative to the project root. */
  readonly file: string;
}

export interface LoadProblem {
  readonly file: string;
  /** 1-based, when known. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export interface LoadResult {
  readonly dashboards: readonly LoadedDashboard[];
  readonly problems: readonly LoadProblem[];
}

/** The public API module of this running polydash (`lib/index.js`, or `src/index.ts` under tsx). */
function publicApiUrl(): string {
  const here = fileURLToPath(import.meta.url);
  return pathToFileURL(path.join(path.dirname(here), '..', `index${path.extname(here)}`)).href;
}

function cacheDir(root: string): string {
  const nodeModules = path.join(root, 'node_modules');
  return existsSync(nodeModules) ? path.join(nodeModules, '.cache', 'polydash') : path.join(root, '.polydash', 'cache');
}

function isDashboard(v: unknown): v is DashboardDef {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'dashboard';
}

export interface ImportedModule {
  /** Relative to the project root. */
  readonly file: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

/** Bundles and imports TypeScript files; a file that fails is a problem, not an exception. */
export async function importTypeScript(files: readonly string[], root: string): Promise<{ modules: ImportedModule[]; problems: LoadProblem[] }> {
  if (files.length === 0) return { modules: [], problems: [] };
  const { build } = await import('esbuild');
  const outdir = path.join(cacheDir(root), `run-${process.pid}-${Date.now().toString(36)}`);
  await mkdir(outdir, { recursive: true });
  const api = publicApiUrl();
  const absolute = files.map((f) => path.resolve(root, f));
  try {
    const result = await build({
      entryPoints: absolute,
      absWorkingDir: root,
      outdir,
      outbase: root,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'inline',
      metafile: true,
      write: true,
      logLevel: 'silent',
      plugins: [
        {
          name: 'polydash-self',
          setup(b) {
            b.onResolve({ filter: /^polydash$/ }, () => ({ path: api, external: true }));
          },
        },
      ],
    }).catch((e: { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }) => {
      if (!e.errors) throw e;
      return { errors: e.errors, metafile: undefined };
    });
    if (!result.metafile) {
      return {
        modules: [],
        problems: result.errors.map((err) => ({
          file: err.location?.file ?? '(bundle)',
          ...(err.location ? { line: err.location.line, column: err.location.column + 1 } : {}),
          message: err.text,
        })),
      };
    }
    const outputFor = new Map<string, string>();
    for (const [out, meta] of Object.entries(result.metafile.outputs)) {
      if (meta.entryPoint) outputFor.set(path.resolve(root, meta.entryPoint), path.resolve(root, out));
    }
    process.setSourceMapsEnabled(true);
    const modules: ImportedModule[] = [];
    const problems: LoadProblem[] = [];
    for (const file of absolute) {
      const rel = path.relative(root, file);
      const out = outputFor.get(file);
      if (!out) {
        problems.push({ file: rel, message: 'esbuild produced no output for this file' });
        continue;
      }
      try {
        modules.push({ file: rel, exports: (await import(pathToFileURL(out).href)) as Record<string, unknown> });
      } catch (e) {
        problems.push(describeThrow(e, file, rel));
      }
    }
    return { modules, problems };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

export async function loadDefinitions(files: readonly string[], root: string): Promise<LoadResult> {
  const { modules, problems } = await importTypeScript(files, root);
  const dashboards: LoadedDashboard[] = [];
  const seen = new Set<DashboardDef>();
  for (const m of modules) {
    for (const value of Object.values(m.exports)) {
      for (const candidate of Array.isArray(value) ? value : [value]) {
        if (isDashboard(candidate) && !seen.has(candidate)) {
          seen.add(candidate);
          dashboards.push({ def: candidate, file: m.file });
        }
      }
    }
  }
  return { dashboards, problems };
}

/** A definition threw while it was evaluated: find its line through the source map. */
function describeThrow(e: unknown, file: string, rel: string): LoadProblem {
  const message = e instanceof Error ? e.message : String(e);
  const stack = e instanceof Error ? (e.stack ?? '') : '';
  for (const line of stack.split('\n')) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const frameFile = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (path.resolve(frameFile) === file) return { file: rel, line: Number(m[2]), column: Number(m[3]), message };
  }
  return { file: rel, message: isUserError(e) ? message : `${e instanceof Error ? e.name : 'Error'}: ${message}` };
}
