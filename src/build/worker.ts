// A build worker thread: loads its share of the definitions (bundled by the main thread),
// validates them, and on the main thread's word renders and stages their outputs.

import { parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../errors.js';
import { dashboardIssues, resolveTargets } from './build.js';
import { dashboardsOf, importBundle, type LoadedDashboard } from './load.js';
import type { RenderSettings } from './render.js';
import { renderAndStage } from './render.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const port = parentPort!;
const { targets: names, settings } = workerData as { targets: string[]; settings: RenderSettings };
// Loading the renderers overlaps with the main thread's bundling.
const targets = resolveTargets(names);
targets.catch(() => undefined);
let dashboards: LoadedDashboard[] = [];

const reply = (m: FromWorker): void => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  void handle(m).catch((e: unknown) =>
    reply({ type: 'error', user: isUserError(e), message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});

async function handle(m: ToWorker): Promise<void> {
  if (m.type === 'load') {
    try {
      dashboards = dashboardsOf(await importBundle(m.bundle, m.files));
    } catch {
      reply({ type: 'threw' });
      return;
    }
    reply({ type: 'validated', dashboards: dashboards.map((d) => ({ uid: d.def.uid, file: d.file })), issues: dashboardIssues(dashboards) });
  } else {
    reply({ type: 'rendered', share: await renderAndStage(dashboards, await targets, settings) });
  }
}
