// Sumo Logic dashboards into the import model: Dashboard API v2 bodies and DashboardV2 /
// Mewboard content exports, folders of them, and the legacy Report (classic) format with its
// gridster layout. Log queries go through sumo-query.ts; metrics queries have no polydash
// source and are reported lost.

import { UserError } from '../errors.js';
import type { PanelType } from '../model/types.js';
import { arrange, cleanRanges, colorFor, durationText, maybeJson, refreshFor, relativeSeconds } from './common.js';
import type { ColorRangeInput, ImportedDashboard, ImportedFile, ImportedPanel, ImportedQuery, ImportedVariable, PanelOptions, SourceBinding } from './model.js';
import { uidFor } from './names.js';
import { NotRecognised, recogniseSumo, sumoSourceOf } from './sumo-query.js';

type Json = Record<string, unknown>;

function asArray(v: unknown): Json[] {
  return Array.isArray(v) ? (v as Json[]) : [];
}

/** Panel kind from visualSettings `general.type` (new formats) or `viewerType` (legacy). */
const KINDS: Record<string, PanelType> = {
  svp: 'singleValue',
  svv: 'singleValue',
  line: 'timeSeries',
  area: 'timeSeries',
  column: 'bar',
  bar: 'bar',
  pie: 'pie',
  table: 'table',
  text: 'text',
  title: 'text',
};

interface TimeReading {
  readonly time: ImportedDashboard['time'];
  readonly lost?: string;
}

function boundary(b: unknown): { relative?: number; absolute?: string; literal?: string } {
  const o = (b ?? {}) as Json;
  switch (o.type) {
    case 'RelativeTimeRangeBoundary':
      return { relative: relativeSeconds(String(o.relativeTime ?? '')) };
    case 'EpochTimeRangeBoundary':
      return { absolute: new Date(Number(o.epochMillis)).toISOString() };
    case 'Iso8601TimeRangeBoundary':
      return { absolute: new Date(String(o.iso8601Time)).toISOString() };
    case 'LiteralTimeRangeBoundary':
      return { literal: String(o.rangeName) };
    default:
      return {};
  }
}

/** A Sumo time range (object, or the legacy `[{"t":"relative","d":-3600000}]` string). */
function timeOf(range: unknown): TimeReading | undefined {
  const value = maybeJson<unknown>(range, undefined);
  if (Array.isArray(value)) {
    const first = value[0] as Json | undefined;
    if (first?.t === 'relative' && typeof first.d === 'number') {
      const last = durationText(Math.abs(first.d) / 1000);
      if (last) return { time: { last } };
    }
    return undefined;
  }
  const r = value as Json | undefined;
  if (!r || typeof r !== 'object') return undefined;
  if (r.type === 'CompleteLiteralTimeRange') return { time: { last: '1d' }, lost: `the time range "${String(r.rangeName)}" (a calendar range; the last day is used)` };
  const from = boundary(r.from);
  const to = r.to ? boundary(r.to) : undefined;
  if (from.relative !== undefined && !to) {
    const last = durationText(from.relative);
    if (last) return { time: { last } };
  }
  if (from.absolute && to?.absolute) return { time: { from: from.absolute, to: to.absolute } };
  if (from.literal) return { time: { last: '1d' }, lost: `the time range "${from.literal}" (a calendar range; the last day is used)` };
  return undefined;
}

function sameTime(a: TimeReading | undefined, b: ImportedDashboard['time']): boolean {
  return a !== undefined && JSON.stringify(a.time) === JSON.stringify(b);
}

function thresholds(list: unknown): { ranges?: ColorRangeInput[]; lost?: string } {
  const ranges: ColorRangeInput[] = [];
  for (const t of asArray(list)) {
    const num = (v: unknown): number | undefined => (v === null || v === undefined || v === '' ? undefined : Number(v));
    const from = num(t.from);
    const to = num(t.to);
    if (from === undefined && to === undefined) continue; // an unused default threshold
    const color = colorFor(t.color);
    if (!color || (from !== undefined && Number.isNaN(from)) || (to !== undefined && Number.isNaN(to))) return { lost: `threshold ${JSON.stringify(t)}` };
    ranges.push({ ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), color });
  }
  ranges.sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
  return cleanRanges(ranges);
}

