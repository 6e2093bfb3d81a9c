// Kibana saved objects into the import model: 7.x/8.x/9.x NDJSON exports, elastic-package
// objects (JSON attributes already decoded) and Kibana 5/6 exports (`_id`/`_type`/`_source`).
// Dashboards with by-value or by-reference Lens, legacy visualisations, saved searches, markdown
// and controls; a file without a dashboard gives one dashboard per visualisation or search.

import type { PanelType } from '../model/types.js';
import { arrange, durationText, maybeJson, refreshFor, relativeSeconds, timeSeconds } from './common.js';
import { UserError } from '../errors.js';
import type { Parsed } from './detect.js';
import { recogniseKql, recogniseLucene, type FilterReading } from './kql-query.js';
import { lensAggregation, NotRecognised, visAggregation, type Aggregation, type LensColumn, type VisAgg } from './lens-query.js';
import type { Cond, ImportedDashboard, ImportedFile, ImportedPanel, ImportedQuery, ImportedVariable, PanelOptions, SourceBinding } from './model.js';
import { slugFor, uidFor } from './names.js';

type Json = Record<string, unknown>;

interface SavedObject {
  readonly type: string;
  readonly id: string;
  readonly attributes: Json;
  readonly references: readonly { readonly name: string; readonly type: string; readonly id: string }[];
}

function asArray(v: unknown): Json[] {
  return Array.isArray(v) ? (v as Json[]) : [];
}

/** Attributes with the JSON that Kibana keeps in strings parsed. */
function decode(attributes: Json): Json {
  const a: Json = { ...attributes };
  for (const k of ['panelsJSON', 'optionsJSON', 'visState', 'uiStateJSON', 'fields']) if (typeof a[k] === 'string') a[k] = maybeJson(a[k], a[k]);
  const meta = a.kibanaSavedObjectMeta as Json | undefined;
  if (meta) a.kibanaSavedObjectMeta = { ...meta, searchSourceJSON: maybeJson(meta.searchSourceJSON, {}) };
  const controls = a.controlGroupInput as Json | undefined;
  if (controls) a.controlGroupInput = { ...controls, panelsJSON: maybeJson(controls.panelsJSON, {}) };
  return a;
}

function objectsOf(doc: Parsed): { objects: SavedObject[]; notes: string[] } {
  const notes: string[] = [];
  let list: unknown[];
  if (doc.kind === 'ndjson') list = doc.value;
  else if (doc.kind === 'json') list = Array.isArray(doc.value) ? doc.value : [doc.value];
  else throw new UserError('a Kibana export is JSON or NDJSON');
  const objects: SavedObject[] = [];
  for (const raw of list) {
    const o = raw as Json;
    if (typeof o !== 'object' || o === null || 'exportedCount' in o) continue;
    if ('_source' in o) {
      objects.push({ type: String(o._type), id: String(o._id), attributes: decode(o._source as Json), references: [] });
    } else if ('attributes' in o && typeof o.type === 'string') {
      objects.push({ type: o.type, id: String(o.id ?? slugFor(String((o.attributes as Json).title ?? 'object'))), attributes: decode(o.attributes as Json), references: asArray(o.references) as unknown as SavedObject['references'] });
    } else if ('panelsJSON' in o) {
      objects.push({ type: 'dashboard', id: slugFor(String(o.title ?? 'dashboard')), attributes: decode(o), references: [] });
    } else notes.push('an object that is not a saved object was skipped');
  }
  return { objects, notes };
}

interface FileContext {
  readonly byKey: ReadonlyMap<string, SavedObject>;
  readonly byId: ReadonlyMap<string, SavedObject>;
}

/** A data view's title, from its object in the file, or its id when that is a pattern. */
function dataViewTitle(id: string, ctx: FileContext): { title: string; timeField?: string; note?: string } {
  const o = ctx.byKey.get(`index-pattern/${id}`) ?? ctx.byId.get(id);
  if (o && o.type === 'index-pattern') {
    return { title: String(o.attributes.title ?? id), ...(typeof o.attributes.timeFieldName === 'string' ? { timeField: o.attributes.timeFieldName } : {}) };
  }
  if (/[*]|^[a-z0-9._-]+$/.test(id) && !/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(id)) return { title: id };
  return { title: id, note: `the data view ${id} is not in the file: write its index pattern here` };
}

