// The intermediate model of `polydash import`: what a product reader understood of one
// dashboard, before it becomes TypeScript. Queries are kept as builder steps (not as the frozen
// query tree) so that codegen can write them back as the calls a person would write.

import type { PanelType } from '../model/types.js';

export type Product = 'sumologic' | 'kibana' | 'splunk' | 'grafana';
export const PRODUCTS: readonly Product[] = ['sumologic', 'kibana', 'splunk', 'grafana'];

/** The keys of `raw({...})`, one per query language a product stores. */
/** `promql` only where the model accepts it (see capabilities.ts). */
export type RawKey = 'sumologic' | 'splunk' | 'esql' | 'kql' | 'logql' | 'lucene' | 'promql';

/** A dashboard variable used as a value, by the product's own variable name. */
export interface VarUse {
  readonly var: string;
}

export type Value = string | number | boolean | VarUse;

/** A field a query reads: one of its source's fields (by product name) or one it extracted. */
export type FieldUse = { readonly native: string } | { readonly extracted: string };

/** A filter condition, as `.search()`, `.where()`, `.or()` and `.not()` express them. */
export type Cond =
  | { readonly kind: 'and'; readonly args: readonly Cond[] }
  | { readonly kind: 'or'; readonly args: readonly Cond[] }
  | { readonly kind: 'not'; readonly arg: Cond }
  | { readonly kind: 'term'; readonly value: string | VarUse }
  | { readonly kind: 'phrase'; readonly value: string }
  | { readonly kind: 'compare'; readonly field: FieldUse; readonly op: '=' | '!=' | '<' | '<=' | '>' | '>='; readonly value: Value }
  | { readonly kind: 'in'; readonly field: FieldUse; readonly values: readonly (string | number)[] }
  /** A glob: `*` is the wildcard, `\*` a literal star (the builder's own syntax). */
  | { readonly kind: 'wildcard'; readonly field: FieldUse; readonly pattern: string }
  | { readonly kind: 'exists'; readonly field: FieldUse };

export type ExtractStep =
  | { readonly kind: 'parse'; readonly pattern: string; readonly fields: readonly string[]; readonly input?: FieldUse }
  | { readonly kind: 'parseRegex'; readonly regex: string; readonly input?: FieldUse }
  | { readonly kind: 'json'; readonly paths: readonly { readonly as: string; readonly path: readonly (string | number)[] }[]; readonly input?: FieldUse };

export type MeasureFn = 'count' | 'countDistinct' | 'sum' | 'avg' | 'min' | 'max' | 'percentile';

export interface MeasureStep {
  readonly fn: MeasureFn;
  readonly field?: FieldUse;
  readonly p?: number;
  readonly as: string;
}

/** A recognised query: the builder calls, in the order codegen writes them. */
export interface QuerySteps {
  /** Conjuncts; codegen puts those on extracted fields after the extractions. */
  readonly filters: readonly Cond[];
  readonly extracts: readonly ExtractStep[];
  readonly timeslice?: string;
  readonly measures: readonly MeasureStep[];
  readonly by: readonly FieldUse[];
  /** Keys are measure aliases, `timeslice`, or group-by fields (as FieldUse). */
  readonly sort: readonly { readonly key: string | FieldUse; readonly dir: 'asc' | 'desc' }[];
  readonly limit?: number;
  readonly transpose?: { readonly row: string | FieldUse; readonly column: string | FieldUse };
}

/** Where a source's events live in the product the dashboard came from. */
export type SourceBinding = (
  | { readonly product: 'sumologic'; readonly sourceCategory?: string; readonly index?: string; readonly metadata?: Readonly<Record<string, string>> }
  | { readonly product: 'splunk'; readonly index?: string; readonly sourcetype?: string; readonly source?: string }
  | { readonly product: 'elastic'; readonly dataView: string; readonly timeField?: string; readonly messageField?: string; readonly filter?: Readonly<Record<string, string>>; readonly grafana?: boolean }
  | { readonly product: 'loki'; readonly selector: Readonly<Record<string, string>>; readonly parser?: 'json' | 'logfmt' }
) & {
  /** Said beside the source in the generated file, e.g. that a value was an install-time placeholder. */
  readonly note?: string;
};

export interface RecognisedQuery {
  readonly kind: 'recognised';
  readonly source: SourceBinding;
  readonly steps: QuerySteps;
  /** What the neutral query says differently from the original (empty: the same meaning). */
  readonly approximations: readonly string[];
  /** The original text: kept raw under `rawKey` (or reported lost) if the recognised form fails checks. */
  readonly original: string;
  readonly rawKey?: RawKey;
}

export interface RawImportedQuery {
  readonly kind: 'raw';
  readonly key: RawKey;
  readonly text: string;
  /** Why it was not recognised. */
  readonly why: string;
}

/** A query polydash cannot keep in any form its product reads back. */
export interface LostQuery {
  readonly kind: 'lost';
  readonly text: string;
  readonly why: string;
}

export type ImportedQuery = RecognisedQuery | RawImportedQuery | LostQuery;

