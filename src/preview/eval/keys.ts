// Where a source's logical fields live in its sample events.
//
// Sample events are product-neutral records, so by default a logical field is the event key of
// the same name (`host` -> `{"host": ...}`), the raw message is `message` and the time is
// `@timestamp` (or `timestamp`). A source can say otherwise with the proposed `preview` binding:
//   defineSource({ ..., preview: { timeField: '@timestamp', messageField: 'log', fields: { host: 'host.name' } } })
// Until SourceDef declares `preview`, it is read here without being required.

import type { SourceDef } from '../../model/source-types.js';
import type { EventKeys, FieldValue } from './types.js';

export interface PreviewBinding {
  /** Event key of the time: an ISO-8601 string with a zone, or epoch milliseconds. Default `@timestamp`, else `timestamp`. */
  readonly timeField?: string;
  /** Event key of the raw message. Default `message`. */
  readonly messageField?: string;
  /** Logical field -> event key (a dotted path is allowed); default the logical name itself. */
  readonly fields?: Readonly<Record<string, string>>;
}

/** The first of these an event has is its time (the pack's samples write `@timestamp`). */
export const DEFAULT_TIME_KEYS = ['@timestamp', 'timestamp'] as const;
export const DEFAULT_MESSAGE_KEY = 'message';

export function previewBinding(source: SourceDef): PreviewBinding | undefined {
  const b = (source as SourceDef & { readonly preview?: unknown }).preview;
  return typeof b === 'object' && b !== null ? (b as PreviewBinding) : undefined;
}

export function eventKeys(source: SourceDef): EventKeys {
  const b = previewBinding(source);
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