function referenced(o: SavedObject | undefined, name: string): string | undefined {
  return o?.references.find((r) => r.name === name)?.id;
}

/** Dashboard-level phrase filters: they become the source's fixed filter. */
function phraseFilters(filters: unknown): { filter: Record<string, string>; lost: string[]; other: Cond[] } {
  const filter: Record<string, string> = {};
  const lost: string[] = [];
  const other: Cond[] = [];
  for (const f of asArray(filters)) {
    const meta = (f.meta ?? {}) as Json;
    if (meta.disabled === true) continue;
    if (meta.controlledBy) {
      lost.push(`the current selection of a control (${String(meta.key)} = ${JSON.stringify((meta.params as Json | undefined)?.query ?? meta.value)})`);
      continue;
    }
    const query = f.query as Json | undefined;
    const qs = (query?.query_string ?? (f as Json).query_string) as Json | undefined;
    if (qs && (qs.query === '*' || qs.query === '')) continue;
    const key = typeof meta.key === 'string' ? meta.key : undefined;
    const value = (meta.params as Json | undefined)?.query ?? meta.value;
    if (meta.type === 'phrase' && key && typeof value === 'string' && meta.negate !== true) {
      filter[key] = value;
      continue;
    }
    if (meta.type === 'phrase' && key && typeof value === 'string') {
      other.push({ kind: 'not', arg: { kind: 'compare', field: { native: key }, op: '=', value } });
      continue;
    }
    lost.push(`the filter ${JSON.stringify(meta.key ?? qs?.query ?? f)}`);
  }
  return { filter, lost, other };
}

function queryFilter(q: unknown): FilterReading {
  const query = (q ?? {}) as Json;
  const text = typeof query.query === 'string' ? query.query : typeof (query.query_string as Json | undefined)?.query === 'string' ? String((query.query_string as Json).query) : '';
  const language = String(query.language ?? (query.query_string ? 'lucene' : 'kuery'));
  return language === 'lucene' ? recogniseLucene(text) : recogniseKql(text);
}

function kqlOfColumnFilter(binding: Record<string, string>): (kql: string) => boolean {
  return (kql) => {
    const r = recogniseKql(kql);
    if (!r.ok) return false;
    return r.conds.every((c) => c.kind === 'compare' && 'native' in c.field && binding[c.field.native] === c.value)
      || r.conds.every((c) => (c.kind === 'exists' && 'native' in c.field) || (c.kind === 'compare' && 'native' in c.field && binding[c.field.native] === c.value));
  };
}

interface DashboardContext {
  readonly file: FileContext;
  readonly rangeSeconds: number;
  /** The dashboard's fixed phrase filters (the source's `filter`). */
  readonly filter: Record<string, string>;
  readonly extraFilters: readonly Cond[];
  readonly defaultDataView?: string;
}

function binding(dataViewId: string, ctx: DashboardContext): SourceBinding {
  const dv = dataViewTitle(dataViewId, ctx.file);
  return {
    product: 'elastic',
    dataView: dv.title,
    ...(dv.timeField ? { timeField: dv.timeField } : {}),
    ...(Object.keys(ctx.filter).length ? { filter: ctx.filter } : {}),
    ...(dv.note ? { note: dv.note } : {}),
  };
}

function recognised(source: SourceBinding, filters: Cond[], agg: Aggregation | undefined, original: string, rawKey?: 'kql' | 'esql'): ImportedQuery {
  return {
    kind: 'recognised',
    source,
    steps: { filters, extracts: [], ...(agg?.steps ?? { measures: [], by: [], sort: [] }) },
    approximations: agg?.approximations ?? [],
    original,
    ...(rawKey ? { rawKey } : {}),
  };
}

