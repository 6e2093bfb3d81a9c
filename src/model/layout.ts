// Lays panels out on the 24-column grid: left to right, top to bottom, wrapping when a
// panel does not fit; panels with an explicit position stay where they were put.

import type { GridPos } from './types.js';

export const GRID_COLUMNS = 24;

export interface LayoutHint {
  readonly size: { readonly w: number; readonly h: number };
  readonly position?: { readonly x: number; readonly y: number };
}

export function layoutPanels(hints: readonly LayoutHint[]): GridPos[] {
  const placed: GridPos[] = [];
  const fixed = hints.filter((h) => h.position).map((h) => ({ ...h.position!, ...h.size }));
  const overlaps = (a: GridPos, b: GridPos): boolean =>
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  let x = 0;
  let rowY = 0;
  let rowHeight = 0;
  for (const hint of hints) {
    if (hint.position) {
      placed.push({ x: hint.position.x, y: hint.position.y, w: hint.size.w, h: hint.size.h });
      continue;
    }
    const { w, h } = hint.size;
    for (;;) {
      if (x + w > GRID_COLUMNS && x > 0) {
        rowY += Math.max(rowHeight, 1);
        x = 0;
        rowHeight = 0;
      }
      const candidate = { x, y: rowY, w, h };
      const blocker = fixed.find((f) => overlaps(f, candidate));
      if (!blocker) break;
      x = blocker.x + blocker.w;
    }
    placed.push({ x, y: rowY, w, h });
    x += w;
    rowHeight = Math.max(rowHeight, h);
  }
  return placed;
}
