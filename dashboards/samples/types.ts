// Shared shapes of the sample generator.

import type { Random } from './random.js';
import type { TimeWindow, World } from './world.js';

/** What a per-source generator gets: its own random stream, the shared world, the window. */
export interface SampleContext {
  readonly rng: Random;
  readonly world: World;
  readonly window: TimeWindow;
}

/** One event as the vendor sends it, before it becomes a sample line. */
export interface RawSample {
  /** Epoch milliseconds. */
  readonly time: number;
  /** The event as received: a JSON object, or a text line. */
  readonly raw: Readonly<Record<string, unknown>> | string;
  /** Values not in the raw event that the collector adds (JSON sources), by logical name. */
  readonly collector?: Readonly<Record<string, string>>;
  /** Logical values of a text source, read from the line (the header's host). */
  readonly logical?: Readonly<Record<string, string | number | boolean>>;
}

/** A sample line: `@timestamp`, the source's logical fields, and the raw `message`. */
export interface SampleEvent {
  readonly '@timestamp': string;
  readonly message: string;
  readonly [logical: string]: string | number | boolean;
}
