// Panel ids derived from the panel keys, so that reordering or inserting panels keeps every
// other panel's id, and with it links such as `?viewPanel=<id>`.

/** FNV-1a (32 bit) of the key, as a positive 31-bit integer. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 1) || 1;
}

/** One id per key, in definition order; a collision (rare) takes the next free id. */
export function panelIds(keys: readonly string[]): number[] {
  const used = new Set<number>();
  return keys.map((key) => {
    let id = hash(key);
    while (used.has(id)) id = id >= 0x7fffffff ? 1 : id + 1;
    used.add(id);
    return id;
  });
}
