// dist/.manifest.json: every artifact with its sha256, and every panel's fidelity per target.
// It is a dot-file so that folder-wide conformance checks of dist/ only see dashboards.
// Each distinct diagnostic is stored once in `notes` and panels refer to it by index: a
// thousand dashboards repeat the same few caveats, and the file stays small enough to read
// on every build. One entry per line keeps it diffable. A build merges in this stored form,
// so rebuilding one dashboard of a thousand does not unpack the other 999.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../query/fidelity.js';
import type { PanelReport } from '../targets/target.js';
import type { DashboardOutcome } from './build.js';

export const MANIFEST_FILE = '.manifest.json';

export interface ManifestArtifact {
  readonly path: string;
  readonly target: string;
  readonly dashboard: string;
  readonly sha256: string;
}

/** A panel as stored: its diagnostics as indexes into the manifest's `notes`. */
export interface StoredPanel extends Omit<PanelReport, 'diagnostics'> {
  readonly notes?: readonly number[];
}

export interface StoredTarget {
  readonly target: string;
  readonly panels: readonly StoredPanel[];
}

export interface StoredDashboard extends Omit<DashboardOutcome, 'targets'> {
  readonly targets: readonly StoredTarget[];
}

/** A dashboard entry kept as the line of the file it came from, parsed only if needed. */
export interface DashboardLine {
  readonly uid: string;
  readonly line: string;
}

export interface Manifest {
  readonly generator: 'polydash';
  readonly version: 2;
  readonly artifacts: readonly ManifestArtifact[];
  readonly notes: readonly Diagnostic[];
  readonly dashboards: readonly (StoredDashboard | DashboardLine)[];
}

const parsed = (d: StoredDashboard | DashboardLine): StoredDashboard => ('line' in d ? (JSON.parse(d.line) as StoredDashboard) : d);

export function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The previous build's manifest (undefined when there is none this version reads), and its text. */
export async function readManifest(outDir: string): Promise<{ manifest?: Manifest; text?: string }> {
  const text = await readFile(path.join(outDir, MANIFEST_FILE), 'utf8').catch(() => undefined);
  if (!text) return {};
  const manifest = ((): Manifest | undefined => {
    try {
      return readLines(text) ?? readWhole(text);
    } catch {
      try {
        return readWhole(text);
      } catch {
        return undefined;
      }
    }
  })();
  return manifest ? { manifest, text } : { text };
}

function readWhole(text: string): Manifest | undefined {
  const m = JSON.parse(text) as Omit<Partial<Manifest>, 'version'> & { version?: unknown };
  if (m.generator !== 'polydash' || !Array.isArray(m.artifacts)) return undefined;
  // Version 1 kept diagnostics inline; its artifacts still say what is stale, and its reports
  // are rebuilt with the dashboards.
  if (m.version === 1) return { generator: 'polydash', version: 2, artifacts: m.artifacts, notes: [], dashboards: [] };
  return m.version === 2 && Array.isArray(m.notes) && Array.isArray(m.dashboards) ? (m as Manifest) : undefined;
}

const SECTION = /^ {2}"(artifacts|notes|dashboards)": \[(\],?)?$/;
const LEADING_UID = /^\{"uid":("(?:[^"\\]|\\.)*")/;

/**
 * The file as serializeManifest writes it, read line by line: dashboards stay text until a
 * build needs them. Undefined when the text is laid out otherwise (edited by hand, say).
 */
function readLines(text: string): Manifest | undefined {
  const lines = text.split('\n');
  if (lines[0] !== '{' || lines[1] !== '  "generator": "polydash",' || lines[2] !== '  "version": 2,') return undefined;
  const sections: Record<string, string[]> = { artifacts: [], notes: [], dashboards: [] };
  let current: string[] | undefined;
  for (const line of lines.slice(3)) {
    const header = SECTION.exec(line);
    if (header) current = header[2] ? undefined : sections[header[1]!];
    else if (line.startsWith('    ') && current) current.push(line.slice(4).replace(/,$/, ''));
    else if (!/^ {2}\],?$|^\}$|^$/.test(line)) return undefined;
  }
  return {
    generator: 'polydash',
    version: 2,
    artifacts: sections.artifacts!.map((l) => JSON.parse(l) as ManifestArtifact),
    notes: sections.notes!.map((l) => JSON.parse(l) as Diagnostic),
    dashboards: sections.dashboards!.map((line) => {
      const uid = LEADING_UID.exec(line)?.[1];
      return uid ? { uid: JSON.parse(uid) as string, line } : (JSON.parse(line) as StoredDashboard);
    }),
  };
}

