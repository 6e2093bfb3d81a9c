// The escape hatch: hand-written queries per language for what the neutral model cannot say.

import { DefinitionUsageError } from '../errors.js';
import type { RawQuery } from './nodes.js';

export interface RawQueries {
  /** Sumo Logic search. */
  readonly sumologic?: string;
  /** Splunk SPL, as a dashboard search (`$token$`, `$$` for a literal dollar). */
  readonly splunk?: string;
  /** Kibana ES|QL (Lens textBased). */
  readonly esql?: string;
  /** Kibana KQL: raw event lists (saved searches) only, as Lens needs structured columns. */
  readonly kql?: string;
  /** Grafana Loki LogQL. */
  readonly logql?: string;
  /** Grafana Elasticsearch Lucene query string: raw event lists only. */
  readonly lucene?: string;
  /**
   * Grafana Prometheus PromQL. polydash queries read logs; this keeps metrics panels (imported
   * from Grafana, or next to log panels) on Grafana. Other products show the panel as unsupported.
   */
  readonly promql?: string;
}

/**
 * Per-language queries written by hand, e.g. `raw({ sumologic: '... | outlier _count', splunk: '...' })`.
 * A product with no entry shows the panel as unsupported, with the reason.
 */
export function raw(queries: RawQueries): RawQuery {
  if (typeof queries !== 'object' || queries === null || Object.keys(queries).length === 0) {
    throw new DefinitionUsageError('raw: expected at least one of sumologic, splunk, esql, kql, logql, lucene, promql');
  }
  return Object.freeze({ kind: 'raw', queries: Object.freeze({ ...queries }) });
}
