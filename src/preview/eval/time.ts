// Time: event timestamps, the dashboard's time range, and fixed-span buckets.

import type { TimeRange } from '../../model/types.js';
import { durationSeconds, parseDuration } from '../../query/duration.js';
import type { Duration } from '../../query/nodes.js';
import type { TimeWindow } from './types.js';

/** ISO-8601 with a date, a time and an explicit zone (`Z` or `±hh:mm`): never local time. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch milliseconds of an event's time value, or a reason it cannot be read. */
export function eventTime(value: unknown): number | string {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 'the time is not a finite number';
  if (typeof value === 'string') {
    if (!ISO_WITH_ZONE.test(value)) return `the time ${JSON.stringify(value.slice(0, 40))} is not ISO-8601 with a zone (e.g. 2025-01-31T12:00:00Z)`;
    const t = Date.parse(value);
    return Number.isNaN(t) ? `the time ${JSON.stringify(value)} is not a valid date` : t;
  }
  return value === undefined ? 'the event has no time' : 'the time must be an ISO-8601 string or epoch milliseconds';
}

export function spanMillis(span: Duration): number {
  return durationSeconds(span) * 1000;
}

/** Start of the bucket holding `time`: buckets are aligned to the Unix epoch, in UTC. */
export function bucketStart(time: number, span: Duration): number {
  const ms = spanMillis(span);
  return Math.floor(time / ms) * ms;
}

/** The window a dashboard time range covers at `now`; both ends are included. */
export function windowOf(range: TimeRange | { readonly kind: 'relative'; readonly last: string }, now: number): TimeWindow {
  if (range.kind === 'relative') return { from: now - durationSeconds(parseDuration(range.last)) * 1000, to: now };
  return { from: Date.parse(range.from), to: Date.parse(range.to) };
}