function lensQuery(attrs: Json, ctx: DashboardContext, lensObject: SavedObject | undefined, panelRefs: (name: string) => string | undefined): ImportedQuery {
  const state = (attrs.state ?? {}) as Json;
  const ds = (state.datasourceStates ?? {}) as Json;
  const text = (ds.textBased ?? {}) as Json;
  const textLayers = Object.values((text.layers ?? {}) as Record<string, Json>);
  const esql = textLayers.map((l) => String(((l.query ?? {}) as Json).esql ?? '')).find(Boolean) ?? String(((state.query ?? {}) as Json).esql ?? '');
  if (esql) return { kind: 'raw', key: 'esql', text: esql, why: 'an ES|QL (textBased) panel: kept as written' };
  const form = (ds.formBased ?? ds.indexpattern ?? {}) as Json;
  const layers = Object.entries((form.layers ?? {}) as Record<string, Json>);
  const original = JSON.stringify({ query: state.query, filters: state.filters, layers: Object.fromEntries(layers) });
  const lost = (why: string): ImportedQuery => ({ kind: 'lost', text: original, why: `${why}; Lens panels can be kept raw only as ES|QL` });
  if (layers.length !== 1) return lost(layers.length ? 'a Lens chart with several layers' : 'a Lens chart without a layer');
  const [layerId, layer] = layers[0]!;
  const refName = `indexpattern-datasource-layer-${layerId}`;
  const dataViewId = String(panelRefs(refName) ?? referenced(lensObject, refName) ?? asArray(attrs.references).find((r) => r.name === refName)?.id ?? layer.indexPatternId ?? form.currentIndexPatternId ?? ctx.defaultDataView ?? '');
  if (!dataViewId) return lost('the data view of the Lens layer is unknown');
  const filter = queryFilter(state.query);
  if (!filter.ok) return lost(filter.why);
  const pf = phraseFilters(state.filters);
  if (pf.lost.length) return lost(`the panel filter ${pf.lost.join(', ')}`);
  const panelFilters: Cond[] = [...Object.entries(pf.filter).map(([k, v]): Cond => ({ kind: 'compare', field: { native: k }, op: '=', value: v })), ...pf.other];
  let agg: Aggregation;
  try {
    agg = lensAggregation((layer.columnOrder as string[]) ?? [], (layer.columns ?? {}) as Record<string, LensColumn>, ctx.rangeSeconds, kqlOfColumnFilter(ctx.filter));
  } catch (e) {
    if (e instanceof NotRecognised) return lost(e.message);
    throw e;
  }
  return recognised(binding(dataViewId, ctx), [...ctx.extraFilters, ...filter.conds, ...panelFilters], agg, original);
}

/** A saved search (events). */
function searchQuery(o: SavedObject, ctx: DashboardContext): { query: ImportedQuery; columns: string[] } {
  const meta = (o.attributes.kibanaSavedObjectMeta ?? {}) as Json;
  const ss = (meta.searchSourceJSON ?? {}) as Json;
  const indexId = String(referenced(o, String(ss.indexRefName ?? 'kibanaSavedObjectMeta.searchSourceJSON.index')) ?? ss.index ?? ctx.defaultDataView ?? '');
  const q = (ss.query ?? {}) as Json;
  const language = String(q.language ?? (q.query_string ? 'lucene' : 'kuery'));
  const text = typeof q.query === 'string' ? q.query : String(((q.query_string ?? {}) as Json).query ?? '');
  const columns = (Array.isArray(o.attributes.columns) ? (o.attributes.columns as string[]) : []).filter((c) => c !== '_source');
  if (o.attributes.isTextBasedQuery === true) return { query: { kind: 'raw', key: 'esql', text: String((q as Json).esql ?? ''), why: 'an ES|QL search: kept as written' }, columns: [] };
  const filter = queryFilter(q);
  const rawFallback: ImportedQuery = language === 'lucene'
    ? { kind: 'lost', text, why: `${filter.ok ? '' : filter.why}; polydash keeps Kibana event lists raw only as KQL`.replace(/^; /, '') }
    : { kind: 'raw', key: 'kql', text, why: filter.ok ? '' : filter.why };
  if (!indexId) return { query: { ...rawFallback, why: 'the data view of the search is unknown' } as ImportedQuery, columns };
  if (!filter.ok) return { query: rawFallback, columns };
  const pf = phraseFilters(ss.filter);
  if (pf.lost.length) return { query: { ...rawFallback, why: `the search filter ${pf.lost.join(', ')}` } as ImportedQuery, columns };
  const extra: Cond[] = [...Object.entries(pf.filter).map(([k, v]): Cond => ({ kind: 'compare', field: { native: k }, op: '=', value: v })), ...pf.other];
  return { query: recognised(binding(indexId, ctx), [...ctx.extraFilters, ...filter.conds, ...extra], undefined, text || '*', language === 'kuery' ? 'kql' : undefined), columns };
}

