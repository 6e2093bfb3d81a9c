// Dashboard variables as Grafana template variables. Fixed lists are custom variables; query
// values are Loki `label_values(<selector>, <label>)` or Elasticsearch `terms` queries. Each
// variable also learns how the printers place it: `${v:regex}` in LogQL, `${v:lucene}` in
// Lucene, and the values either format cannot carry.

import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { dashboard } from './sdk.vendor.js';
import type { DashboardDef, VariableDef } from '../../model/types.js';
import { compileQuery } from '../../query/compile.js';
import { UnsupportedConstruct } from '../../query/fidelity.js';
import { nativeFieldName } from '../../query/mapping.js';
import type { Query } from '../../query/nodes.js';
import type { GrafanaElasticOutput, LokiOutput } from '../../query/outputs.js';
import { logqlLabel } from '../../query/printers/logql-escape.js';
import { checkFieldText, GRAFANA_VARIABLE, LUCENE_VARIABLE_VALUE_REGEX, luceneVariableValueProblem } from '../../query/printers/lucene-escape.js';
import { variableRefs } from '../../query/tree.js';
import { type DatasourceKind, datasourceKind, datasourceRef } from './datasources.js';
import { splitSelector } from './loki.js';

export interface VariablePlan {
  readonly builder: cog.Builder<dashboard.VariableModel>;
  /** The datasource a query variable reads its values from. */
  readonly datasource?: DatasourceKind;
  /** Per datasource kind, why a fixed value cannot be placed in its queries. */
  readonly unplaceable: Partial<Record<DatasourceKind, string>>;
  /** What the viewer's list of values lacks, said on every panel that uses the variable. */
  readonly listNote?: { readonly severity: 'approximate' | 'info'; readonly message: string };
}

const ALL = { text: 'All', value: '$__all' };
/** All as "has a value": LogQL regexes are anchored by Loki, Lucene `field:*` is an exists test. */
const ALL_VALUE: Readonly<Record<DatasourceKind, string>> = { loki: '.+', elasticsearch: '*' };
/** `${v:regex}` sits inside a LogQL backtick string, which a backtick would end. */
const NO_BACKTICK = '(?![\\s\\S]*`)';

/** Which datasource kinds place each variable: panel queries and other variables' queries. */
export function variableUses(d: DashboardDef): Map<string, Set<DatasourceKind>> {
  const uses = new Map<string, Set<DatasourceKind>>();
  const queries: Query[] = [
    ...d.panels.flatMap((p) => ('query' in p && p.query.kind === 'query' ? [p.query] : [])),
    ...d.variables.flatMap((v) => (v.query ? [v.query] : [])),
  ];
  for (const q of queries) {
    const kind = datasourceKind(q.source);
    if (!kind) continue;
    for (const ref of variableRefs(q)) uses.set(ref.name, new Set([...(uses.get(ref.name) ?? []), kind]));
  }
  return uses;
}

/** Grafana's Regex option keeping only values the formats of `kinds` can place. */
function valueRegex(kinds: ReadonlySet<DatasourceKind>): string | undefined {
  const lucene = kinds.has('elasticsearch');
  if (!kinds.has('loki')) return lucene ? LUCENE_VARIABLE_VALUE_REGEX : undefined;
  if (!lucene) return '/^[^`]*$/';
  if (!LUCENE_VARIABLE_VALUE_REGEX.startsWith('/^')) throw new Error('polydash bug: LUCENE_VARIABLE_VALUE_REGEX is no longer anchored at its start');
  return `/^${NO_BACKTICK}${LUCENE_VARIABLE_VALUE_REGEX.slice(2)}`;
}

/**
 * Why Grafana's custom-variable list (comma-separated, `\,` for a comma, `text : value`
 * pairs, trimmed, variables interpolated) cannot carry `value`.
 */
