// The interface every product implements once, in its own folder under src/targets/.

import type { DashboardDef } from '../model/types.js';
import type { Diagnostic, Fidelity } from '../query/fidelity.js';

export interface Artifact {
  /** Path relative to the output folder, always `<target>/<file>`. */
  readonly path: string;
  readonly content: string;
}

/** How one panel fared on one target, for the manifest and the build summary. */
export interface PanelReport {
  readonly key: string;
  readonly title: string;
  readonly fidelity: Fidelity;
  /** Query language used, when the panel has a query. */
  readonly language?: string;
  readonly diagnostics: readonly Diagnostic[];
}

export interface RenderResult {
  readonly artifacts: readonly Artifact[];
  readonly panels: readonly PanelReport[];
}

export interface RenderContext {
  /** The definition file, relative to the project, for links back to the source. */
  readonly sourceFile?: string;
}

export interface Target {
  /** CLI and folder name. */
  readonly name: string;
  /** Product name for people. */
  readonly title: string;
  /** Pure: no I/O. */
  render(dashboard: DashboardDef, ctx: RenderContext): RenderResult;
}
