// `polydash preview --static <dir>`: the same pages as files. Each dashboard page carries its
// events and evaluates in the browser, so variables and the time range still work from disk.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadAssets } from './assets.js';
import { dashboardHref, type PageOptions, renderDashboard, renderIndex } from './page.js';
import { type PreviewOptions, type Snapshot, takeSnapshot } from './snapshot.js';

export interface StaticResult {
  readonly snapshot: Snapshot;
  /** Written files, relative to the output folder. */
  readonly files: readonly string[];
}

export async function writeStaticPreview(options: PreviewOptions, outDir: string): Promise<StaticResult> {
  const snapshot = await takeSnapshot(options, 1);
  const pageOptions: PageOptions = { live: false, eventsDir: options.eventsDir };
  const out = path.resolve(options.root, outDir);
  const files: string[] = [];
  const write = async (rel: string, body: string | Buffer): Promise<void> => {
    await mkdir(path.dirname(path.join(out, rel)), { recursive: true });
    await writeFile(path.join(out, rel), body);
    files.push(rel);
  };
  await write('index.html', renderIndex(snapshot, pageOptions));
  for (const d of snapshot.dashboards) {
    await write(decodeURIComponent(dashboardHref(d.def.uid)), (await renderDashboard(snapshot, d.def.uid, pageOptions)).html);
  }
  for (const a of await loadAssets()) await write(`assets/${a.name}`, a.body);
  return { snapshot, files };
}
