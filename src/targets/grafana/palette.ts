import type { Color } from '../../model/types.js';

/**
 * Grafana resolves these names in its visualization palette (per theme); `gray` is a CSS
 * colour it also accepts, hex colours pass through.
 */
export function grafanaColor(c: Color): string {
  return c;
}

/** The colour of values outside every range: the theme's text colour, like an uncoloured value. */
export const NO_RANGE_COLOR = 'text';
