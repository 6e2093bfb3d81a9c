// Splunk has no grid: a <row> holds panels that share its width equally. Panels that start on
// the same grid row share a <row>; anything the grid expresses beyond that is reported.

import type { PanelDef } from '../../model/types.js';
import { GRID_COLUMNS } from '../../model/layout.js';

export interface SplunkRow {
  readonly panels: readonly PanelDef[];
  /** Layout the row cannot reproduce, per panel key. */
  readonly notes: ReadonlyMap<string, string>;
}

export function splunkRows(panels: readonly PanelDef[]): SplunkRow[] {
  const byY = new Map<number, PanelDef[]>();
  for (const p of panels) byY.set(p.gridPos.y, [...(byY.get(p.gridPos.y) ?? []), p]);
  const ys = [...byY.keys()].sort((a, b) => a - b);
  return ys.map((y, i) => {
    const row = byY.get(y)!.sort((a, b) => a.gridPos.x - b.gridPos.x);
    const notes = new Map<string, string>();
    const share = GRID_COLUMNS / row.length;
    const nextY = ys[i + 1];
    for (const p of row) {
      if (p.gridPos.w !== share) notes.set(p.key, `Splunk gives each of the ${row.length} panels in this row the same width (the grid asks for ${p.gridPos.w} of ${GRID_COLUMNS} columns)`);
      else if (nextY !== undefined && p.gridPos.y + p.gridPos.h > nextY) notes.set(p.key, 'Splunk rows do not let a panel reach down beside the next row');
    }
    return { panels: row, notes };
  });
}

/** Pixel height for a panel `h` grid rows tall (30 px rows, as Grafana's grid). */
export function splunkHeight(h: number): number {
  return Math.max(100, h * 30);
}
