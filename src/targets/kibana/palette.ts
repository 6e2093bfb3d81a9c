// Colour ranges as a Lens custom palette. Lens colours a value v with the band whose upper
// stop is the first one above v, so each band is [colorStop, stop): `from` inclusive and `to`
// exclusive, as polydash ranges (kbn charts palette `workoutColorForValue`). Open ends are
// `continuity` (below / above / all) with a null rangeMin / rangeMax, as real exports write.

import type { Color, ColorRange } from '../../model/types.js';
import type { Diagnostic } from '../../query/fidelity.js';

/**
 * Kibana's colours for polydash's named ones: green, yellow and red are the default custom
 * palette of real exports (#209280, #d6bf57, #cc5642); the others come from EUI's
 * visualisation palette.
 */
const KIBANA_COLORS: Record<Exclude<Color, `#${string}`>, string> = {
  green: '#209280',
  yellow: '#d6bf57',
  orange: '#da8b45',
  red: '#cc5642',
  blue: '#6092c0',
  purple: '#9170b8',
  gray: '#98a2b3',
};

/** What a value between two ranges gets: Lens bands are contiguous and cannot be uncoloured. */
export const GAP_COLOR = '#d3dae6';

export function kibanaColor(c: Color): string {
  return c.startsWith('#') ? c.toLowerCase() : KIBANA_COLORS[c as keyof typeof KIBANA_COLORS];
}

interface Band {
  readonly from: number | null;
  readonly to: number | null;
  readonly color: string;
}

export interface LensPalette {
  readonly palette: Record<string, unknown>;
  readonly diagnostics: Diagnostic[];
}

/** Ranges as contiguous bands, gaps filled with GAP_COLOR (reported). */
function bands(ranges: readonly ColorRange[], diagnostics: Diagnostic[]): Band[] {
  const sorted = [...ranges].sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
  const out: Band[] = [];
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    if (prev?.to !== undefined && r.from !== undefined && prev.to < r.from) {
      out.push({ from: prev.to, to: r.from, color: GAP_COLOR });
      diagnostics.push({
        code: 'kibana.color-gap',
        severity: 'approximate',
        message: `values from ${prev.to} to ${r.from} fall between the colour ranges: Lens colour bands are contiguous, so they get the neutral colour ${GAP_COLOR} instead of none`,
      });
    } else if (prev && (prev.to === undefined || (r.from !== undefined && prev.to > r.from))) {
      diagnostics.push({
        code: 'kibana.color-overlap',
        severity: 'approximate',
        message: `colour ranges overlap at ${r.from ?? '-∞'}: Lens bands cannot, so the later range starts there`,
      });
    }
    out.push({ from: r.from ?? null, to: r.to ?? null, color: kibanaColor(r.color) });
  });
  return out;
}

/** `{type: 'palette', name: 'custom', params}` for lnsMetric and lnsGauge. */
export function lensPalette(ranges: readonly ColorRange[]): LensPalette {
  const diagnostics: Diagnostic[] = [];
  const list = bands(ranges, diagnostics);
  const first = list[0]!;
  const last = list[list.length - 1]!;
  // Each band ends where the next starts; an open last band needs some finite stop, which
  // only matters to the editor: values past it keep the last colour (continuity above/all).
  const stops = list.map((b, i) => {
    const next = list[i + 1];
    if (next?.from != null) return next.from;
    if (b.to !== null) return b.to;
    const width = i > 0 && list[i - 1]!.from !== null && b.from !== null ? b.from - list[i - 1]!.from! : 1;
    return (b.from ?? 0) + Math.max(width, 1);
  });
  const below = first.from === null;
  const above = last.to === null;
  if (last.to !== null) {
    diagnostics.push({
      code: 'kibana.color-upper-bound',
      severity: 'approximate',
      message: `a value exactly ${last.to} (the end of the last range) takes the last range's colour: Lens includes the upper bound of its last band`,
    });
  }
  return {
    palette: {
      type: 'palette',
      name: 'custom',
      params: {
        name: 'custom',
        reverse: false,
        rangeType: 'number',
        rangeMin: first.from,
        rangeMax: last.to,
        progression: 'fixed',
        continuity: below && above ? 'all' : below ? 'below' : above ? 'above' : 'none',
        steps: list.length,
        maxSteps: Math.max(5, list.length),
        stops: list.map((b, i) => ({ color: b.color, stop: stops[i]! })),
        colorStops: list.map((b) => ({ color: b.color, stop: b.from })),
      },
    },
    diagnostics,
  };
}
