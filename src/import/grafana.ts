// Grafana dashboard JSON (classic model, any schemaVersion) into the import model. Loki
// targets are read as LogQL (logql-query.ts), Elasticsearch targets as Lucene plus metrics and
// bucket aggregations; Prometheus and other datasources have no polydash source, so their
// panels are reported lost with their queries kept in the text that replaces them.

import { arrange, autoSpan, cleanRanges, colorFor, durationText, relativeSeconds, timeSeconds } from './common.js';
import { acceptsRawPromql } from './capabilities.js';
import { recogniseLucene } from './kql-query.js';
import { equalityMatchers, LogqlSyntax, NotRecognised, parseLogql, recogniseLogql, type LogqlExpr } from './logql-query.js';
import type { ColorRangeInput, Cond, ImportedDashboard, ImportedFile, ImportedPanel, ImportedQuery, ImportedVariable, MeasureStep, PanelOptions, QuerySteps, RecognisedQuery, SourceBinding } from './model.js';
import { uidFor } from './names.js';
import { UserError } from '../errors.js';
import type { PanelType } from '../model/types.js';

type Json = Record<string, unknown>;

const KINDS: Record<string, PanelType> = {
  stat: 'singleValue',
  singlestat: 'singleValue',
  gauge: 'gauge',
  bargauge: 'gauge',
  timeseries: 'timeSeries',
  graph: 'timeSeries',
  barchart: 'bar',
  piechart: 'pie',
  'grafana-piechart-panel': 'pie',
  table: 'table',
  'table-old': 'table',
  logs: 'events',
  text: 'text',
};

type DatasourceKind = 'loki' | 'elasticsearch' | 'prometheus' | string;

interface Context {
  readonly variables: ReadonlySet<string>;
  readonly datasourceVariables: ReadonlyMap<string, string>;
  readonly inputs: ReadonlyMap<string, string>;
  readonly selector: Readonly<Record<string, string>>;
  readonly rangeSeconds: number;
}

function asArray(v: unknown): Json[] {
  return Array.isArray(v) ? (v as Json[]) : [];
}

/** The datasource plugin type of a panel or target: from the object, a variable, an import input or a name. */
function datasourceKind(ds: unknown, ctx: Context, fallback?: DatasourceKind): DatasourceKind | undefined {
  if (ds && typeof ds === 'object') {
    const o = ds as Json;
    if (typeof o.type === 'string' && o.type !== 'datasource') return o.type;
    if (typeof o.uid === 'string') return datasourceKind(o.uid, ctx, fallback);
    return fallback;
  }
  if (typeof ds !== 'string') return fallback;
  const v = /^\$\{?([A-Za-z0-9_]+)\}?$/.exec(ds)?.[1];
  if (v) return ctx.datasourceVariables.get(v) ?? ctx.inputs.get(v) ?? fallback;
  const lower = ds.toLowerCase();
  for (const k of ['loki', 'elasticsearch', 'prometheus']) if (lower.includes(k)) return k;
  return fallback;
}

function thresholdRanges(th: unknown): { ranges?: ColorRangeInput[]; lost?: string } {
  const steps = asArray((th as Json | undefined)?.steps);
  if (steps.length === 0 || (th as Json).mode === 'percentage') return (th as Json | undefined)?.mode === 'percentage' ? { lost: 'percentage thresholds' } : {};
  const out: ColorRangeInput[] = [];
  for (const [i, s] of steps.entries()) {
    // a base step in the text colour (or transparent) colours nothing below the first threshold
    if (i === 0 && (s.color === 'text' || s.color === 'transparent') && steps.length > 1) continue;
    const color = colorFor(s.color);
    if (!color) return { lost: `threshold colour ${JSON.stringify(s.color)}` };
    const from = i === 0 || typeof s.value !== 'number' ? undefined : s.value;
    const next = steps[i + 1]?.value;
    out.push({ ...(from !== undefined ? { from } : {}), ...(typeof next === 'number' ? { to: next } : {}), color });
  }
  // a single base step colours every value the same: that is no range at all
  if (out.length === 1) return {};
  return cleanRanges(out);
}