const VIS_KINDS: Record<string, PanelType> = {
  pie: 'pie',
  histogram: 'bar',
  horizontal_bar: 'bar',
  line: 'timeSeries',
  area: 'timeSeries',
  table: 'table',
  metric: 'singleValue',
  gauge: 'gauge',
  goal: 'gauge',
  markdown: 'text',
};

function visQuery(vis: Json, o: SavedObject | undefined, ctx: DashboardContext, kind: PanelType): { query: ImportedQuery; lost: string[] } {
  const lost: string[] = [];
  const meta = ((o?.attributes.kibanaSavedObjectMeta ?? vis.data ?? {}) as Json);
  const ss = (meta.searchSourceJSON ?? meta.searchSource ?? {}) as Json;
  const savedSearchId = (o?.attributes.savedSearchId as string | undefined) ?? referenced(o, 'search_0') ?? referenced(o, String(o?.attributes.savedSearchRefName ?? ''));
  const search = savedSearchId ? ctx.file.byId.get(savedSearchId) : undefined;
  const searchSs = ((search?.attributes.kibanaSavedObjectMeta ?? {}) as Json).searchSourceJSON as Json | undefined;
  const indexId = String(referenced(o, String(ss.indexRefName ?? 'kibanaSavedObjectMeta.searchSourceJSON.index')) ?? ss.index ?? referenced(search, 'kibanaSavedObjectMeta.searchSourceJSON.index') ?? searchSs?.index ?? ctx.defaultDataView ?? '');
  const aggs = asArray(vis.aggs) as unknown as VisAgg[];
  const text = JSON.stringify({ type: vis.type, aggs, query: ss.query ?? null, savedSearch: savedSearchId ?? null });
  const lostQuery = (why: string): { query: ImportedQuery; lost: string[] } => ({ query: { kind: 'lost', text, why: `${why}; Kibana visualisations can be kept raw only as ES|QL` }, lost });
  if (savedSearchId && !search) return lostQuery(`its saved search ${savedSearchId} is not in the file`);
  if (!indexId) return lostQuery('its data view is unknown');
  const conds: Cond[] = [];
  for (const q of [ss.query, searchSs?.query]) {
    if (!q) continue;
    const r = queryFilter(q);
    if (!r.ok) return lostQuery(r.why);
    conds.push(...r.conds);
  }
  for (const f of [ss.filter, searchSs?.filter]) {
    const pf = phraseFilters(f);
    if (pf.lost.length) return lostQuery(`the filter ${pf.lost.join(', ')}`);
    conds.push(...Object.entries(pf.filter).map(([k, v]): Cond => ({ kind: 'compare', field: { native: k }, op: '=', value: v })), ...pf.other);
  }
  let agg: Aggregation;
  try {
    agg = visAggregation(aggs, ctx.rangeSeconds);
  } catch (e) {
    if (e instanceof NotRecognised) return lostQuery(e.message);
    throw e;
  }
  if ((kind === 'singleValue' || kind === 'gauge') && agg.steps.measures.length > 1) {
    lost.push(`metrics ${agg.steps.measures.slice(1).map((m) => m.as).join(', ')}: a polydash single value shows one`);
    agg = { ...agg, steps: { ...agg.steps, measures: agg.steps.measures.slice(0, 1) } };
  }
  return { query: recognised(binding(indexId, ctx), [...ctx.extraFilters, ...conds], agg, text), lost };
}

