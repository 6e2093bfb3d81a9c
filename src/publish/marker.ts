// The ownership marker: `polydash:<uid>:<hash>`, plus `+<access hash>` when polydash manages
// the dashboard's permissions. Each product keeps it where a save in its UI preserves it (a
// description line, tags, an XML comment); the engine only sees Marker values.

import type { Marker } from './types.js';

const MARKER = /polydash:([A-Za-z0-9_-]{1,40}):([0-9a-f]{16})(?:\+([0-9a-f]{8}))?/;

/** `<hash>` or `<hash>+<access hash>`: the part after the uid. */
export function formatHashes(m: Pick<Marker, 'hash' | 'access'>): string {
  return m.access ? `${m.hash}+${m.access}` : m.hash;
}

/** The inverse of formatHashes; undefined when `text` is not one. */
export function parseHashes(text: string): Pick<Marker, 'hash' | 'access'> | undefined {
  const m = /^([0-9a-f]{16})(?:\+([0-9a-f]{8}))?$/.exec(text);
  return m ? { hash: m[1]!, ...(m[2] ? { access: m[2] } : {}) } : undefined;
}

export function formatMarker(m: Marker): string {
  return `polydash:${m.uid}:${formatHashes(m)}`;
}

export function findMarker(text: string | undefined): Marker | undefined {
  const m = text ? MARKER.exec(text) : null;
  return m ? { uid: m[1]!, hash: m[2]!, ...(m[3] ? { access: m[3] } : {}) } : undefined;
}

/** The line appended to descriptions that carry the marker. */
export function markerLine(m: Marker): string {
  return `Managed by polydash (${formatMarker(m)}): change the definition, not this dashboard.`;
}

/** Removes the marker line (and the blank line before it) from a description. */
export function withoutMarkerLine(text: string): string {
  return text.replace(/\n*Managed by polydash \(polydash:[A-Za-z0-9_-]{1,40}:[0-9a-f]{16}(?:\+[0-9a-f]{8})?\)[^\n]*$/, '');
}