function panelOptions(p: Json, kind: PanelType, lost: string[]): PanelOptions {
  const defaults = ((p.fieldConfig as Json | undefined)?.defaults ?? {}) as Json;
  const custom = (defaults.custom ?? {}) as Json;
  const options = (p.options ?? {}) as Json;
  const legend = (options.legend ?? {}) as Json;
  const out: Record<string, unknown> = {};
  if (legend.showLegend === false || legend.displayMode === 'hidden') out.legend = false;
  if (kind === 'timeSeries') {
    const stacking = ((custom.stacking ?? {}) as Json).mode;
    out.style = stacking === 'normal' || stacking === 'percent' ? 'stacked' : Number(custom.fillOpacity ?? 0) > 0 ? 'area' : 'line';
    if (custom.drawStyle === 'bars' || p.bars === true) lost.push('drawn as bars over time: polydash draws time series as lines or areas');
  }
  if (kind === 'bar') {
    out.orientation = options.orientation === 'horizontal' ? 'bar' : 'column';
    if (options.stacking === 'normal') out.stacked = true;
  }
  if (kind === 'pie') out.donut = options.pieType === 'donut';
  if (kind === 'singleValue' || kind === 'gauge') {
    const { ranges, lost: why } = thresholdRanges(defaults.thresholds);
    if (ranges) out.ranges = ranges;
    if (why) lost.push(`colour thresholds (${why})`);
    if (typeof defaults.unit === 'string' && defaults.unit && defaults.unit.length <= 32) out.unit = defaults.unit;
    if (typeof defaults.decimals === 'number' && kind === 'singleValue') out.decimals = Math.min(10, Math.max(0, Math.round(defaults.decimals)));
    if (kind === 'gauge') {
      out.min = typeof defaults.min === 'number' ? defaults.min : 0;
      out.max = typeof defaults.max === 'number' && defaults.max > (out.min as number) ? defaults.max : 100;
    }
  }
  return out as PanelOptions;
}

/** Targets that run (hidden ones do not). */
function activeTargets(p: Json): Json[] {
  return asArray(p.targets).filter((t) => t.hide !== true);
}

function lokiSteps(e: LogqlExpr, panelKind: PanelType, queryType: string, step: string | undefined, ctx: Context): { steps: QuerySteps; approximations: string[]; labels: readonly string[]; parser?: 'json' | 'logfmt' } {
  const r = recogniseLogql(e, ctx.selector, ctx.variables);
  const approximations: string[] = [];
  let timeslice: string | undefined;
  if (r.measures.length) {
    const range = r.range!;
    if (range === '$__range') {
      if (panelKind === 'timeSeries') throw new NotRecognised('a time series over [$__range] has one point per step, each counting the whole range before it');
    } else if (queryType === 'instant') {
      throw new NotRecognised(`an instant count over [${range}] counts only the last ${range.startsWith('$') ? 'interval' : range}, not the dashboard's time range`);
    } else if (/^\$__(interval|auto|rate_interval)$/.test(range)) {
      timeslice = autoSpan(ctx.rangeSeconds);
      approximations.push(`${range} is chosen by Grafana from the time range and panel width; polydash uses a fixed ${timeslice} (about 50 buckets over the dashboard's default range)`);
    } else {
      const seconds = relativeSeconds(range);
      if (seconds === undefined || !durationText(seconds)) throw new NotRecognised(`the range [${range}]`);
      timeslice = durationText(seconds)!;
      if (step === undefined || relativeSeconds(step) !== seconds) approximations.push(`Grafana evaluated count_over_time([${range}]) every ${step ? step : 'automatic step'}; polydash takes one ${range} bucket per step`);
    }
    if (timeslice && r.limit !== undefined) throw new NotRecognised('topk over time is evaluated at every step');
  }
  const natives = r.by.flatMap((f) => ('native' in f ? [f.native] : []));
  const labels = r.parser ? r.labels : [...r.labels, ...natives];
  const by = r.by;
  const measures: MeasureStep[] = [...r.measures];
  return {
    steps: {
      filters: r.filters,
      extracts: r.extracts,
      ...(timeslice ? { timeslice } : {}),
      measures,
      by,
      sort: r.sortDesc ? [{ key: 'count', dir: 'desc' }] : [],
      ...(r.limit !== undefined ? { limit: r.limit } : {}),
    },
    approximations,
    labels,
    ...(r.parser ? { parser: r.parser } : {}),
  };
}