function lensKind(attrs: Json, options: Record<string, unknown>, lost: string[]): PanelType {
  const vt = String(attrs.visualizationType ?? '');
  const vis = (((attrs.state ?? {}) as Json).visualization ?? {}) as Json;
  switch (vt) {
    case 'lnsXY': {
      const layer = asArray(vis.layers)[0] ?? {};
      const series = String(layer.seriesType ?? vis.preferredSeriesType ?? 'line');
      if (vis.legend && (vis.legend as Json).isVisible === false) options.legend = false;
      if (series.startsWith('bar')) {
        options.orientation = series.includes('horizontal') ? 'bar' : 'column';
        if (series.includes('stacked')) options.stacked = true;
        return 'bar';
      }
      options.style = series.includes('stacked') ? 'stacked' : series.startsWith('area') ? 'area' : 'line';
      return 'timeSeries';
    }
    case 'lnsPie': {
      const shape = String(vis.shape ?? 'pie');
      if (shape !== 'pie' && shape !== 'donut') lost.push(`the ${shape} shape (shown as a pie)`);
      options.donut = shape === 'donut';
      return 'pie';
    }
    case 'lnsDatatable':
      return 'table';
    case 'lnsMetric':
    case 'lnsLegacyMetric':
      return 'singleValue';
    case 'lnsGauge':
      return 'gauge';
    default:
      lost.push(`the ${vt} chart: polydash has no equivalent, a table is the closest`);
      return 'table';
  }
}

interface PanelSpec {
  readonly type: string;
  readonly title?: string;
  readonly box: { x: number; y: number; w: number; h: number };
  readonly config: Json;
  readonly ref?: SavedObject;
  readonly missingRef?: string;
  readonly refs: (name: string) => string | undefined;
  readonly columns?: string[];
}

function markdownPanel(title: string, productKind: string, box: PanelSpec['box'], markdown: string, lost: string[] = []): ImportedPanel {
  return { kind: 'text', productKind, title, box, options: {}, markdown: markdown.trim() ? markdown : title || ' ', lost };
}

function readPanel(s: PanelSpec, ctx: DashboardContext): ImportedPanel {
  const lost: string[] = [];
  const objectTitle = String(s.ref?.attributes.title ?? '');
  const title = (s.title ?? (s.config.title as string | undefined) ?? objectTitle).trim();
  const named = title || `${s.type} panel`;
  if (s.missingRef) return { kind: 'text', productKind: s.type, title: named, box: s.box, options: {}, query: { kind: 'lost', text: '', why: `the ${s.type} ${s.missingRef} it shows is not in the file` }, lost };
  if (s.type === 'lens') {
    const attrs = ((s.config.attributes as Json | undefined) ?? s.ref?.attributes ?? {}) as Json;
    const options: Record<string, unknown> = {};
    let kind = lensKind(attrs, options, lost);
    let query = lensQuery(attrs, ctx, s.ref, s.refs);
    if (query.kind === 'recognised' && kind === 'singleValue' && query.steps.measures.length > 1) {
      lost.push('more than one metric (a polydash single value shows one)');
      query = { ...query, steps: { ...query.steps, measures: query.steps.measures.slice(0, 1) } };
    }
    if (query.kind === 'lost') return { kind: 'text', productKind: String(attrs.visualizationType ?? 'lens'), title: named, box: s.box, options: {}, query, lost };
    if (query.kind === 'recognised' && kind === 'timeSeries' && !query.steps.timeslice) kind = 'bar';
    return { kind, productKind: String(attrs.visualizationType ?? 'lens'), title: named, box: s.box, options: options as PanelOptions, query, lost };
  }
  if (s.type === 'search') {
    const o: SavedObject = s.ref ?? { type: 'search', id: 'by-value', attributes: ((s.config.attributes ?? {}) as Json), references: asArray((s.config.attributes as Json | undefined)?.references) as unknown as SavedObject['references'] };
    const { query, columns } = searchQuery(o, ctx);
    if (query.kind === 'lost') return { kind: 'text', productKind: 'search', title: named, box: s.box, options: {}, query, lost };
    const cols = (s.columns ?? columns).filter((c) => c !== '_source').slice(0, 20);
    return { kind: 'events', productKind: 'search', title: named, box: s.box, options: cols.length ? { columns: cols } : {}, query, lost };
  }
  if (s.type === 'visualization') {
    const vis = ((s.config.savedVis ?? s.ref?.attributes.visState ?? {}) as Json);
    const visType = String(vis.type ?? 'visualization');
    if (visType === 'markdown') {
      const params = (vis.params ?? {}) as Json;
      return markdownPanel(title, 'markdown', s.box, String(params.markdown ?? ''), lost);
    }
    if (visType === 'input_control_vis') {
      return markdownPanel(title, visType, s.box, `${title ? `**${title}**: ` : ''}these controls are the dashboard's variables.`, ['a controls panel: its controls are the dashboard variables']);
    }
    let kind = VIS_KINDS[visType];
    const params = (vis.params ?? {}) as Json;
    const options: Record<string, unknown> = {};
    if (!kind) {
      const text = JSON.stringify(vis.params ?? vis).slice(0, 2000);
      return { kind: 'text', productKind: visType, title: named, box: s.box, options: {}, query: { kind: 'lost', text, why: `a ${visType} visualisation: polydash has no equivalent query or panel` }, lost };
    }
    if (visType === 'horizontal_bar') options.orientation = 'bar';
    if ((visType === 'histogram' || visType === 'area') && params.mode === 'stacked') options.stacked = true;
    if (visType === 'area') options.style = params.mode === 'stacked' ? 'stacked' : 'area';
    if (visType === 'pie') options.donut = params.isDonut === true;
    if (params.addLegend === false) options.legend = false;
    const { query, lost: more } = visQuery(vis, s.ref, ctx, kind);
    lost.push(...more);
    if (query.kind === 'lost') return { kind: 'text', productKind: visType, title: named, box: s.box, options: {}, query, lost };
    if (query.kind === 'recognised' && kind === 'timeSeries' && !query.steps.timeslice) kind = 'bar';
    return { kind, productKind: visType, title: named, box: s.box, options: options as PanelOptions, query, lost };
  }
  return { kind: 'text', productKind: s.type, title: named, box: s.box, options: {}, query: { kind: 'lost', text: '', why: `a ${s.type} panel: polydash has no equivalent` }, lost };
}

