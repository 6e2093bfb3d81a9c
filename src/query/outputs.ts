// The shapes printers return for languages that are stored as structure rather than text.
// Targets consume them; printers know nothing about dashboards.

/** A Grafana transformation a panel needs to finish what the query language cannot do. */
export interface GrafanaTransformation {
  readonly id: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Loki (LogQL) for a Grafana panel: one target per measure. */
export interface LokiOutput {
  /** `range` for time buckets and raw logs, `instant` over `$__range` for rankings and totals. */
  readonly queryType: 'range' | 'instant';
  /** The bucket span for range metric queries, e.g. `5m`. */
  readonly step?: string;
  readonly targets: readonly { readonly expr: string; readonly legendFormat?: string }[];
  /** Sorting by label, row limits and similar, done in Grafana after the query. */
  readonly transformations: readonly GrafanaTransformation[];
  /** For raw log queries: the most lines to fetch. */
  readonly maxLines?: number;
}

/** Grafana's Elasticsearch datasource target (all settings are strings, as Grafana stores them). */
export interface GrafanaElasticOutput {
  /** Lucene query string. */
  readonly query: string;
  readonly timeField: string;
  readonly metrics: readonly { readonly id: string; readonly type: string; readonly field?: string; readonly settings?: Readonly<Record<string, unknown>> }[];
  readonly bucketAggs: readonly { readonly id: string; readonly type: string; readonly field?: string; readonly settings?: Readonly<Record<string, unknown>> }[];
  readonly transformations: readonly GrafanaTransformation[];
}

/** A data-view runtime field (Painless) that a text-parsing Lens panel needs. */
export interface RuntimeField {
  readonly name: string;
  readonly type: 'keyword' | 'long' | 'double';
  /** Painless source, already escaped for its string literals (not yet JSON-encoded). */
  readonly script: string;
}

/** A variable that Kibana applies as a dashboard control filter on `field`, not in the query text. */
export interface VariableFilter {
  readonly variable: string;
  readonly field: string;
  readonly negate: boolean;
}

export interface LensColumn {
  readonly label: string;
  readonly dataType: 'date' | 'number' | 'string';
  readonly operationType: string;
  readonly isBucketed: boolean;
  readonly scale: 'interval' | 'ordinal' | 'ratio';
  readonly sourceField: string;
  readonly customLabel?: boolean;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Kibana Lens `formBased` form: a KQL filter plus one layer of columns. */
export interface LensOutput {
  readonly kql: string;
  /** Absent for raw event lists (a saved search shows those). */
  readonly layer?: { readonly columnOrder: readonly string[]; readonly columns: Readonly<Record<string, LensColumn>> };
  /** Which columns play which part: the Kibana target wires visualizations from this. */
  readonly roles: {
    /** The date_histogram column. */
    readonly x?: string;
    /** The terms column that splits series (the pivot column). */
    readonly breakdown?: string;
    /** Other terms columns, in group-by order. */
    readonly groups: readonly string[];
    readonly metrics: readonly string[];
  };
  /** Table sort state, in priority order. */
  readonly sort: readonly { readonly columnId: string; readonly direction: 'asc' | 'desc' }[];
  readonly runtimeFields: readonly RuntimeField[];
  readonly variableFilters: readonly VariableFilter[];
}

/** Kibana ES|QL form (Lens `textBased`): the query and the columns it returns. */
export interface EsqlOutput {
  readonly esql: string;
  readonly columns: readonly {
    readonly name: string;
    readonly type: 'date' | 'number' | 'string';
    readonly role: 'x' | 'breakdown' | 'group' | 'metric' | 'field';
  }[];
  /** Variables bound as ES|QL parameters (`?name`), to be backed by ES|QL controls. */
  readonly parameters: readonly string[];
  /** Variables applied as dashboard control filters instead (not in the query text). */
  readonly variableFilters: readonly VariableFilter[];
}