function customListProblem(value: string): string | undefined {
  if (value.trim() === '' || value.trim() !== value) return 'Grafana trims the values of a custom variable and drops empty ones';
  if (/\s:\s/.test(value)) return 'Grafana reads " : " in a custom variable value as a "text : value" pair';
  if (value.endsWith('\\')) return 'a trailing backslash would escape the comma after it in the custom variable list';
  if (new RegExp(GRAFANA_VARIABLE.source).test(value)) return 'Grafana substitutes $name, ${name} and [[name]] inside the custom variable list';
  return undefined;
}

function current(v: VariableDef): dashboard.VariableOption | undefined {
  if (v.default === undefined) return undefined;
  const chosen = v.default === '*' && v.includeAll ? ALL : { text: v.default, value: v.default };
  return v.multi ? { selected: true, text: [chosen.text], value: [chosen.value] } : { selected: true, ...chosen };
}

/** The options Grafana computes from a custom variable's list, written out as Grafana exports them. */
function customOptions(v: VariableDef, values: readonly string[]): dashboard.VariableOption[] {
  const all = v.includeAll ? [{ selected: v.default === '*', ...ALL }] : [];
  return [...all, ...values.map((x) => ({ selected: x === v.default, text: x, value: x }))];
}

function common<B extends dashboard.CustomVariableBuilder | dashboard.QueryVariableBuilder>(b: B, v: VariableDef, kinds: ReadonlySet<DatasourceKind>): B {
  b.label(v.label).multi(v.multi).includeAll(v.includeAll).allowCustomValue(false);
  const chosen = current(v);
  if (chosen) b.current(chosen);
  // one kind: All is "has a value" in its format; several: All lists every option, which both formats place
  if (v.includeAll && kinds.size === 1) b.allValue(ALL_VALUE[[...kinds][0]!]);
  return b;
}

function customVariable(v: VariableDef, values: readonly string[], kinds: ReadonlySet<DatasourceKind>): dashboard.CustomVariableBuilder {
  const query = values.map((x) => x.replace(/,/g, '\\,')).join(',');
  return common(new dashboard.CustomVariableBuilder(v.name).values(query).options(customOptions(v, values)), v, kinds);
}

/** Per datasource kind, the first value its format cannot place (or a custom list cannot carry), and why. */
function unplaceableValues(v: VariableDef, values: readonly string[], customList: boolean): Partial<Record<DatasourceKind, string>> {
  const unplaceable: Partial<Record<DatasourceKind, string>> = {};
  const say = (value: string, why: string): string => `variable $${v.name}: the value ${JSON.stringify(value)} cannot be used in Grafana: ${why}`;
  for (const value of values) {
    const listProblem = customList ? customListProblem(value) : undefined;
    if (listProblem) {
      unplaceable.loki ??= say(value, listProblem);
      unplaceable.elasticsearch ??= say(value, listProblem);
    }
    if (value.includes('`')) unplaceable.loki ??= say(value, 'LogQL places a variable inside a backtick string, which a backtick would end');
    const lucene = luceneVariableValueProblem(value);
    if (lucene) unplaceable.elasticsearch ??= say(value, lucene);
  }
  return unplaceable;
}

function fixedPlan(v: VariableDef, kinds: ReadonlySet<DatasourceKind>): VariablePlan {
  return { builder: customVariable(v, v.values!, kinds), unplaceable: unplaceableValues(v, v.values!, true) };
}

/** A variable Grafana cannot populate: it offers its default (and All) only. */
function fallbackPlan(v: VariableDef, kinds: ReadonlySet<DatasourceKind>, why: string): VariablePlan {
  const values = v.default === '*' || v.default === undefined ? [] : [v.default];
  return {
    builder: customVariable(v, values, kinds),
    unplaceable: unplaceableValues(v, values, true),
    listNote: { severity: 'approximate', message: `variable $${v.name} offers only ${values.length ? `its default ${JSON.stringify(v.default)}` : 'All'}${v.includeAll && values.length ? ' and All' : ''}: ${why}` },
  };
}