function controlVariables(d: SavedObject, ctx: FileContext, lost: string[]): { variables: ImportedVariable[]; dataViews: string[] } {
  const variables: ImportedVariable[] = [];
  const dataViews: string[] = [];
  const group = d.attributes.controlGroupInput as Json | undefined;
  const panels = Object.values(((group?.panelsJSON ?? {}) as Record<string, Json>)).sort((a, b) => Number(a.order ?? 0) - Number(b.order ?? 0));
  for (const c of panels) {
    const input = (c.explicitInput ?? {}) as Json;
    if (c.type !== 'optionsListControl' || typeof input.fieldName !== 'string') {
      lost.push(`the ${String(c.type)} control ${JSON.stringify(input.title ?? '')}`);
      continue;
    }
    const dv = String(input.dataViewId ?? referenced(d, `controlGroup_${String(input.id)}:optionsListDataView`) ?? '');
    dataViews.push(dv);
    variables.push({ name: input.fieldName, label: String(input.title ?? input.fieldName).slice(0, 64) || input.fieldName, multi: input.singleSelect !== true, includeAll: true, default: '*', lost: group?.chainingSystem === 'HIERARCHICAL' && variables.length ? ['its values are not narrowed by the controls before it (Kibana chains them)'] : [] });
  }
  void ctx;
  return { variables, dataViews };
}

function inputControlVariables(vis: Json, o: SavedObject | undefined): { variables: ImportedVariable[]; dataViews: string[] } {
  const variables: ImportedVariable[] = [];
  const dataViews: string[] = [];
  for (const c of asArray(((vis.params ?? {}) as Json).controls)) {
    if (c.type !== 'list' || typeof c.fieldName !== 'string') continue;
    const options = (c.options ?? {}) as Json;
    dataViews.push(String(referenced(o, String(c.indexPatternRefName ?? '')) ?? c.indexPattern ?? ''));
    variables.push({ name: c.fieldName, label: String(c.label || c.fieldName).slice(0, 64), multi: options.multiselect === true, includeAll: true, default: '*', lost: c.parent ? ['its values are not narrowed by the control it is chained to'] : [] });
  }
  return { variables, dataViews };
}