function optionsOf(kind: PanelType, general: Json, vs: Json, lost: string[]): PanelOptions {
  const displayType = String(general.displayType ?? 'default');
  const legend = (vs.legend ?? {}) as Json;
  const out: Record<string, unknown> = {};
  if (legend.enabled === false) out.legend = false;
  switch (kind) {
    case 'timeSeries':
      out.style = displayType === 'stacked' ? 'stacked' : general.type === 'area' ? 'area' : 'line';
      break;
    case 'bar':
      out.orientation = general.type === 'bar' ? 'bar' : 'column';
      if (displayType === 'stacked') out.stacked = true;
      break;
    case 'pie': {
      const inner = String(general.innerRadius ?? '0');
      out.donut = Number.parseFloat(inner) > 0;
      break;
    }
    case 'singleValue':
    case 'gauge': {
      const svp = (vs.svp ?? {}) as Json;
      const { ranges, lost: why } = thresholds(svp.thresholds);
      if (ranges) out.ranges = ranges;
      if (why) lost.push(`colour thresholds (${why})`);
      if (typeof svp.rounding === 'number') out.decimals = Math.min(10, Math.max(0, svp.rounding));
      if (kind === 'gauge') {
        const g = (svp.gauge ?? {}) as Json;
        out.min = typeof g.min === 'number' ? g.min : 0;
        out.max = typeof g.max === 'number' && g.max > (out.min as number) ? g.max : 100;
      }
      break;
    }
    case 'table':
      if (typeof general.paginationPageSize === 'number' && general.paginationPageSize <= 1000) out.pageSize = general.paginationPageSize;
      break;
  }
  return out as PanelOptions;
}

interface DashboardContext {
  readonly variables: ReadonlySet<string>;
  readonly time: ImportedDashboard['time'];
}

function queryOf(text: string, ctx: DashboardContext): ImportedQuery {
  try {
    const r = recogniseSumo(text, ctx.variables);
    return { kind: 'recognised', source: r.source, steps: r.steps, approximations: [], original: text.trim(), rawKey: 'sumologic' };
  } catch (e) {
    if (e instanceof NotRecognised) return { kind: 'raw', key: 'sumologic', text: text.trim(), why: e.message };
    throw e;
  }
}

interface PanelInput {
  readonly title: string;
  readonly type: string;
  readonly general: Json;
  readonly vs: Json;
  readonly queries: { readonly text: string; readonly type: string }[];
  readonly text?: string;
  readonly box: { x: number; y: number; w: number; h: number };
  readonly timeRange?: unknown;
  readonly extraLost: string[];
}

function panelOf(input: PanelInput, ctx: DashboardContext): ImportedPanel {
  const lost = [...input.extraLost];
  const { title, type, box } = input;
  if (type === 'text' || type === 'title' || type === 'TextPanel') {
    const text = input.text ?? '';
    return { kind: 'text', productKind: type, title, box, options: {}, markdown: text.trim() ? text : title || ' ', lost };
  }
  let kind: PanelType | undefined = KINDS[type];
  if (type === 'svp' && ((input.vs.svp as Json | undefined)?.gauge as Json | undefined)?.show === true) kind = 'gauge';
  if (!kind) {
    kind = 'table';
    lost.push(`the ${type} chart: polydash has no equivalent, a table is the closest`);
  }
  const panelTime = input.timeRange === undefined || input.timeRange === null ? undefined : timeOf(input.timeRange);
  if (panelTime && !sameTime(panelTime, ctx.time)) lost.push(`the panel's own time range (${JSON.stringify(panelTime.time)}): polydash panels use the dashboard's`);
  const options = optionsOf(kind, input.general, input.vs, lost);
  const named = title || `${type} panel`;
  const logs = input.queries.filter((q) => q.type !== 'Metrics');
  if (input.queries.length === 0) return { kind: 'text', productKind: type, title: named, box, options: {}, query: { kind: 'lost', text: '', why: 'the panel has no query' }, lost };
  if (logs.length === 0) {
    const text = input.queries.map((q) => q.text).join('\n');
    return { kind: 'text', productKind: type, title: named, box, options: {}, query: { kind: 'lost', text, why: 'a metrics query: polydash reads logs, and raw() holds Sumo Logic log searches only' }, lost };
  }
  if (input.queries.length > 1) lost.push(`${input.queries.length - 1} more quer${input.queries.length > 2 ? 'ies' : 'y'}: a polydash panel has one`);
  if (!logs[0]!.text.trim()) return { kind: 'text', productKind: type, title: named, box, options: {}, query: { kind: 'lost', text: '', why: 'the query is empty' }, lost };
  const query = queryOf(logs[0]!.text, ctx);
  if (query.kind === 'recognised' && query.steps.measures.length === 0) {
    if (kind === 'table') kind = 'events';
    else return { kind, productKind: type, title: named, box, options, query: { kind: 'raw', key: 'sumologic', text: query.original, why: `a ${type} chart of raw messages` }, lost };
  }
  return { kind, productKind: type, title: named, box, options, query, lost };
}

