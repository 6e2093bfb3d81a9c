// The neutral query tree: plain, frozen data with a `kind` tag on every node.
// A query is never a string. Printers walk this tree; builders produce it.

import type { SourceDef } from '../model/source-types.js';
import type { RegexNode } from './regex/ast.js';

/** A literal value as the user wrote it. Printers encode it for their exact context. */
export type Scalar = string | number | boolean;

/** A dashboard variable used as a value; each host product substitutes it at view time. */
export interface VariableRef {
  readonly kind: 'var';
  readonly name: string;
  readonly multi: boolean;
  readonly includeAll: boolean;
}

export type Operand = Scalar | VariableRef;

/**
 * A field. Before mapping, `name` is the logical name the user wrote; the mapping step
 * replaces it with the product's own name and keeps the logical one in `logical`.
 */
export interface FieldRef {
  readonly kind: 'field';
  readonly name: string;
  /** The logical name, set by the mapping step. */
  readonly logical?: string;
  /** Produced by an extraction in this query rather than by the source. */
  readonly extracted?: boolean;
  /** The product can filter on it at index/scope level (Sumo metadata, Loki stream label...). */
  readonly indexed?: boolean;
  readonly type?: 'string' | 'number';
}

/** One piece of a glob: literal text or the multi-character wildcard. */
export type GlobPart = string | { readonly wildcard: '*' };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Pred =
  | { readonly kind: 'and'; readonly args: readonly Pred[] }
  | { readonly kind: 'or'; readonly args: readonly Pred[] }
  | { readonly kind: 'not'; readonly arg: Pred }
  /** Keyword search on the raw message: whole-term, case-insensitive where the product allows. */
  | { readonly kind: 'term'; readonly value: string | VariableRef }
  /** Adjacent terms on the raw message. */
  | { readonly kind: 'phrase'; readonly value: string }
  | { readonly kind: 'compare'; readonly field: FieldRef; readonly op: CompareOp; readonly value: Operand }
  | { readonly kind: 'in'; readonly field: FieldRef; readonly values: readonly Scalar[] }
  | { readonly kind: 'wildcard'; readonly field: FieldRef; readonly pattern: readonly GlobPart[] }
  | { readonly kind: 'exists'; readonly field: FieldRef };

/** Literal text between captures of an anchor parse, or a named capture. */
export type AnchorPart = string | { readonly capture: string };

export type Extract =
  | {
      /** Sumo-style anchor parse: each capture runs up to the next literal anchor. */
      readonly kind: 'parse';
      readonly input?: FieldRef;
      readonly parts: readonly AnchorPart[];
    }
  | {
      readonly kind: 'parseRegex';
      readonly input?: FieldRef;
      readonly regex: RegexNode;
      /** The pattern as written, for messages only: printers print from `regex`. */
      readonly source: string;
      readonly captures: readonly string[];
    }
  | {
      readonly kind: 'json';
      readonly input?: FieldRef;
      readonly paths: readonly JsonPath[];
    };

export interface JsonPath {
  readonly as: string;
  /** Key and index segments; a key may contain dots, it is never re-split. */
  readonly path: readonly (string | number)[];
}

export type DurationUnit = 's' | 'm' | 'h' | 'd' | 'w';
export interface Duration {
  readonly n: number;
  /** `d` is a fixed 24 hours and `w` 7 days, never calendar units. */
  readonly unit: DurationUnit;
}

export interface TimeBucket {
  readonly kind: 'timeslice';
  readonly span: Duration;
}

export type MeasureFn = 'count' | 'countDistinct' | 'sum' | 'avg' | 'min' | 'max' | 'percentile';

export interface Measure {
  readonly kind: 'measure';
  readonly fn: MeasureFn;
  readonly field?: FieldRef;
  /** Percent scale, 0 < p < 100 (LogQL printers divide by 100). */
  readonly p?: number;
  readonly as: string;
}

/** What a sort key, pivot row or pivot column refers to, resolved when the query is built. */
export type KeyRef =
  | { readonly kind: 'bucket' }
  | { readonly kind: 'measure'; readonly alias: string }
  | { readonly kind: 'group'; readonly field: FieldRef }
  | { readonly kind: 'unresolved'; readonly key: string };

export interface SortKey {
  readonly key: string;
  readonly ref: KeyRef;
  readonly dir: 'asc' | 'desc';
}

export interface Aggregate {
  readonly measures: readonly Measure[];
  /** Group-by fields; grouping by the time bucket is implied when the query has one. */
  readonly by: readonly FieldRef[];
}

export interface Pivot {
  readonly kind: 'transpose';
  readonly row: KeyRef;
  readonly column: KeyRef;
  readonly rowKey: string;
  readonly columnKey: string;
}

export interface Query {
  readonly kind: 'query';
  readonly source: SourceDef;
  /** Filters that do not depend on extracted fields (index/scope friendly). */
  readonly filter?: Pred;
  readonly extract: readonly Extract[];
  /** Filters on fields produced by `extract`. */
  readonly postFilter?: Pred;
  readonly bucket?: TimeBucket;
  readonly aggregate?: Aggregate;
  readonly sort: readonly SortKey[];
  readonly limit?: number;
  readonly pivot?: Pivot;
}

/** The name sort keys and pivots use for the time bucket. */
export const BUCKET_KEY = 'timeslice';

/** Hand-written per-language queries for what the neutral model cannot express. */
export interface RawQuery {
  readonly kind: 'raw';
  readonly queries: Readonly<Partial<Record<string, string>>>;
}

export type PanelQuery = Query | RawQuery;

export function isVariableRef(v: unknown): v is VariableRef {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'var';
}
