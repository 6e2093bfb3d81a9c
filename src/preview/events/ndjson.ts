// Sample events as NDJSON: one JSON object per line. The source's event keys (see
// eval/keys.ts) say where the time and the message are; a line that cannot be read is reported
// with its number and skipped, and the rest are still used.

import { eventKeys, valueAt } from '../eval/keys.js';
import { eventTime } from '../eval/time.js';
import type { PreviewEvent, SourceDef } from '../eval/types.js';

export interface EventProblem {
  /** The events file, relative to the project when possible. */
  readonly file: string;
  /** 1-based. */
  readonly line?: number;
  readonly message: string;
}

export interface ParsedEvents {
  readonly events: PreviewEvent[];
  readonly problems: EventProblem[];
  /** Lines that could not be read, including those beyond the problems listed. */
  readonly skipped: number;
}

/** At most this many problems are listed per file; the count says how many there were. */
const MAX_LISTED = 20;

export function parseNdjson(text: string, source: SourceDef, file: string): ParsedEvents {
  const keys = eventKeys(source);
  const events: PreviewEvent[] = [];
  const problems: EventProblem[] = [];
  let skipped = 0;
  const problem = (line: number, message: string): void => {
    skipped++;
    if (problems.length < MAX_LISTED) problems.push({ file, line, message });
  };
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (e) {
      problem(i + 1, `not JSON: ${(e as Error).message}`);
      return;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      problem(i + 1, 'expected a JSON object');
      return;
    }
    const rec = record as Record<string, unknown>;
    const timeKey = keys.time.find((k) => valueAt(rec, k) !== undefined) ?? keys.time[0]!;
    const time = eventTime(Object.hasOwn(rec, timeKey) ? rec[timeKey] : valueAt(rec, timeKey));
    if (typeof time === 'string') {
      problem(i + 1, `${time} (key ${keys.time.map((k) => `"${k}"`).join(' or ')})`);
      return;
    }
    const message = valueAt(rec, keys.message);
    events.push({ time, message: message === undefined || message === null ? '' : String(message), record: rec });
  });
  if (skipped > problems.length) problems.push({ file, message: `${skipped - problems.length} more lines could not be read` });
  return { events, problems, skipped };
}