/** A query variable refreshed with the time range, its values filtered by what the formats can place. */
function queryPlan(v: VariableDef, kinds: ReadonlySet<DatasourceKind>, datasource: DatasourceKind, query: string): VariablePlan {
  const builder = common(new dashboard.QueryVariableBuilder(v.name), v, kinds)
    .datasource(datasourceRef(datasource))
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
  const regex = valueRegex(kinds);
  if (regex) builder.regex(regex);
  // the Regex option filters the listed values, not the default
  const defaults = v.default === undefined || v.default === '*' ? [] : [v.default];
  return { builder, datasource, unplaceable: unplaceableValues(v, defaults, false) };
}

function lokiPlan(v: VariableDef, q: Query, kinds: ReadonlySet<DatasourceKind>): VariablePlan {
  const field = v.field!;
  const native = nativeFieldName(q.source, field, 'loki');
  const labels = new Set([...Object.keys(q.source.loki?.selector ?? {}), ...(q.source.loki?.labels ?? [])]);
  if (native === undefined || !labels.has(native)) {
    return fallbackPlan(v, kinds, `Loki lists the values of stream labels only, and field "${field}" is ${native === undefined ? 'not mapped to Loki' : `not a stream label of source "${q.source.id}"`}`);
  }
  const compiled = compileQuery(q, 'loki');
  const output = compiled.output as LokiOutput | undefined;
  const parts = output && splitSelector(output.targets[0]!.expr);
  if (!parts) return fallbackPlan(v, kinds, compiled.diagnostics.map((d) => d.message).join('; ') || 'the query has no stream selector');
  let label: string;
  try {
    label = logqlLabel(native, `field ${field}`);
  } catch (e) {
    if (e instanceof UnsupportedConstruct) return fallbackPlan(v, kinds, e.message);
    throw e;
  }
  const plan = queryPlan(v, kinds, 'loki', `label_values(${parts.selector}, ${label})`);
  if (!parts.rest) return plan;
  const message = `variable $${v.name} lists the ${label} values of every stream its selector matches: Loki lists label values by stream selector, without the query's line and label filters`;
  return { ...plan, listNote: { severity: 'info', message } };
}

function elasticPlan(v: VariableDef, q: Query, kinds: ReadonlySet<DatasourceKind>): VariablePlan {
  const field = v.field!;
  const native = nativeFieldName(q.source, field, 'elastic');
  if (native === undefined) return fallbackPlan(v, kinds, `field "${field}" is not mapped to Elasticsearch in source "${q.source.id}"`);
  try {
    checkFieldText(native, `field name ${JSON.stringify(native)}`);
  } catch (e) {
    if (e instanceof UnsupportedConstruct) return fallbackPlan(v, kinds, e.message);
    throw e;
  }
  const compiled = compileQuery(q, 'grafana-elasticsearch');
  const output = compiled.output as GrafanaElasticOutput | undefined;
  if (!output) return fallbackPlan(v, kinds, compiled.diagnostics.map((d) => d.message).join('; '));
  // Grafana parses this JSON first, then interpolates `field` and `query` with the lucene format
  return queryPlan(v, kinds, 'elasticsearch', JSON.stringify({ find: 'terms', field: native, query: output.query }));
}

export function variablePlan(v: VariableDef, uses: ReadonlyMap<string, ReadonlySet<DatasourceKind>>): VariablePlan {
  const kinds = uses.get(v.name) ?? new Set<DatasourceKind>();
  if (v.values) return fixedPlan(v, kinds);
  const q = v.query!;
  switch (datasourceKind(q.source)) {
    case 'loki':
      return lokiPlan(v, q, kinds);
    case 'elasticsearch':
      return elasticPlan(v, q, kinds);
    default:
      return fallbackPlan(v, kinds, `source "${q.source.id}" has no loki or elastic binding`);
  }
}