/** The panels of a dashboard object, with their boxes on the 24-column grid. */
function panelSpecs(d: SavedObject, ctx: FileContext): PanelSpec[] {
  const panels = asArray(d.attributes.panelsJSON);
  return panels.map((p, i) => {
    const grid = p.gridData as Json | undefined;
    const box = grid
      ? (() => {
          const y = Math.round(Number(grid.y) / 1.5);
          return { x: Number(grid.x) / 2, y, w: Math.max(1, Number(grid.w) / 2), h: Math.max(1, Math.round((Number(grid.y) + Number(grid.h)) / 1.5) - y) };
        })()
      : { x: (Number(p.col ?? 1) - 1) * 2, y: (Number(p.row ?? 1) - 1) * 3, w: Number(p.size_x ?? 6) * 2, h: Number(p.size_y ?? 3) * 3 };
    const panelIndex = String(p.panelIndex ?? i);
    const refs = (name: string): string | undefined => referenced(d, `${panelIndex}:${name}`);
    const config = (p.embeddableConfig ?? {}) as Json;
    const title = typeof p.title === 'string' ? p.title : typeof config.title === 'string' ? config.title : undefined;
    const type = String(p.type ?? 'visualization');
    const columns = Array.isArray(p.columns) ? (p.columns as string[]) : undefined;
    const base = { type, box, config, refs, ...(title !== undefined ? { title } : {}), ...(columns ? { columns } : {}) };
    if (config.attributes || config.savedVis) return base;
    const refName = typeof p.panelRefName === 'string' ? p.panelRefName : undefined;
    const id = refName ? (referenced(d, `${panelIndex}:${refName}`) ?? referenced(d, refName)) : typeof p.id === 'string' ? p.id : undefined;
    const refType = refName ? (d.references.find((r) => r.name === `${panelIndex}:${refName}` || r.name === refName)?.type ?? type) : type;
    const ref = id ? (ctx.byKey.get(`${refType}/${id}`) ?? ctx.byId.get(id)) : undefined;
    if (!ref) return { ...base, type: refType, missingRef: id ?? '(unknown)' };
    return { ...base, type: ref.type, ref };
  });
}

function dashboardTime(a: Json, lost: string[]): ImportedDashboard['time'] {
  if (a.timeRestore === true && typeof a.timeFrom === 'string') {
    const to = String(a.timeTo ?? 'now');
    const rel = relativeSeconds(a.timeFrom);
    if (to === 'now' && rel !== undefined && durationText(rel)) return { last: durationText(rel)! };
    const from = Date.parse(a.timeFrom);
    const until = Date.parse(to);
    if (!Number.isNaN(from) && !Number.isNaN(until)) return { from: new Date(from).toISOString(), to: new Date(until).toISOString() };
    lost.push(`the time range ${a.timeFrom} to ${to}`);
  } else lost.push("no stored time range (Kibana's default, the last 15 minutes, is used)");
  return { last: '15m' };
}

function readDashboard(d: SavedObject, ctx: FileContext): ImportedDashboard {
  const a = d.attributes;
  const lost: string[] = [];
  const title = String(a.title ?? 'Imported Kibana dashboard');
  const time = dashboardTime(a, lost);
  const refresh = a.refreshInterval && (a.refreshInterval as Json).pause === false ? refreshFor(Number((a.refreshInterval as Json).value) / 1000) : {};
  if (refresh.lost) lost.push(refresh.lost);
  const ss = ((a.kibanaSavedObjectMeta ?? {}) as Json).searchSourceJSON as Json | undefined;
  const pf = phraseFilters(ss?.filter);
  lost.push(...pf.lost);
  const query = queryFilter(ss?.query);
  if (!query.ok) lost.push(`the dashboard query (${query.why})`);
  const specs = panelSpecs(d, ctx);
  const filterIndex = referenced(d, 'kibanaSavedObjectMeta.searchSourceJSON.filter[0].meta.index');
  const dctx: DashboardContext = {
    file: ctx,
    rangeSeconds: timeSeconds(time),
    filter: pf.filter,
    extraFilters: [...pf.other, ...(query.ok ? query.conds : [])],
    ...(filterIndex ? { defaultDataView: filterIndex } : {}),
  };
  let panels = specs.map((s) => readPanel(s, dctx));
  const controls = controlVariables(d, ctx, lost);
  for (const s of specs) {
    const vis = (s.config.savedVis ?? s.ref?.attributes.visState) as Json | undefined;
    if (vis?.type === 'input_control_vis') {
      const more = inputControlVariables(vis, s.ref);
      controls.variables.push(...more.variables);
      controls.dataViews.push(...more.dataViews);
    }
  }
  const variables = variablesFor(controls, panels, dctx);
  panels = applyControls(panels, variables);
  return {
    product: 'kibana',
    format: d.attributes.panelsJSON && asArray(d.attributes.panelsJSON).some((p) => p.gridData) ? 'Kibana saved objects' : 'Kibana 5/6 export',
    uid: uidFor(d.id, title),
    title,
    ...(typeof a.description === 'string' && a.description.trim() ? { description: a.description } : {}),
    tags: [],
    time,
    ...(refresh.refresh ? { refresh: refresh.refresh } : {}),
    variables,
    panels: arrange(panels),
    lost,
  };
}

