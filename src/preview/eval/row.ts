// A row moving through the pipeline: the event plus the fields extracted from it so far.

import type { FieldRef } from '../../query/nodes.js';
import { valueAt } from './keys.js';
import type { EventKeys, FieldValue, PreviewEvent } from './types.js';

export interface Row {
  readonly event: PreviewEvent;
  readonly extracted: Readonly<Record<string, FieldValue>>;
}

/** A field's value: an extracted field of that name, else the source field from the event. */
export function fieldValue(row: Row, field: FieldRef | string, keys: EventKeys): FieldValue {
  const name = typeof field === 'string' ? field : field.name;
  if (Object.hasOwn(row.extracted, name)) return row.extracted[name];
  return valueAt(row.event.record, keys.field(name));
}
