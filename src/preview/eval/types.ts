// The shapes the preview evaluator reads and returns. Plain data only, so that the same
// evaluator runs in Node (tests, static export) and in the browser (the preview page).

import type { SourceDef } from '../../model/source-types.js';

/** One sample event: its time, its raw message and the whole record it came from. */
export interface PreviewEvent {
  /** Epoch milliseconds (UTC). */
  readonly time: number;
  /** The raw message that keyword search, parse, parseRegex and json read. */
  readonly message: string;
  /** The NDJSON record as read; source fields are looked up in it. */
  readonly record: Readonly<Record<string, unknown>>;
}

/** A field value as the evaluator sees it; `null` and `undefined` both mean "no value". */
export type FieldValue = string | number | boolean | null | undefined;

/** A result cell. Time buckets and event times are epoch milliseconds. */
export type Cell = string | number | boolean | null;

export type ColumnKind = 'bucket' | 'group' | 'measure' | 'pivot' | 'time' | 'message' | 'field';

export interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
}

export interface ResultTable {
  /** `aggregate`: one row per group; `pivot`: transposed; `events`: raw events, newest first. */
  readonly kind: 'aggregate' | 'pivot' | 'events';
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
}

/** Inclusive at both ends, epoch milliseconds. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/** A variable's current value: one value, several (multi-select), or `*` for All. */
export type VariableValue = string | readonly string[];

export interface EvalContext {
  /** The events of the query's source (already read from its NDJSON file). */
  readonly events: readonly PreviewEvent[];
  /** Events outside the window are not seen at all; absent means every event. */
  readonly window?: TimeWindow;
  /** Current variable values by name; a variable with no entry is All. */
  readonly variables?: Readonly<Record<string, VariableValue>>;
}

/** Where a source's logical fields, time and message are found in its events. */
export interface EventKeys {
  /** Candidate keys of the time, in order: the first one an event has. */
  readonly time: readonly string[];
  readonly message: string;
  /** The event key (a dotted path is allowed) of a logical source field. */
  field(logical: string): string;
}

export type { SourceDef };
