// Conversions every reader needs: time ranges, refresh intervals, colours, and placing panels
// on polydash's 24-column grid without overlaps, in the product's reading order.

import type { ColorRangeInput, GridBox, ImportedPanel } from './model.js';

const SECONDS = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 } as const;
const ALLOWED_REFRESH = ['30s', '1m', '2m', '5m', '15m', '30m', '1h', '2h', '1d'];

/** Seconds as a polydash duration, in the largest unit that divides it (`90m`, `30d`). */
export function durationText(seconds: number): string | undefined {
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const n = seconds / SECONDS[unit];
    if (Number.isInteger(n) && n <= 999999) return `${n}${unit}`;
  }
  return undefined;
}

/** `-2w5d3h`, `now-24h`, `24h`, `15m` as seconds; undefined for anything else. */
export function relativeSeconds(text: string): number | undefined {
  const m = /^(?:now)?-?((?:\d+[smhdwM])+)$/.exec(text.trim());
  if (!m) return undefined;
  let total = 0;
  for (const part of m[1]!.matchAll(/(\d+)([smhdwM])/g)) {
    const unit = part[2]!;
    if (unit === 'M') return undefined; // calendar months have no fixed length
    total += Number(part[1]) * SECONDS[unit as keyof typeof SECONDS];
  }
  return total;
}

/** A product refresh interval (in seconds) as the nearest one polydash allows, with what changed. */
export function refreshFor(seconds: number | undefined): { refresh?: string; lost?: string } {
  if (!seconds || seconds <= 0) return {};
  let best = ALLOWED_REFRESH[0]!;
  for (const r of ALLOWED_REFRESH) {
    if (Math.abs(relativeSeconds(r)! - seconds) < Math.abs(relativeSeconds(best)! - seconds)) best = r;
  }
  return relativeSeconds(best) === seconds ? { refresh: best } : { refresh: best, lost: `refresh every ${seconds}s is not one of polydash's intervals; ${best} is used` };
}

const NAMED: Record<string, string> = {
  green: 'green', red: 'red', yellow: 'yellow', orange: 'orange', blue: 'blue', purple: 'purple', gray: 'gray', grey: 'gray',
};

/** A product colour as a polydash colour: a name polydash knows, or `#rrggbb`. */
export function colorFor(c: unknown): string | undefined {
  if (typeof c !== 'string') return undefined;
  const s = c.trim();
  const hex = /^(?:#|0x)?([0-9A-Fa-f]{6})$/.exec(s);
  if (hex) return `#${hex[1]!.toLowerCase()}`;
  const short = /^#([0-9A-Fa-f])([0-9A-Fa-f])([0-9A-Fa-f])$/.exec(s);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
  const named = /^(?:(?:dark|semi-dark|light|super-light)-)?([a-z]+)$/.exec(s.toLowerCase());
  if (named && NAMED[named[1]!]) return NAMED[named[1]!];
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(s);
  if (rgb) return `#${[rgb[1], rgb[2], rgb[3]].map((x) => Number(x).toString(16).padStart(2, '0')).join('')}`;
  return undefined;
}

/**
 * Ranges polydash accepts (ascending, not overlapping, only the ends open), or undefined with
 * the reason when the product's thresholds cannot be read that way.
 */
export function cleanRanges(ranges: readonly ColorRangeInput[]): { ranges?: ColorRangeInput[]; lost?: string } {
  if (ranges.length === 0) return {};
  for (const [i, r] of ranges.entries()) {
    if (r.from !== undefined && r.to !== undefined && !(r.from < r.to)) return { lost: `colour range ${i + 1} (${r.from} to ${r.to}) is empty` };
    if (r.from === undefined && i > 0) return { lost: `colour range ${i + 1} has no start` };
    if (r.to === undefined && i < ranges.length - 1) return { lost: `colour range ${i + 1} has no end` };
    const prev = ranges[i - 1];
    if (prev?.to !== undefined && r.from !== undefined && r.from < prev.to) return { lost: 'colour ranges overlap' };
  }
  return { ranges: [...ranges] };
}

const COLUMNS = 24;

/** Panels in reading order (top to bottom, left to right) on the 24-column grid, without overlaps. */
export function arrange(panels: readonly ImportedPanel[]): ImportedPanel[] {
  const sorted = panels.map((p, i) => ({ p, i })).sort((a, b) => a.p.box.y - b.p.box.y || a.p.box.x - b.p.box.x || a.i - b.i).map((x) => x.p);
  const placed: GridBox[] = [];
  const moved = sorted.map((p) => {
    const w = Math.min(COLUMNS, Math.max(1, Math.round(p.box.w)));
    const h = Math.min(50, Math.max(1, Math.round(p.box.h)));
    const x = Math.min(COLUMNS - w, Math.max(0, Math.round(p.box.x)));
    let y = Math.max(0, Math.round(p.box.y));
    for (;;) {
      const hit = placed.find((o) => x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h);
      if (!hit) break;
      y = hit.y + hit.h;
    }
    const box = { x, y: Math.min(y, 1000), w, h };
    placed.push(box);
    return box.x === p.box.x && box.y === p.box.y && box.w === p.box.w && box.h === p.box.h ? p : { ...p, box };
  });
  // a panel moved down to clear an overlap may now come after others in reading order
  return moved.map((p, i) => ({ p, i })).sort((a, b) => a.p.box.y - b.p.box.y || a.p.box.x - b.p.box.x || a.i - b.i).map((x) => x.p);
}

/** JSON that products store inside strings (Sumo visualSettings, Kibana panelsJSON...). */
export function maybeJson<T>(v: unknown, fallback: T): T {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as T;
    } catch {
      return fallback;
    }
  }
  return (v ?? fallback) as T;
}

/** A span for an automatic interval: about 50 buckets over the dashboard's time range. */
export function autoSpan(rangeSeconds: number): string {
  const candidates = [10, 30, 60, 300, 600, 900, 1800, 3600, 10800, 21600, 43200, 86400, 604800];
  const target = rangeSeconds / 50;
  let best = candidates[0]!;
  for (const c of candidates) if (Math.abs(Math.log(c / target)) < Math.abs(Math.log(best / target))) best = c;
  return durationText(best)!;
}

export function timeSeconds(time: { readonly last: string } | { readonly from: string; readonly to: string }): number {
  if ('last' in time) return relativeSeconds(time.last) ?? 86400;
  const span = (Date.parse(time.to) - Date.parse(time.from)) / 1000;
  return Number.isFinite(span) && span > 0 ? span : 86400;
}