export interface GridBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface ColorRangeInput {
  readonly from?: number;
  readonly to?: number;
  readonly color: string;
}

export interface PanelOptions {
  readonly style?: 'line' | 'area' | 'stacked';
  readonly orientation?: 'column' | 'bar';
  readonly stacked?: boolean;
  readonly donut?: boolean;
  readonly legend?: boolean;
  readonly ranges?: readonly ColorRangeInput[];
  readonly unit?: string;
  readonly decimals?: number;
  readonly min?: number;
  readonly max?: number;
  readonly pageSize?: number;
  /** Event list columns, by product field name. */
  readonly columns?: readonly string[];
}

export interface ImportedPanel {
  /** The polydash kind chosen (the closest one when the product's kind has no equal). */
  readonly kind: PanelType;
  /** The product's own kind, e.g. `svp`, `lnsXY`, `stat`, `single`. */
  readonly productKind: string;
  readonly title: string;
  readonly description?: string;
  readonly box: GridBox;
  readonly options: PanelOptions;
  /** Text panels only. */
  readonly markdown?: string;
  readonly query?: ImportedQuery;
  /** Details that did not survive, e.g. a panel time range or drilldowns. */
  readonly lost: readonly string[];
}

export interface ImportedVariable {
  /** The product's name, as queries refer to it. */
  readonly name: string;
  readonly label: string;
  readonly multi: boolean;
  readonly includeAll: boolean;
  readonly default?: string;
  /** A fixed list ... */
  readonly values?: readonly string[];
  /** ... or the distinct values of a field in a filtering query of a source. */
  readonly from?: { readonly source: SourceBinding; readonly field: FieldUse; readonly filters?: readonly Cond[]; readonly extracts?: readonly ExtractStep[] };
  readonly lost: readonly string[];
}

export interface ImportedDashboard {
  readonly product: Product;
  /** The product's format, e.g. `DashboardV2`, `Simple XML form`, `Kibana 8 saved objects`. */
  readonly format: string;
  readonly uid: string;
  readonly title: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly time: { readonly last: string } | { readonly from: string; readonly to: string };
  readonly refresh?: string;
  readonly variables: readonly ImportedVariable[];
  readonly panels: readonly ImportedPanel[];
  readonly lost: readonly string[];
  readonly splunkFormat?: 'simplexml' | 'studio';
  /** Product variables polydash cannot declare, with the value raw queries get in their place. */
  readonly dropped?: readonly { readonly name: string; readonly value?: string }[];
}

export function isVarUse(v: unknown): v is VarUse {
  return typeof v === 'object' && v !== null && typeof (v as VarUse).var === 'string';
}

export function isExtracted(f: FieldUse): f is { readonly extracted: string } {
  return 'extracted' in f;
}

/** The product name of a source field, or undefined for an extracted one. */
export function nativeOf(f: FieldUse): string | undefined {
  return 'native' in f ? f.native : undefined;
}

/** Every field a query's steps read, in first-use order. */
export function fieldsOfSteps(steps: QuerySteps): FieldUse[] {
  const out: FieldUse[] = [];
  const add = (f: FieldUse | undefined): void => {
    if (f) out.push(f);
  };
  const walk = (c: Cond): void => {
    switch (c.kind) {
      case 'and':
      case 'or':
        c.args.forEach(walk);
        return;
      case 'not':
        walk(c.arg);
        return;
      case 'term':
      case 'phrase':
        return;
      default:
        add(c.field);
    }
  };
  steps.filters.forEach(walk);
  steps.extracts.forEach((e) => add(e.input));
  steps.measures.forEach((m) => add(m.field));
  steps.by.forEach(add);
  for (const s of steps.sort) if (typeof s.key !== 'string') add(s.key);
  if (steps.transpose) {
    if (typeof steps.transpose.row !== 'string') add(steps.transpose.row);
    if (typeof steps.transpose.column !== 'string') add(steps.transpose.column);
  }
  return out;
}

/** Names every extraction step produces. */
export function extractedNamesOf(e: ExtractStep): string[] {
  switch (e.kind) {
    case 'parse':
      return [...e.fields];
    case 'parseRegex':
      return [...e.regex.matchAll(/\(\?P?<([A-Za-z][A-Za-z0-9_]*)>/g)].map((m) => m[1]!);
    case 'json':
      return e.paths.map((p) => p.as);
  }
}

export function condUsesExtracted(c: Cond): boolean {
  switch (c.kind) {
    case 'and':
    case 'or':
      return c.args.some(condUsesExtracted);
    case 'not':
      return condUsesExtracted(c.arg);
    case 'term':
    case 'phrase':
      return false;
    default:
      return isExtracted(c.field);
  }
}

/** What one input file held: one dashboard, or several (a Sumo Logic folder, a Kibana export). */
export interface ImportedFile {
  readonly product: Product;
  readonly dashboards: readonly ImportedDashboard[];
  /** Problems with the file as a whole, e.g. objects that are not dashboards. */
  readonly notes: readonly string[];
}
