// How faithfully a printed query matches the neutral query's meaning.

export type Fidelity = 'exact' | 'approximate' | 'unsupported';

export interface Diagnostic {
  /** Stable machine-readable code, e.g. `sumo.count-distinct-approximate`. */
  readonly code: string;
  /** `unsupported` stops the query from printing; `approximate` prints with a caveat. */
  readonly severity: 'unsupported' | 'approximate' | 'info';
  readonly message: string;
}

export function fidelityOf(diagnostics: readonly Diagnostic[]): Fidelity {
  if (diagnostics.some((d) => d.severity === 'unsupported')) return 'unsupported';
  if (diagnostics.some((d) => d.severity === 'approximate')) return 'approximate';
  return 'exact';
}

/** Thrown inside a printer when the construct cannot be expressed; compile turns it into a diagnostic. */
export class UnsupportedConstruct extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UnsupportedConstruct';
  }
}
