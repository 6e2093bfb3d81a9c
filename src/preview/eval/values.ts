// How field values compare: text for equality, numbers where a number is asked for.

import type { Cell, FieldValue } from './types.js';

/** A decimal number as written in logs: `42`, `-3.5`, `.5`, `1e3`, surrounding spaces allowed. */
const NUMBER_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

export function hasValue(v: FieldValue): v is string | number | boolean {
  return v !== undefined && v !== null;
}

/** The text of a value, as equality and grouping compare it (`200` and `"200"` are the same). */
export function asText(v: FieldValue): string | undefined {
  return hasValue(v) ? String(v) : undefined;
}

/** A number, or a string that parses as one; anything else has no numeric value. */
export function asNumber(v: FieldValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && NUMBER_TEXT.test(v)) return Number(v);
  return undefined;
}

/**
 * Sort order of result cells: numbers (and numeric text) numerically and before other text,
 * other text by UTF-16 code units. Missing values are placed by the caller (always last).
 */
export function compareCells(a: Cell, b: Cell): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}
