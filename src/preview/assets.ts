// What the preview page loads besides itself: ECharts (served from node_modules, never
// downloaded), the page script (the evaluator and the chart code, bundled by esbuild from
// src/preview/client) and the style sheet.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';

export const TEMPLATE_DIR = new URL('../../templates/preview/', import.meta.url);

export interface Asset {
  readonly name: string;
  readonly type: string;
  readonly body: string | Buffer;
}

export function echartsFile(): string {
  try {
    return createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
  } catch {
    throw new UserError('the preview needs the echarts package: run npm install');
  }
}

let script: Promise<string> | undefined;

/** The page script, bundled once per process from the client entry next to this module. */
export function pageScript(): Promise<string> {
  script ??= (async () => {
    const here = fileURLToPath(import.meta.url);
    const entry = path.join(path.dirname(here), 'client', `main${path.extname(here)}`);
    const { build } = await import('esbuild');
    const result = await build({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', target: 'es2020', write: false, minify: true, legalComments: 'none', logLevel: 'silent' });
    return result.outputFiles[0]!.text;
  })();
  return script;
}

export async function loadAssets(): Promise<Asset[]> {
  return [
    { name: 'echarts.min.js', type: 'text/javascript; charset=utf-8', body: await readFile(echartsFile()) },
    { name: 'preview.js', type: 'text/javascript; charset=utf-8', body: await pageScript() },
    { name: 'preview.css', type: 'text/css; charset=utf-8', body: await readFile(new URL('preview.css', TEMPLATE_DIR), 'utf8') },
  ];
}
