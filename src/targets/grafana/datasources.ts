// Which Grafana datasource reads each source, and how panels name it: through a `datasource`
// variable per kind, so that one dashboard works on every Grafana instance. The variable
// lists the instance's datasources of that type; the viewer (or `?var-ds_loki=<name>` in the
// URL, or the publish step setting its current value) picks one per environment.

import type * as common from '@grafana/grafana-foundation-sdk/common';
import { dashboard } from './sdk.vendor.js';
import type { SourceDef } from '../../model/source-types.js';

export type DatasourceKind = 'loki' | 'elasticsearch';
/** The datasource variables a dashboard may need: Prometheus reads raw({ promql }) queries only, never a source. */
export type VariableKind = DatasourceKind | 'prometheus';
export const DATASOURCE_KINDS: readonly VariableKind[] = ['loki', 'elasticsearch', 'prometheus'];

const LABELS: Readonly<Record<VariableKind, string>> = { loki: 'Loki', elasticsearch: 'Elasticsearch', prometheus: 'Prometheus' };

/** Loki unless the source says otherwise or has no loki binding; undefined without either binding. */
export function datasourceKind(source: SourceDef): DatasourceKind | undefined {
  if (source.grafana) return source.grafana.datasource;
  if (source.loki) return 'loki';
  if (source.elastic) return 'elasticsearch';
  return undefined;
}

export function datasourceVariableName(kind: VariableKind): string {
  return `ds_${kind}`;
}

/** `{type, uid: "${ds_<kind>}"}`, on panels and on each of their targets. */
export function datasourceRef(kind: VariableKind): common.DataSourceRef {
  return { type: kind, uid: `\${${datasourceVariableName(kind)}}` };
}

/** No current value: Grafana selects the instance's default datasource of the type, else the first. */
export function datasourceVariable(kind: VariableKind): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder(datasourceVariableName(kind))
    .label(LABELS[kind])
    .type(kind)
    .multi(false)
    .includeAll(false)
    .allowCustomValue(false);
}