function lokiQuery(t: Json, panelKind: PanelType, ctx: Context): ImportedQuery {
  const expr = String(t.expr ?? '');
  const queryType = String(t.queryType ?? (t.instant === true ? 'instant' : 'range'));
  const step = typeof t.step === 'string' && t.step ? t.step : typeof t.interval === 'string' && t.interval ? t.interval : undefined;
  try {
    const e = parseLogql(expr);
    if (Object.keys(ctx.selector).length === 0) throw new NotRecognised('no stream label is selected with = in every query of the dashboard, which a polydash Loki source needs');
    const { steps, approximations, parser } = lokiSteps(e, panelKind, queryType, step, ctx);
    const source: SourceBinding = { product: 'loki', selector: ctx.selector, ...(parser ? { parser } : {}) };
    return { kind: 'recognised', source, steps, approximations, original: expr, rawKey: 'logql' };
  } catch (err) {
    if (err instanceof NotRecognised || err instanceof LogqlSyntax) return { kind: 'raw', key: 'logql', text: expr, why: err.message };
    throw err;
  }
}

function elasticQuery(t: Json, p: Json, panelKind: PanelType, ctx: Context): ImportedQuery {
  const lucene = String(t.query ?? '') || '*';
  const metrics = asArray(t.metrics).filter((m) => m.hide !== true);
  const buckets = asArray(t.bucketAggs);
  const text = JSON.stringify({ query: lucene, metrics, bucketAggs: buckets });
  const dsName = typeof p.datasource === 'string' ? p.datasource : String(((t.datasource ?? p.datasource) as Json | undefined)?.uid ?? 'elasticsearch');
  const source: SourceBinding = {
    product: 'elastic',
    dataView: dsName.replace(/^\$\{?|\}$/g, '') || 'elasticsearch',
    timeField: String(t.timeField ?? '@timestamp'),
    grafana: true,
    note: 'the index pattern is set in the Grafana datasource, not in the dashboard: write it here',
  };
  const rawEvents = metrics.some((m) => m.type === 'raw_document' || m.type === 'raw_data' || m.type === 'logs');
  const fail = (why: string): ImportedQuery => (rawEvents ? { kind: 'raw', key: 'lucene', text: lucene, why } : { kind: 'lost', text, why: `${why}; polydash keeps Elasticsearch queries raw only for event lists` });
  const filter = recogniseLucene(lucene);
  if (!filter.ok) return fail(filter.why);
  const filters: Cond[] = filter.conds;
  if (rawEvents) {
    if (panelKind !== 'events' && panelKind !== 'table') return fail('raw documents in a chart');
    return { kind: 'recognised', source, steps: { filters, extracts: [], measures: [], by: [], sort: [] }, approximations: [], original: lucene, rawKey: 'lucene' };
  }
  const measures: MeasureStep[] = [];
  const fns: Record<string, MeasureStep['fn']> = { count: 'count', cardinality: 'countDistinct', avg: 'avg', sum: 'sum', min: 'min', max: 'max' };
  for (const m of metrics) {
    const fn = fns[String(m.type)];
    if (!fn) return fail(`the ${String(m.type)} metric has no neutral measure`);
    if (fn !== 'count' && typeof m.field !== 'string') return fail(`${String(m.type)} without a field`);
    measures.push({ fn, ...(fn === 'count' ? {} : { field: { native: String(m.field) } }), as: fn === 'count' ? 'count' : `${fn === 'countDistinct' ? 'distinct' : fn}_${String(m.field).replace(/[^A-Za-z0-9]+/g, '_')}`.slice(0, 31).replace(/_+$/, '') });
  }
  const by: { native: string }[] = [];
  let timeslice: string | undefined;
  const approximations: string[] = [];
  let limit: number | undefined;
  for (const b of buckets) {
    const settings = (b.settings ?? {}) as Json;
    if (b.type === 'date_histogram') {
      const interval = String(settings.interval ?? 'auto');
      const seconds = relativeSeconds(interval);
      if (seconds !== undefined) timeslice = durationText(seconds);
      else {
        timeslice = autoSpan(ctx.rangeSeconds);
        approximations.push(`the ${interval} interval is chosen by Grafana; polydash uses a fixed ${timeslice}`);
      }
    } else if (b.type === 'terms') {
      if (typeof b.field !== 'string') return fail('terms without a field');
      if (by.length) return fail('nested terms aggregations keep the top values per parent bucket');
      by.push({ native: b.field });
      const size = Number(settings.size ?? 10);
      if (size > 0) limit = size;
      if (settings.orderBy !== undefined && settings.orderBy !== '_count') return fail(`terms ordered by ${String(settings.orderBy)}`);
      if (settings.order === 'asc') return fail('terms ordered by the lowest count');
    } else return fail(`the ${String(b.type)} bucket aggregation has no neutral equivalent`);
  }
  if (timeslice && limit !== undefined) {
    approximations.push(`the top ${limit} terms are chosen over the whole time range; polydash limits rows`);
  }
  const steps: QuerySteps = {
    filters,
    extracts: [],
    ...(timeslice ? { timeslice } : {}),
    measures,
    by,
    sort: limit !== undefined && !timeslice ? [{ key: measures[0]?.as ?? 'count', dir: 'desc' }] : [],
    ...(limit !== undefined && !timeslice ? { limit } : {}),
  };
  return { kind: 'recognised', source, steps, approximations, original: lucene };
}

