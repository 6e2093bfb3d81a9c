// The data a dashboard page carries for its script: the definition, the sample events of its
// sources, the compiled queries and the preview's "now". Plain JSON; the page script evaluates
// panels from it, so variables and the time range work the same served or as static files.

import type { DashboardDef } from '../model/types.js';
import type { ProductQuery } from './compiled.js';
import type { PreviewEvent } from './eval/types.js';

export interface PagePayload {
  readonly live: boolean;
  readonly now: number;
  readonly dashboard: DashboardDef;
  /** Per source id. */
  readonly events: Readonly<Record<string, readonly PreviewEvent[]>>;
  /** Per panel key. */
  readonly compiled: Readonly<Record<string, readonly ProductQuery[]>>;
}

/** JSON that can sit inside a <script> element: nothing in it can close the element or open a comment. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
