/// <reference lib="dom" />
// How cells and values are written on the page. Times are UTC, as the buckets are.

import type { Cell, ColumnKind } from '../eval/types.js';

export function formatTime(t: number): string {
  return new Date(t).toISOString().replace('T', ' ').replace(/\.000Z$/, 'Z');
}

export function formatNumber(n: number, decimals?: number): string {
  if (decimals !== undefined) return n.toFixed(decimals);
  if (Number.isInteger(n)) return String(n);
  return String(Math.round(n * 100) / 100);
}

export function formatCell(c: Cell, kind: ColumnKind): string {
  if (c === null) return '';
  if ((kind === 'bucket' || kind === 'time') && typeof c === 'number') return formatTime(c);
  if (typeof c === 'number') return formatNumber(c);
  return String(c);
}

const NAMED: Record<string, string> = {
  green: '#2f9e44',
  yellow: '#e8a900',
  orange: '#f76707',
  red: '#e03131',
  blue: '#1c7ed6',
  purple: '#7048e8',
  gray: '#868e96',
};

/** A definition colour as CSS: a named colour of the palette, or a #rrggbb it was given. */
export function cssColor(color: string): string {
  if (Object.hasOwn(NAMED, color)) return NAMED[color]!;
  return /^#[0-9a-fA-F]{6}$/.test(color) ? color : NAMED.gray!;
}

/** An element with text content only: nothing from a definition or an event is parsed as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}
