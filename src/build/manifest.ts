// dist/.manifest.json: every artifact with its sha256, and every panel's fidelity per target.
// It is a dot-file so that folder-wide conformance checks of dist/ only see dashboards.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DashboardOutcome } from './build.js';

export const MANIFEST_FILE = '.manifest.json';

export interface ManifestArtifact {
  readonly path: string;
  readonly target: string;
  readonly dashboard: string;
  readonly sha256: string;
}

export interface Manifest {
  readonly generator: 'polydash';
  readonly version: 1;
  readonly artifacts: readonly ManifestArtifact[];
  readonly dashboards: readonly DashboardOutcome[];
}

export function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  const text = await readFile(path.join(outDir, MANIFEST_FILE), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  try {
    const m = JSON.parse(text) as Manifest;
    return m.generator === 'polydash' && Array.isArray(m.artifacts) && Array.isArray(m.dashboards) ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The new manifest after a build of `targets` for some dashboards. A full build (`replaceAll`)
 * owns every dashboard for those targets, so artifacts it no longer produces are stale.
 */
export function mergeManifest(
  previous: Manifest | undefined,
  next: { targets: readonly string[]; artifacts: readonly ManifestArtifact[]; dashboards: readonly DashboardOutcome[]; replaceAll: boolean },
): { manifest: Manifest; stale: string[] } {
  const built = new Set(next.dashboards.map((d) => d.uid));
  const replaced = (a: ManifestArtifact): boolean => next.targets.includes(a.target) && (next.replaceAll || built.has(a.dashboard));
  const produced = new Set(next.artifacts.map((a) => a.path));
  const kept = (previous?.artifacts ?? []).filter((a) => !replaced(a));
  const stale = (previous?.artifacts ?? []).filter((a) => replaced(a) && !produced.has(a.path)).map((a) => a.path);

  const dashboards = new Map<string, DashboardOutcome>();
  for (const d of previous?.dashboards ?? []) {
    if (next.replaceAll && !built.has(d.uid)) {
      const others = d.targets.filter((t) => !next.targets.includes(t.target));
      if (others.length) dashboards.set(d.uid, { ...d, targets: others });
    } else dashboards.set(d.uid, d);
  }
  for (const d of next.dashboards) {
    const prior = dashboards.get(d.uid);
    const others = prior ? prior.targets.filter((t) => !next.targets.includes(t.target)) : [];
    dashboards.set(d.uid, { ...d, targets: [...others, ...d.targets].sort((a, b) => a.target.localeCompare(b.target)) });
  }
  const artifacts = [...kept, ...next.artifacts].sort((a, b) => a.path.localeCompare(b.path));
  return {
    manifest: {
      generator: 'polydash',
      version: 1,
      artifacts,
      dashboards: [...dashboards.values()].sort((a, b) => a.uid.localeCompare(b.uid)),
    },
    stale,
  };
}
