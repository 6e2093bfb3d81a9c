// A panel's query for Grafana: which datasource reads it, the printer's output as SDK target
// builders, the printer's transformations, and what the panel needs to know about the frames.

import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as common from '@grafana/grafana-foundation-sdk/common';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { prometheus } from './sdk.vendor.js';
import type { PanelDef, QueryPanel } from '../../model/types.js';
import { compileQuery } from '../../query/compile.js';
import type { Diagnostic, Fidelity } from '../../query/fidelity.js';
import { mapQuery } from '../../query/mapping.js';
import type { PanelQuery, Query, RawQuery } from '../../query/nodes.js';
import type { GrafanaElasticOutput, LokiOutput } from '../../query/outputs.js';
import { type DatasourceKind, datasourceKind, datasourceRef, type VariableKind } from './datasources.js';
import { asLogs, elasticTarget } from './elastic.js';
import { lokiTargets } from './loki.js';

export interface GrafanaQuery {
  readonly fidelity: Fidelity;
  readonly diagnostics: readonly Diagnostic[];
  /** The datasource that reads the query, and its query language. */
  readonly kind?: VariableKind;
  readonly language?: 'loki' | 'grafana-elasticsearch' | 'promql';
  readonly datasource?: common.DataSourceRef;
  /** Empty when the query is unsupported. */
  readonly targets: readonly cog.Builder<cog.Dataquery>[];
  readonly transformations: readonly dashboard.DataTransformerConfig[];
  /** Whether the query has time buckets (one series per group) or returns one table. */
  readonly bucketed: boolean;
  /** The columns Grafana names after the group-by fields, in group-by order. */
  readonly groupColumns: readonly string[];
  /** A Loki instant query: a table whose Time column is the same on every row. */
  readonly lokiInstant: boolean;
}

const LANGUAGE: Readonly<Record<DatasourceKind, 'loki' | 'grafana-elasticsearch'>> = { loki: 'loki', elasticsearch: 'grafana-elasticsearch' };

function unsupported(diagnostics: readonly Diagnostic[], kind?: DatasourceKind): GrafanaQuery {
  return {
    fidelity: 'unsupported',
    diagnostics,
    ...(kind ? { kind, language: LANGUAGE[kind] } : {}),
    targets: [],
    transformations: [],
    bucketed: false,
    groupColumns: [],
    lokiInstant: false,
  };
}

function refusal(code: string, message: string): Diagnostic {
  return { code, severity: 'unsupported', message };
}

/**
 * A stat or gauge reduces a bucketed query's series to its last non-null point, which is the
 * latest bucket when the points are in time order: a newest-first sort (and the limit that
 * keeps the newest) would make the reduction pick the oldest bucket instead, so they go.
 */
export function reducedQuery(q: Query): Query {
  if (!q.bucket || (q.sort.length > 0 && q.sort[0]!.ref.kind !== 'bucket')) return q;
  const { limit: _limit, ...rest } = q;
  return Object.freeze({ ...rest, sort: Object.freeze([]) });
}

/** The query the panel kind needs Grafana to run. */
function panelQuery(panel: QueryPanel): PanelQuery {
  if (panel.query.kind === 'query' && (panel.type === 'singleValue' || panel.type === 'gauge')) return reducedQuery(panel.query);
  return panel.query;
}

/** Raw LogQL runs as written: as a log or range query where the panel draws time, else instant. */
function rawQuery(panel: PanelDef, raw: RawQuery): GrafanaQuery {
  const note: Diagnostic = { code: 'raw.verbatim', severity: 'info', message: 'hand-written query, used verbatim' };
  const base = { fidelity: 'exact' as const, diagnostics: [note], transformations: [], groupColumns: [] };
  const promql = raw.queries['promql'];
  if (promql !== undefined && raw.queries['logql'] === undefined) {
    // a metrics query as written: a range query where the panel draws time, else instant
    const range = panel.type === 'timeSeries';
    const ds = datasourceRef('prometheus');
    const target = new prometheus.DataqueryBuilder().refId('A').datasource(ds).expr(promql).editorMode(prometheus.QueryEditorMode.Code);
    if (range) target.range();
    else target.instant();
    return { ...base, kind: 'prometheus', language: 'promql', datasource: ds, targets: [target], bucketed: range, lokiInstant: false };
  }
  const logql = raw.queries['logql'];
  if (logql !== undefined) {
    const range = panel.type === 'events' || panel.type === 'timeSeries';
    const output: LokiOutput = { queryType: range ? 'range' : 'instant', targets: [{ expr: logql }], transformations: [] };
    return { ...base, kind: 'loki', language: 'loki', datasource: datasourceRef('loki'), targets: lokiTargets(output, datasourceRef('loki')), bucketed: range, lokiInstant: !range };
  }
  const lucene = raw.queries['lucene'];
  if (lucene === undefined) return unsupported([refusal('raw.missing', 'the raw query has no logql, lucene or promql entry')]);
  if (panel.type !== 'events') {
    return unsupported([refusal('grafana.raw-lucene', "a raw Lucene query is only a filter: Grafana's Elasticsearch panels also need metrics and bucket aggregations, which raw() cannot give (only an events panel can use it)")], 'elasticsearch');
  }
  const output = { query: lucene, metrics: [{ id: '1', type: 'logs', settings: { limit: '500' } }], bucketAggs: [], transformations: [] } as Omit<GrafanaElasticOutput, 'timeField'> as GrafanaElasticOutput;
  const ds = datasourceRef('elasticsearch');
  return { ...base, kind: 'elasticsearch', language: 'grafana-elasticsearch', datasource: ds, targets: [elasticTarget(output, 'A', ds)], bucketed: false, lokiInstant: false };
}

export function grafanaQuery(panel: QueryPanel): GrafanaQuery {
  const query = panelQuery(panel);
  if (query.kind === 'raw') return rawQuery(panel, query);
  const kind = datasourceKind(query.source);
  if (!kind) return unsupported([refusal('grafana.no-binding', `source "${query.source.id}" has no loki or elastic binding, so no Grafana datasource can read it`)]);
  const language = LANGUAGE[kind];
  const compiled = compileQuery(query, language);
  if (compiled.output === undefined) return unsupported(compiled.diagnostics, kind);
  const ds = datasourceRef(kind);
  const { fidelity, diagnostics } = compiled;
  if (kind === 'loki') {
    const output = compiled.output as LokiOutput;
    const groups = mapQuery(query, 'loki').aggregate?.by.map((f) => f.name) ?? [];
    const transformations = output.transformations.map((t) => ({ ...t }));
    // one instant table per measure: joined on Time and the labels into one (the printer
    // merges them itself when it sorts or limits rows)
    if (output.queryType === 'instant' && output.targets.length > 1 && !transformations.some((t) => t.id === 'merge')) transformations.unshift({ id: 'merge', options: {} });
    return {
      fidelity,
      diagnostics,
      kind,
      language,
      datasource: ds,
      targets: lokiTargets(output, ds),
      transformations,
      bucketed: query.bucket !== undefined,
      groupColumns: groups,
      lokiInstant: output.queryType === 'instant',
    };
  }
  let output = compiled.output as GrafanaElasticOutput;
  if (panel.type === 'events') output = asLogs(output);
  return {
    fidelity,
    diagnostics,
    kind,
    language,
    datasource: ds,
    targets: [elasticTarget(output, 'A', ds)],
    transformations: output.transformations.map((t) => ({ ...t })),
    bucketed: query.bucket !== undefined,
    groupColumns: output.bucketAggs.filter((b) => b.type === 'terms').map((b) => b.field!),
    lokiInstant: false,
  };
}
