// Reads each source's sample events from `<dir>/<source-id>.ndjson`.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PreviewEvent, SourceDef } from '../eval/types.js';
import { type EventProblem, parseNdjson } from './ndjson.js';

/** Where the pack's sample generator writes, relative to the project root. */
export const DEFAULT_EVENTS_DIR = 'dashboards/samples';

export interface SourceEvents {
  readonly sourceId: string;
  /** Relative to the project root. */
  readonly file: string;
  readonly events: readonly PreviewEvent[];
  readonly problems: readonly EventProblem[];
}

export function eventsFile(root: string, dir: string, sourceId: string): string {
  return path.relative(root, path.resolve(root, dir, `${sourceId}.ndjson`)) || `${sourceId}.ndjson`;
}

export async function loadSourceEvents(root: string, dir: string, source: SourceDef): Promise<SourceEvents> {
  const file = eventsFile(root, dir, source.id);
  const abs = path.resolve(root, file);
  const st = await stat(abs).catch(() => undefined);
  if (!st?.isFile()) {
    return { sourceId: source.id, file, events: [], problems: [{ file, message: `no sample events for source "${source.id}": expected ${file} (one JSON object per line)` }] };
  }
  const parsed = parseNdjson(await readFile(abs, 'utf8'), source, file);
  return { sourceId: source.id, file, events: parsed.events, problems: parsed.problems };
}

/** The newest event time, or undefined when there are no events. */
export function newestEventTime(all: Iterable<SourceEvents>): number | undefined {
  let newest: number | undefined;
  for (const s of all) for (const e of s.events) if (newest === undefined || e.time > newest) newest = e.time;
  return newest;
}