/** Controls as query-valued variables on the source of the panels that read their data view. */
function variablesFor(controls: { variables: ImportedVariable[]; dataViews: string[] }, panels: readonly ImportedPanel[], ctx: DashboardContext): ImportedVariable[] {
  const seen = new Set<string>();
  return controls.variables.flatMap((v, i) => {
    if (seen.has(v.name)) return [];
    seen.add(v.name);
    const dv = controls.dataViews[i];
    const source = dv ? binding(dv, ctx) : panels.find((p) => p.query?.kind === 'recognised')?.query as { source?: SourceBinding } | undefined;
    const b = dv ? source as SourceBinding : (source as { source?: SourceBinding } | undefined)?.source;
    if (!b) return [];
    return [{ ...v, from: { source: b, field: { native: v.name } } }];
  });
}

/** A Kibana control filters every panel on its data view: the same filter on each query. */
function applyControls(panels: readonly ImportedPanel[], variables: readonly ImportedVariable[]): ImportedPanel[] {
  return panels.map((p) => {
    const q = p.query;
    if (q?.kind !== 'recognised') return p;
    const mine = variables.filter((v) => v.from && v.from.source.product === 'elastic' && q.source.product === 'elastic' && v.from.source.dataView === q.source.dataView);
    if (!mine.length) return p;
    const filters: Cond[] = mine.map((v) => ({ kind: 'compare', field: { native: v.name }, op: '=', value: { var: v.name } }));
    return { ...p, query: { ...q, steps: { ...q.steps, filters: [...filters, ...q.steps.filters] } } };
  });
}

/** A visualisation, Lens or search saved on its own: a dashboard with that one panel. */
function standalone(o: SavedObject, ctx: FileContext): ImportedDashboard {
  const title = String(o.attributes.title ?? o.id);
  const dctx: DashboardContext = { file: ctx, rangeSeconds: 86400, filter: {}, extraFilters: [] };
  const spec: PanelSpec = { type: o.type, title, box: { x: 0, y: 0, w: 24, h: 10 }, config: {}, ref: o, refs: () => undefined };
  let panels = [readPanel(spec, dctx)];
  let variables: ImportedVariable[] = [];
  const vis = o.attributes.visState as Json | undefined;
  if (vis?.type === 'input_control_vis') {
    variables = variablesFor(inputControlVariables(vis, o), panels, dctx);
    panels = applyControls(panels, variables);
  }
  return {
    product: 'kibana',
    format: `Kibana ${o.type} saved object`,
    uid: uidFor(o.id, title),
    title,
    tags: [],
    time: { last: '15m' },
    variables,
    panels,
    lost: [`a ${o.type} saved on its own: imported as a dashboard holding it`, "no stored time range (Kibana's default, the last 15 minutes, is used)"],
  };
}

export function readKibana(doc: Parsed): ImportedFile {
  const { objects, notes } = objectsOf(doc);
  const ctx: FileContext = {
    byKey: new Map(objects.map((o) => [`${o.type}/${o.id}`, o])),
    byId: new Map(objects.map((o) => [o.id, o])),
  };
  const dashboards = objects.filter((o) => o.type === 'dashboard');
  if (dashboards.length) return { product: 'kibana', dashboards: dashboards.map((d) => readDashboard(d, ctx)), notes };
  const panels = objects.filter((o) => o.type === 'lens' || o.type === 'visualization' || o.type === 'search');
  if (!panels.length) notes.push(`the file holds ${objects.map((o) => `a${/^[aeiou]/.test(o.type) ? 'n' : ''} ${o.type} (${String(o.attributes.title ?? o.id)})`).join(', ') || 'no saved objects'}, not a dashboard or a visualisation`);
  return { product: 'kibana', dashboards: panels.map((o) => standalone(o, ctx)), notes };
}
