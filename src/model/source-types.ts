// A logical log source and how each product finds it. Queries name logical fields;
// the mapping step turns them into each product's fields through `fields`.

/** The products a source binds to. Elastic covers Kibana and Grafana's Elasticsearch datasource. */
export type BindingProduct = 'sumologic' | 'splunk' | 'elastic' | 'loki';
export const BINDING_PRODUCTS: readonly BindingProduct[] = ['sumologic', 'splunk', 'elastic', 'loki'];

export interface SumoBinding {
  /** `_sourceCategory` value. */
  readonly sourceCategory?: string;
  /** `_index` (partition) value. */
  readonly index?: string;
  /** Other built-in metadata, e.g. `{ _collector: 'k8s' }`. */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface SplunkBinding {
  readonly index?: string;
  readonly sourcetype?: string;
  readonly source?: string;
}

export interface ElasticBinding {
  /** Data view title (index pattern), e.g. `logs-twistlock-*`. */
  readonly dataView: string;
  readonly timeField?: string;
  /** The full-text field keyword searches run on. */
  readonly messageField?: string;
  /** Fixed field filters for shared data views, e.g. `{ 'event.dataset': 'twistlock.audit' }`. */
  readonly filter?: Readonly<Record<string, string>>;
}

export interface LokiBinding {
  /** Stream selector labels, e.g. `{ job: 'twistlock' }`. */
  readonly selector: Readonly<Record<string, string>>;
  /** Further stream labels that can be filtered in the selector. */
  readonly labels?: readonly string[];
  /** How to turn log lines into fields when a query needs one that is not a label. */
  readonly parser?: 'json' | 'logfmt';
}

export interface GrafanaBinding {
  /** Which Grafana datasource reads this source: Loki (default when bound) or Elasticsearch. */
  readonly datasource: 'loki' | 'elasticsearch';
}

/** Where the source's fields live in sample events, for `polydash preview`. */
export interface PreviewBinding {
  /** Event key of the time: an ISO-8601 string with a zone, or epoch milliseconds. Default `@timestamp`, else `timestamp`. */
  readonly timeField?: string;
  /** Event key of the raw message. Default `message`. */
  readonly messageField?: string;
  /** Logical field -> event key (a dotted path is allowed); default the logical name itself. */
  readonly fields?: Readonly<Record<string, string>>;
}

/** A logical field's name in each product; a string means the same name everywhere. */
export type FieldBinding =
  | string
  | {
      readonly sumologic?: string;
      readonly splunk?: string;
      readonly elastic?: string;
      readonly loki?: string;
      readonly type?: 'string' | 'number';
    };

export interface SourceDef {
  readonly kind: 'source';
  readonly id: string;
  readonly title?: string;
  readonly sumologic?: SumoBinding;
  readonly splunk?: SplunkBinding;
  readonly elastic?: ElasticBinding;
  readonly loki?: LokiBinding;
  /** Grafana reads the source through its Loki binding unless this says Elasticsearch. */
  readonly grafana?: GrafanaBinding;
  /** Sample events keep fields under other keys than their logical names (preview only). */
  readonly preview?: PreviewBinding;
  readonly fields: Readonly<Record<string, FieldBinding>>;
}
