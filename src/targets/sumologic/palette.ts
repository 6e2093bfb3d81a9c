import type { Color } from '../../model/types.js';

/** Sumo Logic's own threshold colours, as its dashboards write them. */
const SUMO_COLORS: Record<Exclude<Color, `#${string}`>, string> = {
  green: '#16943E',
  yellow: '#DFBE2E',
  orange: '#F2A33B',
  red: '#BF2121',
  blue: '#1677B6',
  purple: '#7C4DBC',
  gray: '#8C8C8C',
};

export function sumoColor(c: Color): string {
  return c.startsWith('#') ? c.toUpperCase() : SUMO_COLORS[c as keyof typeof SUMO_COLORS];
}
