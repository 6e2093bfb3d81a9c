// A canonical form for comparing what polydash built with what a product stores, and the
// short hash the ownership marker carries.

import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal content prints equally. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** 16 hex digits of SHA-256 over the canonical JSON: short enough for a Grafana tag. */
export function contentHash(canonical: unknown): string {
  return createHash('sha256').update(stableStringify(canonical)).digest('hex').slice(0, 16);
}

/** Parses fields that products store as JSON inside strings, so formatting cannot cause a diff. */
export function parseJsonStrings<T extends Record<string, unknown>>(obj: T, keys: readonly string[]): T {
  const out: Record<string, unknown> = { ...obj };
  for (const k of keys) {
    if (typeof out[k] === 'string') {
      try {
        out[k] = JSON.parse(out[k] as string);
      } catch {
        // left as text: the diff will show it
      }
    }
  }
  return out as T;
}
