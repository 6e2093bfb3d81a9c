// Messages between the build's main thread and its workers.

import type { DashboardSummary, LocatedIssue } from './build.js';
import type { RenderedShare } from './render.js';

export type ToWorker =
  /** Evaluate the share's bundle and validate its dashboards. */
  | { readonly type: 'load'; readonly bundle: string; readonly files: readonly string[] }
  /** Every share is valid: render and stage. */
  | { readonly type: 'render' };

export type FromWorker =
  | { readonly type: 'validated'; readonly dashboards: readonly DashboardSummary[]; readonly issues: readonly LocatedIssue[] }
  /** A definition threw while the bundle was evaluated. */
  | { readonly type: 'threw' }
  | { readonly type: 'rendered'; readonly share: RenderedShare }
  | { readonly type: 'error'; readonly user: boolean; readonly message: string; readonly stack: string };
