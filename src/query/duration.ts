import type { Duration, DurationUnit } from './nodes.js';

const DURATION = /^([1-9][0-9]{0,5})(s|m|h|d|w)$/;
const SECONDS: Record<DurationUnit, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Parses `30s`, `5m`, `24h`, `1d`, `2w`. Throws a TypeError naming what was expected. */
export function parseDuration(text: string): Duration {
  const m = typeof text === 'string' ? DURATION.exec(text) : null;
  if (!m) {
    throw new TypeError(`invalid duration ${JSON.stringify(text)}: expected a positive whole number and a unit s, m, h, d or w (e.g. "5m", "24h")`);
  }
  return Object.freeze({ n: Number(m[1]), unit: m[2] as DurationUnit });
}

export function durationSeconds(d: Duration): number {
  return d.n * SECONDS[d.unit];
}

export function formatDuration(d: Duration): string {
  return `${d.n}${d.unit}`;
}
