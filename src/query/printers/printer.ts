// The shared walk for piped query languages (Sumo Logic, SPL, ES|QL): one method per stage of
// the neutral query, in a fixed order. A dialect implements the stages and its encoders;
// everything about order, booleans and diagnostics lives here once.

import type { Diagnostic } from '../fidelity.js';
import { UnsupportedConstruct } from '../fidelity.js';
import type { Aggregate, Extract, KeyRef, Pivot, Pred, Query, SortKey, TimeBucket } from '../nodes.js';

export interface BooleanTokens {
  readonly and: string;
  readonly or: string;
  readonly not: (operand: string) => string;
}

const PRECEDENCE = { or: 1, and: 2, not: 3, leaf: 4 } as const;

export abstract class Printer {
  protected readonly diagnostics: Diagnostic[] = [];

  protected approximate(code: string, message: string): void {
    if (!this.diagnostics.some((d) => d.code === code && d.message === message)) {
      this.diagnostics.push({ code, severity: 'approximate', message });
    }
  }

  protected note(code: string, message: string): void {
    if (!this.diagnostics.some((d) => d.code === code && d.message === message)) {
      this.diagnostics.push({ code, severity: 'info', message });
    }
  }

  protected unsupported(code: string, message: string): never {
    throw new UnsupportedConstruct(code, message);
  }

  diagnosticsSoFar(): readonly Diagnostic[] {
    return this.diagnostics;
  }

  /** Prints and/or/not with parentheses only where precedence needs them. */
  protected printBoolean(pred: Pred, tokens: BooleanTokens, leaf: (p: Pred) => string): string {
    const walk = (p: Pred): { text: string; prec: number } => {
      switch (p.kind) {
        case 'and':
        case 'or': {
          const prec = PRECEDENCE[p.kind];
          // Mixed and/or always get parentheses: precedence rules differ between languages
          // and readers should not need to know them.
          const parts = p.args.map((a) => {
            const c = walk(a);
            return c.prec < PRECEDENCE.not && c.prec !== prec ? `(${c.text})` : c.text;
          });
          return { text: parts.join(tokens[p.kind]), prec };
        }
        case 'not': {
          const c = walk(p.arg);
          return { text: tokens.not(c.prec < PRECEDENCE.leaf ? `(${c.text})` : c.text), prec: PRECEDENCE.not };
        }
        default:
          return { text: leaf(p), prec: PRECEDENCE.leaf };
      }
    };
    return walk(pred).text;
  }
}

/** A language whose queries are a head followed by piped stages. */
export abstract class PipelinePrinter extends Printer {
  protected abstract readonly separator: string;

  /** The index/scope part before the first pipe, and filters it could not hold. */
  protected abstract head(query: Query): { text: string; rest?: Pred };
  protected abstract extractStage(e: Extract, query: Query): string;
  protected abstract filterStage(pred: Pred, query: Query): string;
  protected abstract bucketStage(bucket: TimeBucket, query: Query): string | undefined;
  protected abstract aggregateStage(aggregate: Aggregate, query: Query): string;
  protected abstract sortStage(keys: readonly SortKey[], query: Query): string;
  protected abstract limitStage(n: number, query: Query): string;
  protected abstract pivotStage(pivot: Pivot, query: Query): string | undefined;
  /** Stages for a raw-event query (no aggregation), e.g. newest first. */
  protected eventStages(_query: Query): string[] {
    return [];
  }

  print(query: Query): string {
    const { text: head, rest } = this.head(query);
    const stages: string[] = [];
    if (rest) stages.push(this.filterStage(rest, query));
    for (const e of query.extract) stages.push(this.extractStage(e, query));
    if (query.postFilter) stages.push(this.filterStage(query.postFilter, query));
    if (query.bucket) {
      const b = this.bucketStage(query.bucket, query);
      if (b) stages.push(b);
    }
    if (query.aggregate) stages.push(this.aggregateStage(query.aggregate, query));
    else stages.push(...this.eventStages(query));
    if (query.sort.length) stages.push(this.sortStage(query.sort, query));
    if (query.limit !== undefined) stages.push(this.limitStage(query.limit, query));
    if (query.pivot) {
      const p = this.pivotStage(query.pivot, query);
      if (p) stages.push(p);
    }
    return [head, ...stages].join(this.separator);
  }

  protected unresolved(ref: KeyRef): never {
    return this.unsupported('query.unresolved-key', `key ${ref.kind === 'unresolved' ? JSON.stringify(ref.key) : ''} is not a measure, group-by field or the time bucket`);
  }
}
