// Where each logical field of a JSON source sits in the event as the vendor sends it. The
// source's `fields` map names a field in each product; this map names it in the raw event. One
// table serves everything that reads raw events: the sample generator (dashboards/samples/)
// fills each sample's logical keys from it, and the ingest generators (dashboards/ingest/) turn
// it into a Sumo Logic Field Extraction Rule, Splunk search-time settings, an Elasticsearch
// ingest pipeline and Loki shipper labels.

/** A logical field in the raw event. */
export type RawField =
  /** JSON keys from the root of the event, in order; a key may itself hold dots (`k8s.ns.name`). */
  | { readonly json: readonly string[] }
  /** Not in the event: the collector or shipper adds it (for example the cluster's name). */
  | { readonly collector: string }
  /** Computed at ingest from the JSON value at `severityWeightOf`: see `severityWeight`. */
  | { readonly severityWeightOf: readonly string[] };

/** Logical field name → where it is in the raw event. */
export type RawFields = Readonly<Record<string, RawField>>;

/**
 * "Weighted by severity": Sysdig severities run from 0 (most severe) to 7, so a notification
 * counts `8 - severity` (8 for severity 0, 1 for severity 7). Every product computes it at
 * ingest with this formula (see dashboards/ingest/).
 */
export const SEVERITY_WEIGHT_BASE = 8;
export function severityWeight(severity: number): number {
  return SEVERITY_WEIGHT_BASE - severity;
}

/** The value at a JSON path, or undefined. */
export function jsonValue(event: unknown, path: readonly string[]): unknown {
  let value: unknown = event;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
