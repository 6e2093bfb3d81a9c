// Colour ranges ([from, to) each) as Grafana threshold steps. A value takes the colour of the
// highest step whose value it reaches (value >= step), so a step at `from` includes `from` and
// a step back to the base colour at `to` excludes `to`: the mapping is exact.

import type { ColorRange } from '../../model/types.js';
import { grafanaColor, NO_RANGE_COLOR } from './palette.js';

export interface ThresholdStep {
  /** null is the base step (minus infinity), as Grafana writes it. */
  readonly value: number | null;
  readonly color: string;
}

export function thresholdSteps(ranges: readonly ColorRange[] | undefined): ThresholdStep[] {
  const list = ranges ?? [];
  const first = list[0];
  const steps: ThresholdStep[] = [{ value: null, color: first && first.from === undefined ? grafanaColor(first.color) : NO_RANGE_COLOR }];
  list.forEach((r, i) => {
    if (r.from !== undefined) steps.push({ value: r.from, color: grafanaColor(r.color) });
    const next = list[i + 1];
    // a gap before the next range, or the end of the last one, falls back to the base colour
    if (r.to !== undefined && (next === undefined || next.from === undefined || next.from > r.to)) steps.push({ value: r.to, color: NO_RANGE_COLOR });
  });
  return steps;
}
