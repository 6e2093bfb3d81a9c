// Deterministic saved-object ids: RFC 4122 version 5 UUIDs (SHA-1, name-based). Kibana ids are
// global across spaces since 8.0, so the space is part of every name; re-importing the same
// dashboard into the same space overwrites instead of duplicating.

import { createHash } from 'node:crypto';

/** polydash's own namespace for Kibana ids (a fixed random UUID; never change it). */
export const POLYDASH_NAMESPACE = '5b0d8c1e-3f6a-4e2b-9c47-1a8e6d2f0b93';

const namespaceBytes = new Map<string, Buffer>();

function uuidBytes(uuid: string): Buffer {
  const known = namespaceBytes.get(uuid);
  if (known) return known;
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`not a UUID: ${uuid}`);
  const bytes = Buffer.from(hex, 'hex');
  namespaceBytes.set(uuid, bytes);
  return bytes;
}

/** RFC 4122 §4.3: SHA-1 of namespace + name, version 5, variant 10xx. */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The dashboard of `uid` in `space`. */
export function dashboardId(space: string, uid: string): string {
  return uuidV5(`${space}/${uid}/dashboard`, POLYDASH_NAMESPACE);
}

/** A source's data view: shared by every dashboard of the space that reads the source. */
export function dataViewId(space: string, sourceId: string): string {
  return uuidV5(`${space}/data-view:${sourceId}`, POLYDASH_NAMESPACE);
}

/**
 * A dashboard's own data view of a source, holding the runtime fields its Lens panels parse
 * text with: importing another dashboard never replaces them.
 */
export function runtimeDataViewId(space: string, uid: string, sourceId: string): string {
  return uuidV5(`${space}/${uid}/data-view:${sourceId}`, POLYDASH_NAMESPACE);
}

/** The saved search behind an event-list panel. */
export function searchId(space: string, uid: string, panelKey: string): string {
  return uuidV5(`${space}/${uid}/search:${panelKey}`, POLYDASH_NAMESPACE);
}

/**
 * A panel's index inside its dashboard (not a saved-object id): a UUID, as Kibana writes,
 * so that no panel key can make one reference prefix (`<panelIndex>:`) start another.
 */
export function panelIndex(uid: string, panelKey: string): string {
  return uuidV5(`${uid}/panel:${panelKey}`, POLYDASH_NAMESPACE);
}

/** A control's id inside the control group. */
export function controlId(uid: string, variable: string): string {
  return uuidV5(`${uid}/control:${variable}`, POLYDASH_NAMESPACE);
}
