// dist/.manifest.json: every artifact with its sha256, and every panel's fidelity per target.
// It is a dot-file so that folder-wide conformance checks of dist/ only see dashboards.
// Each distinct diagnostic is stored once in `notes` and panels refer to it by index: a
// thousand dashboards repeat the same few caveats, and the file stays small enough to read
// on every build. One entry per line keeps it diffable.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../query/fidelity.js';
import type { PanelReport } from '../targets/target.js';
import type { DashboardOutcome, TargetOutcome } from './build.js';

export const MANIFEST_FILE = '.manifest.json';

export interface ManifestArtifact {
  readonly path: string;
  readonly target: string;
  readonly dashboard: string;
  readonly sha256: string;
}

export interface Manifest {
  readonly generator: 'polydash';
  readonly version: 2;
  readonly artifacts: readonly ManifestArtifact[];
  readonly dashboards: readonly DashboardOutcome[];
}

/** A panel as stored: its diagnostics as indexes into the manifest's `notes`. */
interface StoredPanel extends Omit<PanelReport, 'diagnostics'> {
  readonly notes?: readonly number[];
}

interface StoredManifest {
  readonly generator: 'polydash';
  readonly version: 2;
  readonly artifacts: readonly ManifestArtifact[];
  readonly notes: readonly Diagnostic[];
  readonly dashboards: readonly (Omit<DashboardOutcome, 'targets'> & { targets: { target: string; panels: StoredPanel[] }[] })[];
}

/** The manifest file's text. */
export function serializeManifest(m: Manifest): string {
  const notes: Diagnostic[] = [];
  const index = new Map<string, number>();
  const noteIndex = (d: Diagnostic): number => {
    const key = `${d.severity}\0${d.code}\0${d.message}`;
    let i = index.get(key);
    if (i === undefined) {
      index.set(key, (i = notes.length));
      notes.push({ code: d.code, severity: d.severity, message: d.message });
    }
    return i;
  };
  const dashboards = m.dashboards.map((d) => ({
    ...d,
    targets: d.targets.map((t) => ({
      target: t.target,
      panels: t.panels.map(({ diagnostics, ...p }): StoredPanel => (diagnostics.length ? { ...p, notes: diagnostics.map(noteIndex) } : p)),
    })),
  }));
  const lines = (items: readonly unknown[]): string => (items.length ? `[\n    ${items.map((i) => JSON.stringify(i)).join(',\n    ')}\n  ]` : '[]');
  return `{\n  "generator": "polydash",\n  "version": 2,\n  "artifacts": ${lines(m.artifacts)},\n  "notes": ${lines(notes)},\n  "dashboards": ${lines(dashboards)}\n}\n`;
}

export function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

type StoredTarget = StoredManifest['dashboards'][number]['targets'][number];

/** The previous build's manifest, as stored: panels are expanded only where a build keeps them. */
export interface PreviousManifest {
  readonly artifacts: readonly ManifestArtifact[];
  readonly notes: readonly Diagnostic[];
  readonly dashboards: StoredManifest['dashboards'];
}

function expandTarget(t: StoredTarget, notes: readonly Diagnostic[]): TargetOutcome {
  return {
    target: t.target,
    panels: t.panels.map(({ notes: refs, ...p }) => ({ ...p, diagnostics: (refs ?? []).map((i) => notes[i]).filter((n): n is Diagnostic => n !== undefined) })),
  };
}

export async function readManifest(outDir: string): Promise<PreviousManifest | undefined> {
  const text = await readFile(path.join(outDir, MANIFEST_FILE), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  try {
    const m = JSON.parse(text) as StoredManifest | { generator?: unknown; version?: unknown; artifacts?: unknown };
    if (m.generator !== 'polydash' || !Array.isArray(m.artifacts)) return undefined;
    // Version 1 kept diagnostics inline; its artifacts still say what is stale, and its reports
    // are rebuilt with the dashboards.
    if (m.version === 1) return { artifacts: m.artifacts as ManifestArtifact[], notes: [], dashboards: [] };
    const stored = m as StoredManifest;
    return stored.version === 2 && Array.isArray(stored.notes) && Array.isArray(stored.dashboards) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The new manifest after a build of `targets` for some dashboards. A full build (`replaceAll`)
 * owns every dashboard for those targets, so artifacts it no longer produces are stale.
 */
export function mergeManifest(
  previous: PreviousManifest | undefined,
  next: { targets: readonly string[]; artifacts: readonly ManifestArtifact[]; dashboards: readonly DashboardOutcome[]; replaceAll: boolean },
): { manifest: Manifest; stale: string[] } {
  const built = new Set(next.dashboards.map((d) => d.uid));
  const replaced = (a: ManifestArtifact): boolean => next.targets.includes(a.target) && (next.replaceAll || built.has(a.dashboard));
  const produced = new Set(next.artifacts.map((a) => a.path));
  const kept = (previous?.artifacts ?? []).filter((a) => !replaced(a));
  const stale = (previous?.artifacts ?? []).filter((a) => replaced(a) && !produced.has(a.path)).map((a) => a.path);

  const dashboards = new Map<string, DashboardOutcome>();
  const notes = previous?.notes ?? [];
  for (const d of previous?.dashboards ?? []) {
    const redone = next.replaceAll || built.has(d.uid);
    // Only the targets this build did not redo are kept, and only those are expanded.
    const others = redone ? d.targets.filter((t) => !next.targets.includes(t.target)) : d.targets;
    if (others.length || !redone) dashboards.set(d.uid, { ...d, targets: others.map((t) => expandTarget(t, notes)) });
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
      version: 2,
      artifacts,
      dashboards: [...dashboards.values()].sort((a, b) => a.uid.localeCompare(b.uid)),
    },
    stale,
  };
}