/** The values a variable offered when it was exported (its options, else its current selection). */
function exportedValues(v: Json): string[] {
  const fromOptions = asArray(v.options).map((o) => o.value).filter((x): x is string => typeof x === 'string');
  const current = (v.current ?? {}) as Json;
  const fromCurrent = (Array.isArray(current.value) ? current.value : [current.value]).filter((x): x is string => typeof x === 'string');
  return [...new Set([...fromOptions, ...fromCurrent])].filter((x) => x !== '$__all' && /^[^\u0000-\u001f"{}$|,\\*]{1,256}$/.test(x));
}

/** The value a variable had when the dashboard was exported, for raw queries that use it. */
export function exportedValue(v: Json): string | undefined {
  const current = (v.current ?? {}) as Json;
  const value = Array.isArray(current.value) ? current.value[0] : current.value;
  // All, in the regex matchers variables usually stand in (label=~"$var")
  if (value === '$__all' && v.includeAll === true) return typeof v.allValue === 'string' && v.allValue ? v.allValue : '.*';
  if (typeof value === 'string' && value !== '$__all') return value;
  return typeof v.query === 'string' && v.type === 'textbox' ? v.query : undefined;
}

function variableOf(v: Json, ctx: { selector: Readonly<Record<string, string>> }, lost: string[]): ImportedVariable | undefined {
  const name = String(v.name ?? '');
  const type = String(v.type ?? '');
  const label = typeof v.label === 'string' && v.label ? v.label : name;
  const multi = v.multi === true;
  const includeAll = v.includeAll === true;
  const current = (v.current ?? {}) as Json;
  const cur = Array.isArray(current.value) ? current.value[0] : current.value;
  const isAll = cur === '$__all' || (Array.isArray(current.text) ? current.text[0] === 'All' : current.text === 'All');
  const common = { name, label: label.slice(0, 64), multi, includeAll, lost: [] as string[] };
  if (type === 'custom') {
    const values = String(v.query ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    if (!values.length) return undefined;
    const def = isAll && includeAll ? '*' : typeof cur === 'string' && values.includes(cur) ? cur : includeAll ? '*' : values[0];
    return { ...common, values, ...(def ? { default: def } : {}) };
  }
  if (type === 'query') {
    const dsType = datasourceKind(v.datasource, { variables: new Set(), datasourceVariables: new Map(), inputs: new Map(), selector: {}, rangeSeconds: 0 }, 'loki');
    if (dsType !== 'loki') {
      lost.push(`variable ${name}: its values come from a ${dsType} query`);
      return undefined;
    }
    const q = v.query;
    let label2: string | undefined;
    let selectorText = '';
    if (typeof q === 'string') {
      const m = /^label_values\((?:(\{.*\})\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(q.trim());
      if (m) {
        label2 = m[2];
        selectorText = m[1] ?? '';
      }
    } else if (q && typeof q === 'object' && (q as Json).type === 1) {
      label2 = String((q as Json).label ?? '');
      selectorText = String((q as Json).stream ?? '');
    }
    if (!label2) {
      lost.push(`variable ${name}: its query ${JSON.stringify(q)} is not label_values(...)`);
      return undefined;
    }
    let filters: Cond[] = [];
    if (selectorText) {
      try {
        const parsed = parseLogql(selectorText);
        const eq = equalityMatchers(parsed);
        if (Object.keys(ctx.selector).some((k) => eq[k] !== ctx.selector[k])) throw new NotRecognised('another selector');
        filters = recogniseLogql(parsed, ctx.selector, new Set()).filters as Cond[];
      } catch {
        lost.push(`variable ${name}: the selector of its values query (${selectorText})`);
      }
    }
    if (Object.keys(ctx.selector).length === 0) {
      const values = exportedValues(v);
      if (!values.length) {
        lost.push(`variable ${name}: no Loki source to list its values from`);
        return undefined;
      }
      const def = includeAll ? '*' : typeof cur === 'string' && values.includes(cur) ? cur : values[0]!;
      return { ...common, values, default: def, lost: [`its values query (no stream label is selected in every query, so there is no Loki source to list them from); the values offered when it was exported are listed`] };
    }
    return { ...common, from: { source: { product: 'loki', selector: ctx.selector }, field: { native: label2 }, ...(filters.length ? { filters } : {}) }, ...(includeAll ? { default: '*' } : typeof cur === 'string' && cur && !cur.includes('$') ? { default: cur } : {}) };
  }
  lost.push(`variable ${name} (${type}): polydash variables list values; ${type === 'textbox' ? 'free text' : type} variables have no equivalent`);
  return undefined;
}

/** Equality matchers every Loki query of the dashboard selects: the dashboard's Loki source. */
function commonSelector(exprs: readonly LogqlExpr[]): Record<string, string> {
  if (exprs.length === 0) return {};
  const sets = exprs.map(equalityMatchers);
  return Object.fromEntries(Object.entries(sets[0]!).filter(([k, v]) => sets.every((s) => s[k] === v)));
}

function flattenPanels(panels: Json[]): Json[] {
  return panels.flatMap((p) => [p, ...(p.type === 'row' ? flattenPanels(asArray(p.panels)) : [])]);
}

/** Reads one Grafana dashboard model (or the `{ dashboard, meta }` the API returns). */
export function readGrafana(input: Json): ImportedFile {
  const d = (input.dashboard && typeof input.dashboard === 'object' ? input.dashboard : input) as Json;
  if (typeof d !== 'object' || d === null || Array.isArray(d) || (!Array.isArray(d.panels) && !Array.isArray(d.rows))) throw new UserError('a Grafana dashboard is a JSON object with panels');
  const lost: string[] = [];
  const title = typeof d.title === 'string' && d.title.trim() ? d.title : 'Imported Grafana dashboard';
  const timeFrom = String((d.time as Json | undefined)?.from ?? 'now-6h');
  const timeTo = String((d.time as Json | undefined)?.to ?? 'now');
  let time: ImportedDashboard['time'];
  const rel = relativeSeconds(timeFrom);
  if (timeTo === 'now' && rel !== undefined) time = { last: durationText(rel)! };
  else if (!Number.isNaN(Date.parse(timeFrom)) && !Number.isNaN(Date.parse(timeTo))) time = { from: new Date(timeFrom).toISOString(), to: new Date(timeTo).toISOString() };
  else {
    time = { last: '24h' };
    lost.push(`time range ${timeFrom} to ${timeTo} (last 24 hours is used)`);
  }
  let refresh: string | undefined;
  if (typeof d.refresh === 'string' && d.refresh && d.refresh !== 'auto') {
    const seconds = relativeSeconds(d.refresh);
    const allowed = ['30s', '1m', '2m', '5m', '15m', '30m', '1h', '2h', '1d'];
    const durationName = seconds !== undefined ? durationText(seconds) : undefined;
    if (durationName && allowed.includes(durationName)) refresh = durationName;
    else if (seconds !== undefined) {
      refresh = allowed.find((a) => relativeSeconds(a)! >= seconds) ?? '1d';
      lost.push(`refresh every ${d.refresh} (polydash refreshes at most every 30s; ${refresh} is used)`);
    }
  }

  const templating = asArray((d.templating as Json | undefined)?.list);
  const datasourceVariables = new Map<string, string>(templating.filter((v) => v.type === 'datasource').map((v) => [String(v.name), String(v.query)]));
  const inputs = new Map<string, string>(asArray(d.__inputs).map((i) => [String(i.name), String(i.pluginId ?? i.type)]));
  for (const v of templating) if (v.type === 'datasource') lost.push(`datasource variable ${String(v.name)} (polydash adds its own)`);

  const flat = flattenPanels(asArray(d.panels));
  // the Loki selector shared by every Loki query of the dashboard
  const baseCtx: Context = { variables: new Set(), datasourceVariables, inputs, selector: {}, rangeSeconds: timeSeconds(time) };
  const lokiExprs: LogqlExpr[] = [];
  for (const p of flat) {
    for (const t of activeTargets(p)) {
      if (datasourceKind(t.datasource ?? p.datasource, baseCtx, typeof t.expr === 'string' ? 'prometheus' : undefined) !== 'loki') continue;
      try {
        lokiExprs.push(parseLogql(String(t.expr ?? '')));
      } catch {
        // kept raw later
      }
    }
  }
  const selector = commonSelector(lokiExprs);
  const variables = templating.flatMap((v) => (v.type === 'datasource' ? [] : (variableOf(v, { selector }, lost) ?? [])));
  const dropped = templating
    .filter((v) => !variables.some((x) => x.name === v.name))
    .map((v) => ({ name: String(v.name), ...(exportedValue(v) !== undefined ? { value: exportedValue(v)! } : {}) }));
  const ctx: Context = { ...baseCtx, selector, variables: new Set(variables.map((v) => v.name)) };

  const panels: ImportedPanel[] = flat.map((p) => readPanel(p, ctx));
  return {
    product: 'grafana',
    notes: [],
    dashboards: [
      {
        product: 'grafana',
        format: `Grafana dashboard JSON (schemaVersion ${String(d.schemaVersion ?? '?')})`,
        uid: uidFor(typeof d.uid === 'string' ? d.uid : undefined, title),
        title,
        ...(typeof d.description === 'string' && d.description ? { description: d.description } : {}),
        tags: asArray(d.tags as unknown).map(String).filter((t) => /^[^\u0000-\u001f"]{1,64}$/.test(t)).slice(0, 32),
        time,
        ...(refresh ? { refresh } : {}),
        variables,
        panels: arrange(panels),
        lost,
        dropped,
      },
    ],
  };
}

/**
 * Grafana transformations that finish a query: "Sort by" a group label or the time (one per key,
 * least significant first) and "Limit" become the query's order and limit; the rest are lost.
 */
function withTransformations(q: RecognisedQuery, transformations: readonly Json[], lost: string[]): RecognisedQuery {
  const sort: QuerySteps['sort'][number][] = [];
  let limit: number | undefined;
  const other: string[] = [];
  for (const t of transformations) {
    const options = (t.options ?? {}) as Json;
    const key = asArray(options.sort)[0];
    const field = typeof key?.field === 'string' ? key.field : undefined;
    const group = q.steps.by.find((f) => ('native' in f ? f.native : f.extracted) === field);
    if (t.id === 'sortBy' && key && group && !q.steps.sort.length) sort.unshift({ key: group, dir: key.desc === true ? 'desc' : 'asc' });
    else if (t.id === 'sortBy' && key && field === 'Time' && q.steps.timeslice && !q.steps.sort.length) sort.unshift({ key: 'timeslice', dir: key.desc === true ? 'desc' : 'asc' });
    else if (t.id === 'limit' && typeof options.limitField === 'number' && q.steps.limit === undefined) limit = options.limitField;
    else if (t.id !== 'merge') other.push(String(t.id));
  }
  if (other.length) lost.push(`transformations ${other.join(', ')}`);
  if (!sort.length && limit === undefined) return q;
  return { ...q, steps: { ...q.steps, sort: [...q.steps.sort, ...sort], ...(limit !== undefined ? { limit } : {}) } };
}

function readPanel(p: Json, ctx: Context): ImportedPanel {
  const type = String(p.type ?? 'graph');
  const gp = (p.gridPos ?? { x: 0, y: 0, w: 12, h: 8 }) as Json;
  const box = { x: Number(gp.x ?? 0), y: Number(gp.y ?? 0), w: Number(gp.w ?? 12), h: Number(gp.h ?? 8) };
  const title = typeof p.title === 'string' ? p.title.trim() : '';
  const lost: string[] = [];
  if (type === 'row') {
    return { kind: 'text', productKind: 'row', title, box, options: {}, markdown: `## ${title || 'Row'}`, lost: ['a collapsible row: shown as a heading'] };
  }
  if (type === 'text') {
    const options = (p.options ?? {}) as Json;
    const content = String(options.content ?? p.content ?? '');
    const mode = String(options.mode ?? p.mode ?? 'markdown');
    if (mode !== 'markdown') lost.push(`${mode} text is shown as markdown`);
    return { kind: 'text', productKind: 'text', title, box, options: {}, markdown: content.trim() ? content : title || ' ', lost };
  }
  let kind = KINDS[type];
  if (!kind) {
    kind = 'table';
    lost.push(`the ${type} visualisation: polydash has no equivalent, a table is the closest`);
  }
  const transformations = asArray(p.transformations);
  if (p.repeat) lost.push(`repeated per value of $${String(p.repeat)}`);
  const options = panelOptions(p, kind, lost);
  const targets = activeTargets(p);
  const named = title || `${type} panel`;
  if (targets.length === 0) return { kind: 'text', productKind: type, title: named, box, options: {}, query: { kind: 'lost', text: '', why: 'the panel has no query' }, lost };
  if (targets.length > 1) lost.push(`queries ${targets.slice(1).map((t) => t.refId ?? '?').join(', ')}: a polydash panel has one query (the first, ${String(targets[0]!.refId ?? 'A')}, is kept)`);
  const t = targets[0]!;
  const ds = datasourceKind(t.datasource ?? p.datasource, ctx, typeof t.expr === 'string' ? 'prometheus' : typeof t.query === 'string' ? 'elasticsearch' : undefined);
  let query: ImportedQuery;
  if (ds === 'loki') query = lokiQuery(t, kind, ctx);
  else if (ds === 'elasticsearch') query = elasticQuery(t, p, kind, ctx);
  else {
    const text = String(t.expr ?? t.query ?? JSON.stringify(t));
    if (ds === 'prometheus' && acceptsRawPromql() && text.trim()) query = { kind: 'raw', key: 'promql', text, why: 'a PromQL (Prometheus) query: polydash queries read logs, so it is kept as written' };
    else query = { kind: 'lost', text, why: ds === 'prometheus' ? 'a PromQL (Prometheus) query: polydash reads logs, and raw() has no promql entry' : `a ${ds ?? 'unknown'} datasource query: polydash reads Loki and Elasticsearch` };
  }
  if (query.kind === 'recognised') query = withTransformations(query, transformations, lost);
  else if (transformations.length) lost.push(`transformations ${transformations.map((t) => t.id).join(', ')}`);
  if (kind === 'events' && query.kind === 'recognised' && query.steps.measures.length) kind = 'table';
  if (query.kind === 'recognised' && !query.steps.measures.length && kind !== 'events') {
    if (kind === 'table') kind = 'events';
    else query = { kind: 'raw', key: query.rawKey ?? 'logql', text: query.original, why: `a ${type} panel of raw log lines` };
  }
  if (query.kind === 'lost') return { kind: 'text', productKind: type, title: named, box, options: {}, query, lost };
  return { kind, productKind: type, title: named, box, options, query, lost, ...(typeof p.description === 'string' && p.description ? { description: p.description } : {}) };
}
