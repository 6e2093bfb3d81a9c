// The interface every product implements once, in its own folder under src/targets/.

import type { DashboardDef } from '../model/types.js';
import type { AccessResolution } from '../publish/access.js';
import type { ProductPublisher } from '../publish/types.js';
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
  /** This target's options from the command line (`--<target>-<name> value`). */
  readonly options?: Readonly<Record<string, string>>;
}

/** A command-line option a target understands, e.g. `--splunk-format studio`. */
export interface TargetOption {
  readonly name: string;
  readonly describe: string;
  readonly choices?: readonly string[];
}

/** What the CLI may know of a target without loading it. */
export interface TargetMeta {
  /** CLI and folder name. */
  readonly name: string;
  /** Product name for people. */
  readonly title: string;
  readonly options?: readonly TargetOption[];
}

/** How a target publishes: render options per environment, and the product's publisher. */
export interface TargetPublishing {
  /** Render options an environment implies (e.g. the Kibana space, which seeds object ids). */
  renderOptions(env: unknown): Readonly<Record<string, string>>;
  publisher(env: unknown, ctx: { readonly environment: string }): ProductPublisher;
  /**
   * For products where access decides where a dashboard lives rather than who is granted what
   * on it (Kibana spaces): the place for a resolved access, and the render options it implies.
   */
  place?(access: AccessResolution, env: unknown): Placement;
}

export interface Placement {
  /** Where the dashboard goes; undefined: the environment's usual place. */
  readonly placement?: string;
  readonly renderOptions?: Readonly<Record<string, string>>;
  /** Why the access cannot be given by placing the dashboard. */
  readonly problems: readonly string[];
  readonly notes: readonly string[];
}

export interface Target extends TargetMeta {
  /** Pure: no network, no writes. */
  render(dashboard: DashboardDef, ctx: RenderContext): RenderResult;
}
