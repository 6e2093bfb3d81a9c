// Kibana's grid has 48 columns of rows 20 px high; polydash's has 24 columns of 30 px rows
// (Grafana's unit). Columns double exactly; rows scale by 1.5, rounding both edges so that
// panels which touch on the 24-column grid still touch.

import type { GridPos } from '../../model/types.js';

export interface GridData {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly i: string;
}

const ROW_SCALE = 30 / 20;

export function gridData(g: GridPos, panelIndex: string): GridData {
  const top = Math.round(g.y * ROW_SCALE);
  const bottom = Math.round((g.y + g.h) * ROW_SCALE);
  return { x: g.x * 2, y: top, w: g.w * 2, h: bottom - top, i: panelIndex };
}
