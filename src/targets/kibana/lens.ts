// By-value Lens attributes, as a dashboard panel embeds them (embeddableConfig.attributes):
// one layer, its data-view reference, the chart's state. formBased (KQL + columns) and
// textBased (ES|QL) differ only in the datasource state.

import type { QueryPanel } from '../../model/types.js';
import type { Diagnostic } from '../../query/fidelity.js';
import type { EsqlOutput, LensColumn, LensOutput } from '../../query/outputs.js';
import { esqlIdentifier, esqlNumber } from '../../query/printers/esql-escape.js';
import type { Reference } from './saved-object.js';
import { planVisualization, type Roles, type VisualizationPlan } from './visualizations.js';

/** One layer per panel, so one fixed id (Kibana prefixes references with the panel index). */
export const LAYER_ID = 'layer_0';
export const LAYER_REFERENCE = `indexpattern-datasource-layer-${LAYER_ID}`;

type ChartPanel = Exclude<QueryPanel, { type: 'events' }>;

export interface LensAttributes {
  readonly attributes: Record<string, unknown>;
  readonly diagnostics: readonly Diagnostic[];
}

function attributes(panel: ChartPanel, plan: VisualizationPlan, dataViewId: string, datasourceStates: object, query: object): Record<string, unknown> {
  return {
    title: panel.title,
    description: panel.description ?? '',
    visualizationType: plan.type,
    type: 'lens',
    references: [{ type: 'index-pattern', id: dataViewId, name: LAYER_REFERENCE } satisfies Reference],
    state: {
      datasourceStates,
      visualization: plan.state,
      query,
      filters: [],
      internalReferences: [],
      adHocDataViews: {},
    },
  };
}

// ---- formBased ---------------------------------------------------------------------

function staticColumn(value: number): Record<string, unknown> {
  // The shape of Lens's own static values (system overview export, lnsMetric maxAccessor).
  return { label: `Static value: ${value}`, dataType: 'number', operationType: 'static_value', isStaticValue: true, isBucketed: false, scale: 'ratio', params: { value: String(value) }, references: [] };
}

/**
 * Keeps the columns the chart uses. A terms column ordered by a metric that is left out is
 * ordered by the first metric kept instead.
 */
function keepColumns(columns: Readonly<Record<string, LensColumn>>, order: readonly string[], used: readonly string[]): { columnOrder: string[]; columns: Record<string, object> } {
  const keep = order.filter((id) => used.includes(id));
  const firstMetric = keep.find((id) => !columns[id]!.isBucketed);
  const out: Record<string, object> = {};
  for (const id of keep) {
    const c = columns[id]!;
    const orderBy = c.params?.orderBy as { type?: string; columnId?: string } | undefined;
    if (orderBy?.type === 'column' && orderBy.columnId && !keep.includes(orderBy.columnId)) {
      const next = firstMetric ? { type: 'column', columnId: firstMetric } : { type: 'alphabetical', fallback: false };
      out[id] = { ...c, params: { ...c.params, orderBy: next } };
    } else out[id] = c.params ? { ...c, params: { ...c.params } } : { ...c };
  }
  return { columnOrder: keep, columns: out };
}

export interface FormBasedOptions {
  /** Set on metric columns: a single value over the last part of the time range (the latest bucket). */
  readonly reducedTimeRange?: string;
}

export function formBasedLens(panel: ChartPanel, out: LensOutput, dataViewId: string, options: FormBasedOptions = {}): LensAttributes {
  const layer = out.layer!;
  const roles: Roles = out.roles;
  const plan = planVisualization(panel, { layerId: LAYER_ID, roles, sort: out.sort, label: (id) => layer.columns[id]?.label ?? id });
  const kept = keepColumns(layer.columns, layer.columnOrder, plan.used);
  if (options.reducedTimeRange) {
    for (const id of kept.columnOrder) {
      if (!layer.columns[id]!.isBucketed) kept.columns[id] = { ...kept.columns[id], reducedTimeRange: options.reducedTimeRange };
    }
  }
  const value = plan.valueFormat && Object.keys(kept.columns).find((id) => !layer.columns[id]!.isBucketed);
  if (value) {
    // Lens's number format (as integration exports write it: format {id, params{decimals}}).
    const c = kept.columns[value] as { params?: object };
    kept.columns[value] = { ...c, params: { ...c.params, format: { id: 'number', params: plan.valueFormat } } };
  }
  for (const c of plan.constants) {
    kept.columns[c.id] = staticColumn(c.value);
    kept.columnOrder.push(c.id);
  }
  const datasourceStates = { formBased: { layers: { [LAYER_ID]: { columnOrder: kept.columnOrder, columns: kept.columns, incompleteColumns: {}, sampling: 1 } } } };
  return { attributes: attributes(panel, plan, dataViewId, datasourceStates, { language: 'kuery', query: out.kql }), diagnostics: plan.diagnostics };
}

// ---- textBased (ES|QL) ---------------------------------------------------------------

const columnId = (i: number): string => `esql_${i}`;

/**
 * The Lens textBased layer of a persisted data view: `index` is the data view id and the
 * reference is `indexpattern-datasource-layer-<layerId>`, as Lens's textBased datasource
 * persists it (getPersistableState); columns name the ES|QL output columns (fieldName), with
 * meta.type, as LensConfigBuilder writes them for 8.19 and 9.2.
 */
export function textBasedLens(panel: ChartPanel, out: EsqlOutput, dataViewId: string): LensAttributes {
  let esql = out.esql;
  const columns = out.columns.map((c, i) => ({ columnId: columnId(i), fieldName: c.name, meta: { type: c.type } }));
  const byRole = (role: string): string[] => out.columns.flatMap((c, i) => (c.role === role ? [columnId(i)] : []));
  const roles: Roles = {
    ...(byRole('x')[0] ? { x: byRole('x')[0] } : {}),
    ...(byRole('breakdown')[0] ? { breakdown: byRole('breakdown')[0] } : {}),
    groups: byRole('group'),
    metrics: byRole('metric'),
  };
  const plan = planVisualization(panel, { layerId: LAYER_ID, roles, sort: [], label: (id) => columns.find((c) => c.columnId === id)?.fieldName ?? id });
  // Constants (a gauge's range) become columns of the query: an EVAL after the last stage.
  if (plan.constants.length) {
    const taken = new Set(out.columns.map((c) => c.name));
    const evals = plan.constants.map((c) => {
      let name = `polydash_${c.id}`;
      while (taken.has(name)) name = `_${name}`;
      columns.push({ columnId: c.id, fieldName: name, meta: { type: 'number' } });
      return `${esqlIdentifier(name)} = ${esqlNumber(c.value)}`;
    });
    esql = `${esql}\n| EVAL ${evals.join(', ')}`;
  }
  const used = columns.filter((c) => plan.used.includes(c.columnId));
  const diagnostics = [...plan.diagnostics];
  if (plan.valueFormat) {
    diagnostics.push({ code: 'kibana.number-format', severity: 'info', message: 'ES|QL panels show numbers in Kibana\'s default format: the decimals and unit are not applied' });
  }
  const datasourceStates = { textBased: { layers: { [LAYER_ID]: { index: dataViewId, query: { esql }, columns: used, allColumns: columns } } } };
  // The top-level query stays an empty KQL query, as LensConfigBuilder writes it: the ES|QL
  // query lives in the layer.
  return { attributes: attributes(panel, plan, dataViewId, datasourceStates, { language: 'kuery', query: '' }), diagnostics };
}
