// Loads TypeScript definition files (dashboards, the config) through esbuild. `polydash`
// imports resolve to this running copy, so definitions and the compiler share one module
// instance.

import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DashboardDef } from '../model/types.js';
import { isUserError } from '../errors.js';
import type { BuildOptions, Plugin } from 'esbuild';

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

/** Resolves `import ... from 'polydash'` to this running copy instead of bundling it. */
function selfPlugin(api: string): Plugin {
  return {
    name: 'polydash-self',
    setup(b) {
      b.onResolve({ filter: /^polydash$/ }, () => ({ path: api, external: true }));
    },
  };
}

type BundleErrors = { errors: { text: string; location?: { file: string; line: number; column: number } | null }[] };

function bundleProblems(e: BundleErrors): LoadProblem[] {
  return e.errors.map((err) => ({
    file: err.location?.file ?? '(bundle)',
    ...(err.location ? { line: err.location.line, column: err.location.column + 1 } : {}),
    message: err.text,
  }));
}

// .mjs: a project's package.json may not say "type": "module".
const COMMON: BuildOptions = { bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', write: true, logLevel: 'silent', outExtension: { '.js': '.mjs' } };

/** A module that imports each file's namespace and exports them in order. */
function entrySource(absolute: readonly string[]): string {
  return `${absolute.map((f, i) => `import * as m${i} from ${JSON.stringify(f)};`).join('\n')}\nexport default [${absolute.map((_, i) => `m${i}`).join(', ')}];\n`;
}

function bundlingFailed(e: Partial<BundleErrors>): LoadProblem[] {
  if (!e.errors) throw e;
  return bundleProblems(e as BundleErrors);
}

async function newOutDir(root: string): Promise<string> {
  const outdir = path.join(cacheDir(root), `run-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
  await mkdir(outdir, { recursive: true });
  return outdir;
}

/**
 * Bundles each share of files into one module of its own (for workers that each load a share),
 * in one esbuild run. The caller removes `dir` when done.
 */
export async function bundleShares(shares: readonly (readonly string[])[], root: string): Promise<{ dir: string; outfiles: string[]; problems: LoadProblem[] }> {
  const { build } = await import('esbuild');
  const dir = await newOutDir(root);
  const absolute = shares.map((files) => files.map((f) => path.resolve(root, f)));
  const shareEntries: Plugin = {
    name: 'polydash-shares',
    setup(b) {
      b.onResolve({ filter: /^polydash-share:\d+$/ }, (args) => ({ path: args.path.slice('polydash-share:'.length), namespace: 'polydash-share' }));
      b.onLoad({ filter: /.*/, namespace: 'polydash-share' }, (args) => ({ contents: entrySource(absolute[Number(args.path)]!), resolveDir: root, loader: 'ts' }));
    },
  };
  const problems = await build({
    ...COMMON,
    entryPoints: Object.fromEntries(shares.map((_, i) => [`share-${i}`, `polydash-share:${i}`])),
    absWorkingDir: root,
    outdir: dir,
    plugins: [shareEntries, selfPlugin(publicApiUrl())],
  }).then(() => [], bundlingFailed);
  return { dir, outfiles: shares.map((_, i) => path.join(dir, `share-${i}.mjs`)), problems };
}

/** Evaluates a bundle made by `bundleShares` (or the fast path); throws what a definition throws. */
export async function importBundle(outfile: string, files: readonly string[]): Promise<ImportedModule[]> {
  const { default: namespaces } = (await import(pathToFileURL(outfile).href)) as { default: Record<string, unknown>[] };
  return namespaces.map((exports, i) => ({ file: files[i]!, exports }));
}

/**
 * Bundles and imports TypeScript files; a file that fails is a problem, not an exception.
 * The fast path bundles every file into one module and evaluates it once. Only when that
 * evaluation throws does the slow path run: one chunk per file, with source maps, imported one
 * by one, so that each failing file is named with its line.
 */
export async function importTypeScript(files: readonly string[], root: string): Promise<{ modules: ImportedModule[]; problems: LoadProblem[] }> {
  if (files.length === 0) return { modules: [], problems: [] };
  const { build } = await import('esbuild');
  const outdir = await newOutDir(root);
  const plugin = selfPlugin(publicApiUrl());
  const absolute = files.map((f) => path.resolve(root, f));
  try {
    const outfile = path.join(outdir, 'definitions.mjs');
    const problems = await build({ ...COMMON, stdin: { contents: entrySource(absolute), resolveDir: root, sourcefile: 'polydash-definitions.ts', loader: 'ts' }, absWorkingDir: root, outfile, plugins: [plugin] }).then(() => [], bundlingFailed);
    if (problems.length) return { modules: [], problems };
    try {
      return { modules: await importBundle(outfile, absolute.map((f) => path.relative(root, f))), problems: [] };
    } catch {
      return await importOneByOne(build, absolute, root, outdir, plugin);
    }
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

async function importOneByOne(
  build: typeof import('esbuild').build,
  absolute: readonly string[],
  root: string,
  outdir: string,
  plugin: Plugin,
): Promise<{ modules: ImportedModule[]; problems: LoadProblem[] }> {
  const result = await build({ ...COMMON, entryPoints: [...absolute], absWorkingDir: root, outdir: path.join(outdir, 'files'), outbase: root, splitting: true, sourcemap: 'inline', metafile: true, plugins: [plugin] });
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
}

export async function loadDefinitions(files: readonly string[], root: string): Promise<LoadResult> {
  const { modules, problems } = await importTypeScript(files, root);
  return { dashboards: dashboardsOf(modules), problems };
}

/** The dashboards a set of modules export, each attributed to the first file exporting it. */
export function dashboardsOf(modules: readonly ImportedModule[]): LoadedDashboard[] {
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
  return dashboards;
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
