// Renders valid dashboards for every target and stages the outputs that changed. Rendering runs
// in batches, and a batch's files are written while the next batch renders, so memory holds a
// few dashboards' outputs at a time rather than all of them.

import path from 'node:path';
import type { Target } from '../targets/target.js';
import { mapLimit } from '../util/map-limit.js';
import type { DashboardOutcome } from './build.js';
import type { LoadedDashboard } from './load.js';
import { type ManifestArtifact, sha256 } from './manifest.js';
import { discardStaged, type StagedFile, stageIfChanged } from './write.js';

/** Dashboards rendered before their files are handed to the disk. */
const BATCH = 16;
/** Files read, compared and written at once: enough to keep the disk busy, few enough for the fd limit. */
const WRITE_CONCURRENCY = 32;

export interface RenderSettings {
  readonly outDir: string;
  /** Per target, its command-line options. */
  readonly targetOptions?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface RenderedShare {
  readonly outcomes: DashboardOutcome[];
  readonly artifacts: ManifestArtifact[];
  readonly staged: StagedFile[];
  /** Artifact paths (relative to the output folder) that were staged, and that were already current. */
  readonly written: string[];
  readonly unchanged: string[];
}

interface Pending {
  readonly path: string;
  readonly content: string;
}

/** Renders and stages; on any failure, removes what it staged and rethrows. */
export async function renderAndStage(dashboards: readonly LoadedDashboard[], targets: readonly Target[], settings: RenderSettings): Promise<RenderedShare> {
  const share: RenderedShare = { outcomes: [], artifacts: [], staged: [], written: [], unchanged: [] };
  const stage = async (batch: readonly Pending[]): Promise<void> => {
    const results = await mapLimit(batch, WRITE_CONCURRENCY, (a) => stageIfChanged(path.join(settings.outDir, a.path), a.content));
    results.forEach((staged, i) => {
      if (staged) {
        share.staged.push(staged);
        share.written.push(batch[i]!.path);
      } else share.unchanged.push(batch[i]!.path);
    });
  };
  let writing: Promise<void> = Promise.resolve();
  try {
    for (let start = 0; start < dashboards.length; start += BATCH) {
      const batch: Pending[] = [];
      for (const d of dashboards.slice(start, start + BATCH)) {
        share.outcomes.push({
          uid: d.def.uid,
          title: d.def.title,
          file: d.file,
          targets: targets.map((t) => {
            const result = t.render(d.def, { sourceFile: d.file, options: settings.targetOptions?.[t.name] ?? {} });
            for (const a of result.artifacts) {
              batch.push(a);
              share.artifacts.push({ path: a.path, target: t.name, dashboard: d.def.uid, sha256: sha256(a.content) });
            }
            return { target: t.name, panels: result.panels };
          }),
        });
      }
      await writing;
      writing = stage(batch);
      // Handled by the next await; this only keeps a failure meanwhile from counting as unhandled.
      writing.catch(() => undefined);
    }
    await writing;
  } catch (e) {
    await writing.catch(() => undefined);
    await discardStaged(share.staged);
    throw e;
  }
  return share;
}