// ---- variables -----------------------------------------------------------------------------

const VALUE = /^[^\u0000-\u001f"{}$|,\\*]{1,256}$/;

function variableOf(v: Json, dashboardSource: SourceBinding | undefined, lost: string[]): ImportedVariable | { dropped: { name: string; value?: string } } {
  const name = String(v.name ?? '');
  const def = (v.sourceDefinition ?? {}) as Json;
  const label = String(v.displayName ?? name ?? '') || name;
  const multi = v.allowMultiSelect === true;
  const includeAll = v.includeAllOption !== false;
  const rawDefault = typeof v.defaultValue === 'string' ? v.defaultValue : undefined;
  const isAll = rawDefault === undefined || rawDefault === '*' || rawDefault === '.*';
  const common = { name, label: label.slice(0, 64), multi, includeAll };
  const kind = String(def.variableSourceType ?? '');
  if (kind === 'CsvVariableSourceDefinition') {
    const all = String(def.values ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    const values = all.filter((x) => VALUE.test(x));
    const varLost = all.length !== values.length ? [`values ${all.filter((x) => !VALUE.test(x)).map((x) => JSON.stringify(x)).join(', ')} (a value may not hold quotes, braces, $, |, commas, backslashes or *)`] : [];
    if (!values.length) return { dropped: { name, ...(rawDefault !== undefined ? { value: rawDefault } : {}) } };
    const dflt = isAll && includeAll ? '*' : rawDefault !== undefined && values.includes(rawDefault) ? rawDefault : includeAll ? '*' : values[0]!;
    return { ...common, values, default: dflt, lost: varLost };
  }
  const dflt = includeAll ? '*' : rawDefault && VALUE.test(rawDefault) ? rawDefault : undefined;
  if (!includeAll && !dflt) {
    lost.push(`variable ${name}: no default value`);
    return { dropped: { name, ...(rawDefault !== undefined ? { value: rawDefault } : {}) } };
  }
  if (kind === 'LogQueryVariableSourceDefinition') {
    const query = String(def.query ?? '');
    const field = String(def.field ?? '');
    try {
      const r = recogniseSumo(query.replace(/\|\s*count\s+by\s+[^|]+$/i, ''), new Set());
      if (r.steps.measures.length || r.steps.timeslice || r.steps.sort.length) throw new NotRecognised('more than a filtering query');
      const extracted = r.steps.extracts.flatMap((e) => (e.kind === 'parse' ? e.fields : e.kind === 'json' ? e.paths.map((p) => p.as) : []));
      const fieldName = extracted.find((x) => x.toLowerCase() === field.toLowerCase());
      return {
        ...common,
        from: { source: r.source, field: fieldName ? { extracted: fieldName } : { native: field }, filters: r.steps.filters, extracts: r.steps.extracts },
        ...(dflt ? { default: dflt } : {}),
        lost: [],
      };
    } catch (e) {
      if (!(e instanceof NotRecognised)) throw e;
      const source = sumoSourceOf(query) ?? dashboardSource;
      if (!source || !field) return { dropped: { name, ...(rawDefault !== undefined ? { value: rawDefault } : {}) } };
      return {
        ...common,
        from: { source, field: { native: field } },
        ...(dflt ? { default: dflt } : {}),
        lost: [`its values query was not recognised (${e.message}); its values are the distinct values of ${field} in the source`],
      };
    }
  }
  if (kind === 'MetadataVariableSourceDefinition' || kind === 'MagellanMetadataVariableSourceDefinition') {
    const key = String(def.key ?? '');
    if (!dashboardSource || !key) return { dropped: { name, ...(rawDefault !== undefined ? { value: rawDefault } : {}) } };
    const native = key.toLowerCase() === '_sourcecategory' ? '_sourceCategory' : key;
    return { ...common, from: { source: dashboardSource, field: { native } }, ...(dflt ? { default: dflt } : {}), lost: [`its values came from the ${key} metadata of all data; they are the distinct values of ${native} in the dashboard's source`] };
  }
  lost.push(`variable ${name}: a ${kind} variable`);
  return { dropped: { name, ...(rawDefault !== undefined ? { value: rawDefault } : {}) } };
}

/** The source most of a dashboard's queries read (for metadata variables). */
function mainSource(queries: readonly string[]): SourceBinding | undefined {
  const counts = new Map<string, { b: SourceBinding; n: number }>();
  for (const q of queries) {
    const b = sumoSourceOf(q);
    if (!b) continue;
    const { note: _n, ...key } = b as SourceBinding & { note?: string };
    const k = JSON.stringify(key);
    counts.set(k, { b, n: (counts.get(k)?.n ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.b;
}

// ---- dashboards ----------------------------------------------------------------------------

function layoutBoxes(layout: unknown): Map<string, { x: number; y: number; w: number; h: number }> {
  const out = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (const s of asArray((layout as Json | undefined)?.layoutStructures)) {
    const st = maybeJson<Json>(s.structure, {});
    out.set(String(s.key), { x: Number(st.x ?? 0), y: Number(st.y ?? 0), w: Number(st.width ?? 12), h: Number(st.height ?? 8) });
  }
  return out;
}

function dashboardTime(d: Json, lost: string[]): ImportedDashboard['time'] {
  const t = timeOf(d.timeRange);
  if (t?.lost) lost.push(t.lost);
  if (t) return t.time;
  if (d.timeRange !== undefined) lost.push(`the time range ${JSON.stringify(d.timeRange)} (the last day is used)`);
  return { last: '1d' };
}

/** Dashboard API v2 / DashboardV2SyncDefinition / Mewboard. */
function readV2(d: Json, format: string): ImportedDashboard {
  const lost: string[] = [];
  const title = String(d.title ?? d.name ?? 'Imported Sumo Logic dashboard');
  const root = (d.rootPanel ?? undefined) as Json | undefined;
  const panelsJson = asArray(root?.panels ?? d.panels);
  const boxes = layoutBoxes(root?.layout ?? d.layout);
  const time = dashboardTime(d, lost);
  const queriesText = panelsJson.flatMap((p) => asArray(p.queries).map((q) => String(q.queryString ?? '')));
  const source = mainSource(queriesText);
  const variables: ImportedVariable[] = [];
  const dropped: { name: string; value?: string }[] = [];
  for (const v of asArray(root?.variables ?? d.variables)) {
    const r = variableOf(v, source, lost);
    if ('dropped' in r) dropped.push(r.dropped);
    else variables.push(r);
  }
  const ctx: DashboardContext = { variables: new Set(variables.map((v) => v.name)), time };
  let fallbackY = Math.max(0, ...[...boxes.values()].map((b) => b.y + b.h));
  const panels = panelsJson.map((p) => {
    const vs = maybeJson<Json>(p.visualSettings, {});
    const general = (vs.general ?? {}) as Json;
    const type = p.panelType === 'TextPanel' ? 'text' : String(general.type ?? (p.panelType === 'SumoSearchPanel' ? 'table' : p.panelType));
    let box = boxes.get(String(p.key));
    if (!box) {
      box = { x: 0, y: fallbackY, w: 24, h: 8 };
      fallbackY += 8;
    }
    const extraLost: string[] = [];
    if (asArray(p.linkedDashboards).length) extraLost.push('links to other dashboards');
    if (asArray(p.coloringRules).length) extraLost.push('colouring rules');
    if (p.panelType !== 'SumoSearchPanel' && p.panelType !== 'TextPanel') extraLost.push(`a ${String(p.panelType)}`);
    return panelOf({
      title: String(p.title ?? '').trim(),
      type,
      general,
      vs,
      queries: asArray(p.queries).map((q) => ({ text: String(q.queryString ?? ''), type: String(q.queryType ?? 'Logs') })),
      ...(typeof p.text === 'string' ? { text: p.text } : {}),
      box,
      timeRange: p.timeRange,
      extraLost,
    }, ctx);
  });
  const { refresh, lost: refreshLost } = refreshFor(Number(d.refreshInterval ?? 0) / (Number(d.refreshInterval ?? 0) > 86400 ? 1000 : 1));
  if (refreshLost) lost.push(refreshLost);
  if (asArray(d.coloringRules).length) lost.push('dashboard colouring rules');
  return {
    product: 'sumologic',
    format,
    uid: uidFor(undefined, title),
    title,
    ...(typeof d.description === 'string' && d.description.trim() ? { description: d.description } : {}),
    tags: [],
    time,
    ...(refresh ? { refresh } : {}),
    variables,
    panels: arrange(panels),
    lost,
    dropped,
  };
}

/** Legacy Report / classic DashboardSyncDefinition: gridster layout, 1-based cells. */
function readLegacy(d: Json, format: string): ImportedDashboard {
  const lost: string[] = [];
  const title = String(d.name ?? d.title ?? 'Imported Sumo Logic dashboard');
  const panelsJson = asArray(d.panels);
  const firstTime = panelsJson.map((p) => timeOf(p.timeRange)).find((t) => t !== undefined);
  const time = firstTime?.time ?? { last: '1d' };
  if (asArray(d.filters).length) lost.push('dashboard filters');
  const oneBased = panelsJson.length > 0 && panelsJson.every((p) => Number(p.x ?? 1) >= 1 && Number(p.y ?? 1) >= 1);
  const width = Math.max(24, ...panelsJson.map((p) => Number(p.x ?? 0) - (oneBased ? 1 : 0) + Number(p.width ?? 1)));
  const scale = 24 / width;
  const ctx: DashboardContext = { variables: new Set(), time };
  const panels = panelsJson.map((p) => {
    const viewer = String(p.viewerType ?? 'table');
    const properties = maybeJson<Json>(p.properties, {});
    const settings = ((properties.settings ?? {}) as Json)[viewer] as Json | undefined;
    const configuration = (settings?.configuration ?? {}) as Json;
    const general: Json = { type: viewer, displayType: ((configuration.plotOptions ?? {}) as Json).stacking === 'normal' ? 'stacked' : 'default' };
    const box = {
      x: (Number(p.x ?? 1) - (oneBased ? 1 : 0)) * scale,
      y: Number(p.y ?? 1) - (oneBased ? 1 : 0),
      w: Number(p.width ?? 12) * scale,
      h: Number(p.height ?? 5),
    };
    const extraLost: string[] = [];
    if (asArray(p.metricsQueries).length) extraLost.push('metrics queries');
    const query = String(p.queryString ?? '');
    return panelOf({
      title: String(p.name ?? '').trim(),
      type: viewer,
      general,
      vs: { ...(viewer === 'pie' ? { general: { innerRadius: (configuration as Json).donutMode ? '30%' : '0' } } : {}) },
      queries: viewer === 'title' ? [] : [{ text: query, type: 'Logs' }],
      ...(viewer === 'title' ? { text: String(p.name ?? '') } : {}),
      box,
      timeRange: p.timeRange,
      extraLost,
    }, ctx);
  });
  return { product: 'sumologic', format, uid: uidFor(undefined, title), title, tags: [], time, variables: [], panels: arrange(panels), lost };
}

function readAny(d: Json, notes: string[]): ImportedDashboard[] {
  const type = String(d.type ?? '');
  if (type === 'FolderSyncDefinition' || type === 'Folder') return asArray(d.children).flatMap((c) => readAny(c, notes));
  if (type === 'Report' || type === 'DashboardSyncDefinition') return [readLegacy(d, type === 'Report' ? 'legacy Report' : 'classic DashboardSyncDefinition')];
  if (type === 'MewboardSyncDefinition') return [readV2(d, 'MewboardSyncDefinition')];
  if (type === 'DashboardV2SyncDefinition' || (!type && Array.isArray(d.panels))) return [readV2(d, type || 'Dashboard API v2')];
  notes.push(`${type || 'an object'} ${JSON.stringify(d.name ?? '')} is not a dashboard`);
  return [];
}

/** Reads a Sumo Logic export or API body: one dashboard or a folder of them. */
export function readSumo(doc: Json): ImportedFile {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UserError('a Sumo Logic dashboard is a JSON object');
  const notes: string[] = [];
  const dashboards = readAny(doc, notes);
  // dashboards of one folder may share a title: keep uids distinct
  const seen = new Set<string>();
  const unique = dashboards.map((d) => {
    let uid = d.uid;
    for (let n = 2; seen.has(uid); n++) uid = `${d.uid.slice(0, 36)}-${n}`;
    seen.add(uid);
    return uid === d.uid ? d : { ...d, uid };
  });
  return { product: 'sumologic', dashboards: unique, notes };
}
