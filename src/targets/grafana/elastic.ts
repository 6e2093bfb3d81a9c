// The Elasticsearch datasource target from the Lucene printer's output, through the SDK's
// aggregation builders. Settings stay strings, as Grafana stores them.

import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as common from '@grafana/grafana-foundation-sdk/common';
import { elasticsearch } from './sdk.vendor.js';
import type { GrafanaElasticOutput } from '../../query/outputs.js';

type Metric = GrafanaElasticOutput['metrics'][number];
type BucketAgg = GrafanaElasticOutput['bucketAggs'][number];

/** The printer's settings object, as the settings type the builder asks for. */
function settingsOf<T>(settings: Readonly<Record<string, unknown>> | undefined): T {
  return (settings ?? {}) as T;
}

/**
 * SDK 0.0.21's metric aggregation builders start from `type: "unknown"` and have no setter
 * for the type (their model declares it `unknown`): the type is set on what they build.
 */
function typed(builder: cog.Builder<elasticsearch.MetricAggregation>, type: string): cog.Builder<elasticsearch.MetricAggregation> {
  return { build: () => ({ ...builder.build(), type }) as elasticsearch.MetricAggregation };
}

function metric(m: Metric): cog.Builder<elasticsearch.MetricAggregation> {
  const withField = <B extends { field(f: string): B; id(id: string): B }>(b: B): B => (m.field === undefined ? b.id(m.id) : b.id(m.id).field(m.field));
  switch (m.type) {
    case 'count':
      return typed(new elasticsearch.CountBuilder().id(m.id), m.type);
    case 'avg':
      return typed(withField(new elasticsearch.AverageBuilder()), m.type);
    case 'sum':
      return typed(withField(new elasticsearch.SumBuilder()), m.type);
    case 'min':
      return typed(withField(new elasticsearch.MinBuilder()), m.type);
    case 'max':
      return typed(withField(new elasticsearch.MaxBuilder()), m.type);
    case 'cardinality':
      return typed(withField(new elasticsearch.UniqueCountBuilder()), m.type);
    case 'percentiles':
      return typed(withField(new elasticsearch.PercentilesBuilder()).settings(settingsOf(m.settings)), m.type);
    case 'raw_data':
      return typed(new elasticsearch.RawDataBuilder().id(m.id).settings(settingsOf(m.settings)), m.type);
    case 'logs':
      return typed(new elasticsearch.LogsBuilder().id(m.id).settings(settingsOf(m.settings)), m.type);
    default:
      throw new Error(`polydash bug: the Lucene printer wrote metric type ${JSON.stringify(m.type)}, which the Grafana target does not know`);
  }
}

function bucketAgg(b: BucketAgg): cog.Builder<elasticsearch.BucketAggregation> {
  switch (b.type) {
    case 'terms':
      return new elasticsearch.TermsBuilder().id(b.id).field(b.field!).settings(settingsOf(b.settings));
    case 'date_histogram':
      return new elasticsearch.DateHistogramBuilder().id(b.id).field(b.field!).settings(settingsOf(b.settings));
    default:
      throw new Error(`polydash bug: the Lucene printer wrote bucket aggregation ${JSON.stringify(b.type)}, which the Grafana target does not know`);
  }
}

/**
 * A logs panel reads the datasource's `logs` metric (newest first, the datasource's message
 * field as the line); `raw_data` is the printer's table form of the same documents.
 */
export function asLogs(output: GrafanaElasticOutput): GrafanaElasticOutput {
  return {
    ...output,
    metrics: output.metrics.map((m) => (m.type === 'raw_data' ? { id: m.id, type: 'logs', settings: { limit: m.settings?.['size'] ?? '500' } } : m)),
  };
}

export function elasticTarget(output: GrafanaElasticOutput, refId: string, ds: common.DataSourceRef): elasticsearch.DataqueryBuilder {
  const target = new elasticsearch.DataqueryBuilder()
    .refId(refId)
    .datasource(ds)
    .query(output.query)
    .metrics(output.metrics.map(metric))
    .bucketAggs(output.bucketAggs.map(bucketAgg));
  // without one, the datasource's own time field applies
  if (output.timeField !== undefined) target.timeField(output.timeField);
  return target;
}
