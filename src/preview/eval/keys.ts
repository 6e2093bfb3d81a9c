// Where a source's logical fields live in its sample events.
//
// Sample events are product-neutral records, so by default a logical field is the event key of
// the same name (`host` -> `{"host": ...}`), the raw message is `message` and the time is
// `@timestamp` (or `timestamp`). A source can say otherwise with its `preview` binding:
//   defineSource({ ..., preview: { timeField: '@timestamp', messageField: 'log', fields: { host: 'host.name' } } })

import type { SourceDef } from '../../model/source-types.js';
import type { EventKeys, FieldValue } from './types.js';

/** The first of these an event has is its time (the pack's samples write `@timestamp`). */
export const DEFAULT_TIME_KEYS = ['@timestamp', 'timestamp'] as const;
export const DEFAULT_MESSAGE_KEY = 'message';

export function eventKeys(source: SourceDef): EventKeys {
  const b = source.preview;
  const fields = b?.fields ?? {};
  return {
    time: b?.timeField ? [b.timeField] : DEFAULT_TIME_KEYS,
    message: b?.messageField ?? DEFAULT_MESSAGE_KEY,
    field: (logical) => (Object.hasOwn(fields, logical) ? fields[logical]! : logical),
  };
}

/**
 * The value at `key` in a record: the key itself when the record has it (`{"host.name": x}`),
 * else the dotted path walked through nested objects (`{"host": {"name": x}}`). Objects and
 * arrays are returned as their JSON text, so that they can still be compared and shown.
 */
export function valueAt(record: Readonly<Record<string, unknown>>, key: string): FieldValue {
  if (Object.hasOwn(record, key)) return scalar(record[key]);
  let node: unknown = record;
  for (const segment of key.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return scalar(node);
}

function scalar(v: unknown): FieldValue {
  if (v === undefined || v === null) return v as null | undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}
