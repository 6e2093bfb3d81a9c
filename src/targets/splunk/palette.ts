import type { Color } from '../../model/types.js';

/** Splunk's own range colours (0xRRGGBB, as Simple XML writes them). */
const SPLUNK_COLORS: Record<Exclude<Color, `#${string}`>, string> = {
  green: '0x53a051',
  yellow: '0xf8be34',
  orange: '0xf1813f',
  red: '0xdc4e41',
  blue: '0x006d9c',
  purple: '0x8a6fd1',
  gray: '0x708794',
};

/** The colour Splunk shows for values outside every range. */
export const NO_RANGE_COLOR = '0x708794';

export function splunkColor(c: Color): string {
  return c.startsWith('#') ? `0x${c.slice(1).toLowerCase()}` : SPLUNK_COLORS[c as keyof typeof SPLUNK_COLORS];
}

/** `#rrggbb` for Dashboard Studio. */
export function studioColor(c: Color): string {
  return `#${splunkColor(c).slice(2)}`;
}
