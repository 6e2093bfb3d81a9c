// Colour ranges ([from, to) each) as Splunk's rangeValues/rangeColors: N upper bounds, N+1
// colours, a value v taking the first colour whose bound is >= v (the last colour above all).

import type { ColorRange } from '../../model/types.js';
import { NO_RANGE_COLOR, splunkColor } from './palette.js';

export interface SplunkRanges {
  readonly values: readonly number[];
  readonly colors: readonly string[];
  /** False when a value exactly on a boundary may get the neighbouring colour. */
  readonly exact: boolean;
}

/**
 * Splunk bounds are inclusive upper bounds, polydash's `from` is an inclusive lower bound. For
 * whole-number measures (counts) the bound below `from` is `from - 1`, which is exact.
 */
export function splunkRanges(ranges: readonly ColorRange[], wholeNumbers: boolean): SplunkRanges {
  const values: number[] = [];
  const colors: string[] = [];
  const bound = (from: number): number => (wholeNumbers && Number.isInteger(from) ? from - 1 : from);
  let exact = ranges.every((r) => r.from === undefined || (wholeNumbers && Number.isInteger(r.from)));
  ranges.forEach((r, i) => {
    const prevTo = i > 0 ? ranges[i - 1]!.to : undefined;
    if (r.from !== undefined) {
      // everything below this range (or in a gap before it) has no colour of its own
      if (i === 0 || prevTo === undefined || prevTo < r.from) {
        if (i > 0 && prevTo !== undefined) {
          values.push(bound(prevTo));
          exact &&= wholeNumbers && Number.isInteger(prevTo);
        }
        if (i === 0 || prevTo !== undefined) colors.push(NO_RANGE_COLOR);
      }
      values.push(bound(r.from));
    }
    colors.push(splunkColor(r.color));
  });
  const last = ranges[ranges.length - 1];
  if (last?.to !== undefined) {
    values.push(bound(last.to));
    colors.push(NO_RANGE_COLOR);
  }
  return { values, colors, exact };
}

/** A gauge's bands between min and max: N+1 boundaries and N colours. */
export function gaugeBands(ranges: readonly ColorRange[], min: number, max: number): { values: number[]; colors: string[] } {
  const inside = (x: number | undefined): x is number => x !== undefined && x > min && x < max;
  const values = [...new Set([min, ...ranges.flatMap((r) => [r.from, r.to]).filter(inside), max])].sort((a, b) => a - b);
  const colors = values.slice(0, -1).map((start) => {
    const r = ranges.find((x) => (x.from === undefined || x.from <= start) && (x.to === undefined || start < x.to));
    return r ? splunkColor(r.color) : NO_RANGE_COLOR;
  });
  return { values, colors };
}