/** The notes of a manifest being written: each distinct diagnostic once. */
class Notes {
  readonly list: Diagnostic[] = [];
  private readonly index = new Map<string, number>();

  /** Starts from `kept`, so that panels already referring to it keep their indexes. */
  constructor(kept: readonly Diagnostic[] = []) {
    for (const d of kept) this.add(d);
  }

  add(d: Diagnostic): number {
    const key = `${d.severity}\0${d.code}\0${d.message}`;
    let i = this.index.get(key);
    if (i === undefined) {
      this.index.set(key, (i = this.list.length));
      this.list.push({ code: d.code, severity: d.severity, message: d.message });
    }
    return i;
  }
}

function storeTarget(t: { target: string; panels: readonly PanelReport[] }, notes: Notes): StoredTarget {
  return { target: t.target, panels: t.panels.map(({ diagnostics, ...p }): StoredPanel => (diagnostics.length ? { ...p, notes: diagnostics.map((d) => notes.add(d)) } : p)) };
}

/** A kept target of the previous manifest, its note indexes moved to the new table. */
function moveTarget(t: StoredTarget, from: readonly Diagnostic[], notes: Notes): StoredTarget {
  return { target: t.target, panels: t.panels.map((p) => (p.notes ? { ...p, notes: p.notes.flatMap((i) => (from[i] ? [notes.add(from[i])] : [])) } : p)) };
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

  // A partial build keeps most panels as they are, note indexes included; a full build starts
  // a fresh table, so that notes nothing refers to any more are dropped.
  const oldNotes = previous?.notes ?? [];
  const notes = new Notes(next.replaceAll ? [] : oldNotes);
  const keep = (t: StoredTarget): StoredTarget => (next.replaceAll ? moveTarget(t, oldNotes, notes) : t);
  const dashboards = new Map<string, StoredDashboard | DashboardLine>();
  for (const entry of previous?.dashboards ?? []) {
    const redone = next.replaceAll || built.has(entry.uid);
    // Untouched by a partial build: kept as it was, line and all.
    if (!redone) {
      dashboards.set(entry.uid, entry);
      continue;
    }
    const d = parsed(entry);
    const others = redone ? d.targets.filter((t) => !next.targets.includes(t.target)) : d.targets;
    if (others.length || !redone) dashboards.set(d.uid, { ...d, targets: others.map(keep) });
  }
  for (const d of next.dashboards) {
    const prior = dashboards.get(d.uid);
    const others = prior ? parsed(prior).targets.filter((t) => !next.targets.includes(t.target)) : [];
    const targets = [...others, ...d.targets.map((t) => storeTarget(t, notes))].sort((a, b) => a.target.localeCompare(b.target));
    dashboards.set(d.uid, { uid: d.uid, title: d.title, file: d.file, targets });
  }
  return {
    manifest: {
      generator: 'polydash',
      version: 2,
      artifacts: [...kept, ...next.artifacts].sort((a, b) => a.path.localeCompare(b.path)),
      notes: notes.list,
      dashboards: [...dashboards.values()].sort((a, b) => a.uid.localeCompare(b.uid)),
    },
    stale,
  };
}

/** The manifest file's text: one artifact, note or dashboard per line. */
export function serializeManifest(m: Manifest): string {
  const text = (item: unknown): string => (typeof item === 'object' && item !== null && 'line' in item ? (item as DashboardLine).line : JSON.stringify(item));
  const lines = (items: readonly unknown[]): string => (items.length ? `[\n    ${items.map(text).join(',\n    ')}\n  ]` : '[]');
  return `{\n  "generator": "polydash",\n  "version": 2,\n  "artifacts": ${lines(m.artifacts)},\n  "notes": ${lines(m.notes)},\n  "dashboards": ${lines(m.dashboards)}\n}\n`;
}
