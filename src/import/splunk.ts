// Splunk views into the import model: Simple XML (<dashboard>/<form>, rows of panels, base
// searches with post-processing, inputs) and Dashboard Studio (JSON, bare or inside
// <dashboard version="2">). Searches go through spl-query.ts; a base search and its
// post-process are joined into the one search they run as.

import type { PanelType } from '../model/types.js';
import { arrange, cleanRanges, colorFor, durationText, maybeJson, relativeSeconds, timeSeconds } from './common.js';
import { UserError } from '../errors.js';
import type { Parsed } from './detect.js';
import type { ColorRangeInput, ImportedDashboard, ImportedFile, ImportedPanel, ImportedQuery, ImportedVariable, PanelOptions, SourceBinding } from './model.js';
import { slugFor, uidFor } from './names.js';
import { NotRecognised, recogniseSpl, splSourceOf, type TokenMeaning } from './spl-query.js';
import { child, elements, innerXml, parseXml, textOf, type XmlNode } from './xml.js';

type Json = Record<string, unknown>;

/** A base search and a post-process run as one search. */
export function joinSearch(base: string, post: string): string {
  const p = post.trim();
  if (!p) return base.trim();
  return `${base.trim()} ${p.startsWith('|') ? p : `| ${p.replace(/^search\s+/i, 'search ')}`}`;
}

// ---- inputs --------------------------------------------------------------------------------

interface InputReading {
  readonly variable?: ImportedVariable;
  readonly meaning?: TokenMeaning;
  readonly dropped?: { name: string; value?: string };
  readonly time?: { earliest?: string; latest?: string };
}

/** `field="` ... `"`: the field a prefix/suffix pair tests; undefined for free text. */
function prefixField(prefix: string, suffix: string, delimiter: string | undefined): string | undefined {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_.:]*)\s*=\s*"$/.exec(prefix);
  if (!m || suffix.trim() !== '"') return undefined;
  if (delimiter !== undefined && !new RegExp(`^"\\s+OR\\s+${m[1]!.replace(/[.]/g, '\\.')}\\s*=\\s*"$`).test(delimiter)) return undefined;
  return m[1];
}

interface RawInput {
  readonly type: string;
  readonly token: string;
  readonly label: string;
  readonly prefix: string;
  readonly suffix: string;
  readonly delimiter?: string;
  readonly valuePrefix?: string;
  readonly valueSuffix?: string;
  readonly choices: { value: string; label: string }[];
  readonly fieldForValue?: string;
  readonly search?: string;
  readonly defaultValue?: string;
  readonly timeDefault?: { earliest?: string; latest?: string };
}

const VALUE = /^[^\u0000-\u001f"{}$|,\\*]{1,256}$/;

/** A search listing the values of `field` (`... | stats count by field [| sort ...] [| head n]`) as a filtering query. */
function valuesSearch(search: string, field: string): ImportedVariable['from'] | undefined {
  try {
    const r = recogniseSpl(search, { tokens: new Map(), rangeSeconds: 86400 });
    const by = r.steps.by;
    if (r.steps.measures.length !== 1 || r.steps.measures[0]!.fn !== 'count' || by.length !== 1 || r.steps.timeslice || r.steps.transpose) return undefined;
    const f = by[0]!;
    if (('native' in f ? f.native : f.extracted) !== field) return undefined;
    return { source: r.source, field: f, filters: r.steps.filters, extracts: r.steps.extracts };
  } catch (e) {
    if (e instanceof NotRecognised) return undefined;
    throw e;
  }
}

/** `source` is where a free-text input's field lives (the source of a search that uses it). */
function readInput(i: RawInput, source?: SourceBinding): InputReading {
  if (i.type === 'time' || i.type === 'input.timerange') return { ...(i.timeDefault ? { time: i.timeDefault } : {}) };
  const multi = i.type === 'multiselect' || i.type === 'input.multiselect' || i.type === 'checkbox';
  let field: string | undefined;
  if (i.valuePrefix !== undefined || i.valueSuffix !== undefined) {
    field = prefixField(i.valuePrefix ?? '', i.valueSuffix ?? '', undefined);
    if (field && i.delimiter !== undefined && i.delimiter.trim() !== 'OR') field = undefined;
    if (i.prefix || i.suffix) field = undefined;
  } else field = i.prefix || i.suffix ? prefixField(i.prefix, i.suffix, multi ? i.delimiter : undefined) : undefined;
  const hasAll = i.choices.some((c) => c.value === '*');
  const values = i.choices.map((c) => c.value).filter((v) => v !== '*' && VALUE.test(v));
  const dflt = i.defaultValue;
  // an empty entry leaves the token empty (unverified against a live Splunk: prefix and suffix are taken to apply to non-empty values only)
  const dropped = { name: i.token, ...(dflt !== undefined ? { value: dflt === '' ? '' : `${i.prefix}${dflt}${i.suffix}` } : {}) };
  if (i.type === 'text' || i.type === 'input.text') {
    if (!field || !source) return { dropped };
    // free text typed into field="...": the closest polydash variable lists the field's values
    return {
      variable: { name: i.token, label: (i.label || i.token).slice(0, 64), multi: false, includeAll: true, default: '*', from: { source, field: { native: field } }, lost: [`a free-text input: polydash offers the values of ${field} instead (an empty entry means All)`] },
      meaning: { field, multi: false },
    };
  }
  // a token without prefix stands for the value itself: a field test only where the search says field=$token$
  const meaning: TokenMeaning = { ...(field ? { field } : {}), multi };
  const includeAll = hasAll;
  const def = dflt === '*' && includeAll ? '*' : dflt !== undefined && values.includes(dflt) ? dflt : includeAll ? '*' : values[0];
  const common = { name: i.token, label: (i.label || i.token).slice(0, 64), multi, includeAll, lost: [] as string[] };
  if (i.search && i.fieldForValue) {
    const values = valuesSearch(i.search, i.fieldForValue);
    if (values) return { variable: { ...common, from: values, ...(def !== undefined ? { default: def } : includeAll ? { default: '*' } : {}) }, meaning };
    const source = splSourceOf(i.search);
    if (source) {
      return {
        variable: { ...common, from: { source, field: { native: i.fieldForValue } }, ...(def !== undefined ? { default: def } : includeAll ? { default: '*' } : {}), lost: [`its values search (${i.search.trim()}) is read as the distinct values of ${i.fieldForValue} in the source`] },
        meaning,
      };
    }
  }
  if (!values.length) return { dropped };
  return { variable: { ...common, values, ...(def !== undefined ? { default: def } : {}) }, meaning };
}

// ---- panels --------------------------------------------------------------------------------

const CHARTS: Record<string, { kind: PanelType; options?: PanelOptions }> = {
  line: { kind: 'timeSeries', options: { style: 'line' } },
  area: { kind: 'timeSeries', options: { style: 'area' } },
  column: { kind: 'bar', options: { orientation: 'column' } },
  bar: { kind: 'bar', options: { orientation: 'bar' } },
  pie: { kind: 'pie' },
  radialGauge: { kind: 'gauge' },
  fillerGauge: { kind: 'gauge' },
  markerGauge: { kind: 'gauge' },
};

const STUDIO: Record<string, { kind: PanelType; options?: PanelOptions }> = {
  'splunk.singlevalue': { kind: 'singleValue' },
  'splunk.singlevalueradial': { kind: 'singleValue' },
  'splunk.singlevalueicon': { kind: 'singleValue' },
  'splunk.line': { kind: 'timeSeries', options: { style: 'line' } },
  'splunk.area': { kind: 'timeSeries', options: { style: 'area' } },
  'splunk.column': { kind: 'bar', options: { orientation: 'column' } },
  'splunk.bar': { kind: 'bar', options: { orientation: 'bar' } },
  'splunk.pie': { kind: 'pie' },
  'splunk.table': { kind: 'table' },
  'splunk.events': { kind: 'events' },
  'splunk.fillergauge': { kind: 'gauge' },
  'splunk.markergauge': { kind: 'gauge' },
  'splunk.markdown': { kind: 'text' },
};

function rangesOf(values: unknown, colors: unknown): { ranges?: ColorRangeInput[]; lost?: string } {
  const v = (Array.isArray(values) ? values : maybeJson<unknown[]>(values, [])).map(Number);
  const c = Array.isArray(colors) ? colors : maybeJson<unknown[]>(colors, []);
  if (!v.length || c.length !== v.length + 1 || v.some(Number.isNaN)) return v.length ? { lost: 'rangeValues and rangeColors do not match' } : {};
  const out: ColorRangeInput[] = [];
  for (let k = 0; k <= v.length; k++) {
    const color = colorFor(c[k]);
    if (!color) return { lost: `the colour ${JSON.stringify(c[k])}` };
    out.push({ ...(k > 0 ? { from: v[k - 1]! } : {}), ...(k < v.length ? { to: v[k]! } : {}), color });
  }
  return cleanRanges(out);
}

interface QueryContext {
  readonly tokens: ReadonlyMap<string, TokenMeaning>;
  readonly rangeSeconds: number;
  readonly time: ImportedDashboard['time'];
}

function queryOf(text: string, kind: PanelType, ctx: QueryContext): { query: ImportedQuery; kind: PanelType; columns?: string[] } {
  try {
    const r = recogniseSpl(text, { tokens: ctx.tokens, rangeSeconds: ctx.rangeSeconds });
    let k = kind;
    if (!r.steps.measures.length) {
      if (kind === 'table' || kind === 'events') k = 'events';
      else throw new NotRecognised(`a ${kind} of raw events`);
    }
    return { query: { kind: 'recognised', source: r.source, steps: r.steps, approximations: r.approximations, original: text, rawKey: 'splunk' }, kind: k, ...(r.columns ? { columns: r.columns } : {}) };
  } catch (e) {
    if (e instanceof NotRecognised) return { query: { kind: 'raw', key: 'splunk', text, why: e.message }, kind };
    throw e;
  }
}

function panelTime(earliest: string | undefined, latest: string | undefined, ctx: QueryContext): string | undefined {
  if (!earliest || /^\$.*\$$/.test(earliest)) return undefined;
  const t = timeOf(earliest, latest);
  return JSON.stringify(t.time) === JSON.stringify(ctx.time) ? undefined : `the search's own time range (${earliest} to ${latest ?? 'now'}): polydash panels use the dashboard's`;
}

function timeOf(earliest: string | undefined, latest: string | undefined): { time: ImportedDashboard['time']; lost?: string } {
  const e = (earliest ?? '-24h').replace(/^rt/, '');
  const snapped = /@/.test(e);
  const seconds = relativeSeconds(e.replace(/@.*$/, ''));
  const to = (latest ?? 'now').replace(/^rt$/, 'now');
  if (seconds !== undefined && (to === 'now' || to === '') && durationText(seconds)) {
    const lost = [snapped ? `the snap to ${e.replace(/^[^@]*/, '')}` : '', /^rt/.test(earliest ?? '') ? 'real-time search' : ''].filter(Boolean).join(', ');
    return { time: { last: durationText(seconds)! }, ...(lost ? { lost: `${lost} of the time range ${earliest}` } : {}) };
  }
  if (earliest === '0' || earliest === '') return { time: { last: '30d' }, lost: 'the all-time range (the last 30 days are used)' };
  return { time: { last: '24h' }, lost: `the time range ${earliest} to ${latest ?? 'now'} (the last 24 hours are used)` };
}

// ---- Simple XML ----------------------------------------------------------------------------

function rawInput(n: XmlNode, resolve: (s: XmlNode | undefined) => { query: string } | undefined): RawInput {
  const def = child(n, 'default');
  const search = child(n, 'search');
  return {
    type: n.attrs.type ?? 'text',
    token: n.attrs.token ?? '',
    label: textOf(child(n, 'label')),
    prefix: textOf(child(n, 'prefix')),
    suffix: textOf(child(n, 'suffix')),
    ...(child(n, 'delimiter') ? { delimiter: (child(n, 'delimiter')!.children.filter((c) => typeof c === 'string') as string[]).join('') } : {}),
    ...(child(n, 'valuePrefix') ? { valuePrefix: textOf(child(n, 'valuePrefix')) } : {}),
    ...(child(n, 'valueSuffix') ? { valueSuffix: textOf(child(n, 'valueSuffix')) } : {}),
    choices: elements(n, 'choice').map((c) => ({ value: c.attrs.value ?? '', label: textOf(c) })),
    ...(child(n, 'fieldForValue') ? { fieldForValue: textOf(child(n, 'fieldForValue')) } : {}),
    ...(search ? { search: resolve(search)?.query ?? textOf(child(search, 'query')) } : {}),
    ...(def && !child(def, 'earliest') ? { defaultValue: textOf(def) } : {}),
    ...(def && child(def, 'earliest') ? { timeDefault: { earliest: textOf(child(def, 'earliest')), latest: textOf(child(def, 'latest')) } } : {}),
  };
}

function simpleXml(root: XmlNode, name: string): ImportedDashboard {
  const lost: string[] = [];
  const title = textOf(child(root, 'label')) || name;
  const description = textOf(child(root, 'description'));
  const all = (n: XmlNode): XmlNode[] => [n, ...elements(n).flatMap(all)];
  const nodes = all(root);
  const bases = new Map<string, { query: string; earliest?: string; latest?: string }>();
  for (const s of nodes.filter((n) => n.name === 'search' && n.attrs.id)) {
    bases.set(s.attrs.id!, { query: textOf(child(s, 'query')), ...(child(s, 'earliest') ? { earliest: textOf(child(s, 'earliest')) } : {}), ...(child(s, 'latest') ? { latest: textOf(child(s, 'latest')) } : {}) });
  }
  const resolve = (s: XmlNode | undefined): { query: string; earliest?: string; latest?: string } | undefined => {
    if (!s) return undefined;
    const own = textOf(child(s, 'query'));
    const base = s.attrs.base ? bases.get(s.attrs.base) : undefined;
    if (s.attrs.base && !base) return { query: own };
    const earliest = child(s, 'earliest') ? textOf(child(s, 'earliest')) : base?.earliest;
    const latest = child(s, 'latest') ? textOf(child(s, 'latest')) : base?.latest;
    return { query: base ? joinSearch(resolve(nodes.find((n) => n.name === 'search' && n.attrs.id === s.attrs.base))!.query, own) : own, ...(earliest ? { earliest } : {}), ...(latest ? { latest } : {}) };
  };
  const searches = nodes.filter((n) => n.name === 'search').map((n) => resolve(n)?.query ?? '');
  const sourceOfToken = (token: string): SourceBinding | undefined => {
    const q = searches.find((x) => x.includes(`$${token}$`) || x.includes(`$${token}|`));
    return q ? splSourceOf(q) : undefined;
  };
  const inputs = nodes.filter((n) => n.name === 'input').map((n) => rawInput(n, resolve)).map((i) => readInput(i, sourceOfToken(i.token)));
  const timeInput = inputs.find((i) => i.time)?.time;
  const firstSearch = nodes.find((n) => n.name === 'search' && child(n, 'earliest') && !/\$/.test(textOf(child(n, 'earliest'))));
  const t = timeOf(timeInput?.earliest ?? (firstSearch ? textOf(child(firstSearch, 'earliest')) : undefined), timeInput?.latest ?? (firstSearch ? textOf(child(firstSearch, 'latest')) : undefined));
  if (t.lost) lost.push(t.lost);
  const variables = inputs.flatMap((i) => (i.variable ? [i.variable] : []));
  const tokens = new Map(inputs.flatMap((i) => (i.variable && i.meaning ? [[i.variable.name, i.meaning] as const] : [])));
  const ctx: QueryContext = { tokens, rangeSeconds: timeSeconds(t.time), time: t.time };
  if (root.attrs.script || root.attrs.stylesheet) lost.push('custom JavaScript and CSS');
  const panels: ImportedPanel[] = [];
  let y = 0;
  for (const row of elements(root, 'row')) {
    const rowPanels = elements(row, 'panel');
    const groups = rowPanels.length ? rowPanels : [row];
    const width = 24 / groups.length;
    let rowHeight = 0;
    groups.forEach((panel, gi) => {
      const visuals = elements(panel).filter((e) => ['single', 'chart', 'table', 'event', 'map', 'html', 'viz'].includes(e.name));
      const panelTitle = panel.name === 'panel' ? textOf(child(panel, 'title')) : '';
      const singles = visuals.filter((v) => v.name === 'single');
      let vy = y;
      let sx = 0;
      visuals.forEach((v) => {
        const options = Object.fromEntries(elements(v, 'option').map((o) => [o.attrs.name ?? '', textOf(o)]));
        const heightPx = Number(options.height ?? 0);
        const h = heightPx ? Math.max(2, Math.round(heightPx / 30)) : v.name === 'single' ? 4 : v.name === 'html' ? 5 : 8;
        let box;
        if (v.name === 'single' && singles.length > 1) {
          const w = width / singles.length;
          box = { x: gi * width + sx * w, y: vy, w, h };
          sx++;
          if (sx === singles.length) vy += h;
        } else {
          box = { x: gi * width, y: vy, w: width, h };
          vy += h;
        }
        const own = textOf(child(v, 'title'));
        const panelLost: string[] = [];
        if (panel.attrs.depends || panel.attrs.rejects || v.attrs.depends) panelLost.push(`shown only when a token is set (${panel.attrs.depends ?? panel.attrs.rejects ?? v.attrs.depends})`);
        if (child(v, 'drilldown')) panelLost.push('its drilldown');
        if (elements(panel, 'input').length && v === visuals[0]) panelLost.push('the inputs inside the panel (they are dashboard variables)');
        const titleText = visuals.length > 1 ? own || panelTitle : panelTitle || own;
        panels.push(xmlPanel(v, titleText, options, box, resolve(child(v, 'search')), ctx, panelLost));
      });
      rowHeight = Math.max(rowHeight, vy - y);
    });
    y += Math.max(rowHeight, 1);
  }
  const dropped = inputs.flatMap((i) => (i.dropped ? [i.dropped] : []));
  return {
    product: 'splunk',
    format: root.name === 'form' ? 'Simple XML form' : 'Simple XML dashboard',
    uid: uidFor(undefined, name || title),
    title,
    ...(description ? { description } : {}),
    tags: [],
    time: t.time,
    variables,
    panels: arrange(panels),
    lost,
    dropped,
  };
}

function xmlPanel(v: XmlNode, title: string, options: Record<string, string>, box: ImportedPanel['box'], search: { query: string; earliest?: string; latest?: string } | undefined, ctx: QueryContext, lost: string[]): ImportedPanel {
  if (v.name === 'html') {
    const html = innerXml(v).trim();
    return { kind: 'text', productKind: 'html', title, box, options: {}, markdown: html || title || ' ', lost: [...lost, 'HTML is shown as markdown text'] };
  }
  let kind: PanelType;
  let panelOptions: PanelOptions = {};
  const productKind = v.name === 'chart' ? `chart:${options['charting.chart'] ?? 'column'}` : v.name;
  switch (v.name) {
    case 'single': {
      kind = 'singleValue';
      const { ranges, lost: why } = options.rangeValues ? rangesOf(options.rangeValues, options.rangeColors) : {};
      if (ranges && options.useColors !== '0') panelOptions = { ranges };
      if (why) lost.push(`colour ranges (${why})`);
      if (options.numberPrecision) panelOptions = { ...panelOptions, decimals: Math.min(10, (options.numberPrecision.split('.')[1] ?? '').length) };
      break;
    }
    case 'chart': {
      const chart = CHARTS[options['charting.chart'] ?? 'column'];
      if (!chart) lost.push(`the ${options['charting.chart']} chart: polydash has no equivalent, a table is the closest`);
      kind = chart?.kind ?? 'table';
      panelOptions = { ...(chart?.options ?? {}) };
      const stack = options['charting.chart.stackMode'];
      if (stack === 'stacked' || stack === 'stacked100') panelOptions = kind === 'timeSeries' ? { ...panelOptions, style: 'stacked' } : { ...panelOptions, stacked: true };
      if (options['charting.legend.placement'] === 'none') panelOptions = { ...panelOptions, legend: false };
      if (kind === 'gauge') {
        const { ranges } = rangesOf(options['charting.chart.rangeValues'], options['charting.gaugeColors']);
        const values = maybeJson<number[]>(options['charting.chart.rangeValues'], []);
        panelOptions = { ...(ranges ? { ranges } : {}), min: values[0] ?? 0, max: values[values.length - 1] ?? 100 };
      }
      break;
    }
    case 'table':
      kind = 'table';
      if (options.count && Number(options.count) > 0) panelOptions = { pageSize: Math.min(1000, Number(options.count)) };
      break;
    case 'event':
      kind = 'events';
      break;
    default:
      kind = 'table';
      lost.push(`the ${v.name} visualisation: polydash has no equivalent, a table is the closest`);
  }
  const named = title || `${productKind} panel`;
  if (!search || !search.query) return { kind: 'text', productKind, title: named, box, options: {}, query: { kind: 'lost', text: '', why: 'it has no search' }, lost };
  const timeLost = panelTime(search.earliest, search.latest, ctx);
  if (timeLost) lost.push(timeLost);
  const q = queryOf(search.query, kind, ctx);
  const columns = q.columns;
  return { kind: q.kind, productKind, title: named, box, options: q.kind === 'events' ? (columns?.length ? { columns } : {}) : panelOptions, query: q.query, lost };
}

// ---- Dashboard Studio ----------------------------------------------------------------------

function studio(def: Json, name: string, format: string): ImportedDashboard {
  const lost: string[] = [];
  const title = String(def.title ?? name);
  const dataSources = (def.dataSources ?? {}) as Record<string, Json>;
  const visualizations = (def.visualizations ?? {}) as Record<string, Json>;
  const inputsJson = (def.inputs ?? {}) as Record<string, Json>;
  const defaults = ((((def.defaults ?? {}) as Json).dataSources ?? {}) as Json)['ds.search'] as Json | undefined;
  const query = (id: string, depth = 0): { query: string; earliest?: string; latest?: string } | undefined => {
    const ds = dataSources[id];
    if (!ds || depth > 10) return undefined;
    const o = (ds.options ?? {}) as Json;
    const params = ((o.queryParameters ?? (defaults?.options as Json | undefined)?.queryParameters ?? {}) as Json);
    const own = String(o.query ?? '');
    if (ds.type === 'ds.chain') {
      const base = query(String(o.extend ?? ''), depth + 1);
      return base ? { ...base, query: joinSearch(base.query, own) } : { query: own };
    }
    return { query: own, ...(typeof params.earliest === 'string' ? { earliest: params.earliest } : {}), ...(typeof params.latest === 'string' ? { latest: params.latest } : {}) };
  };
  const inputs = Object.values(inputsJson).map((i) => {
    const o = (i.options ?? {}) as Json;
    const items = Array.isArray(o.items) ? (o.items as Json[]) : [];
    const dynamic = i.dataSources ? query(String(((i.dataSources as Json).primary ?? ''))) : undefined;
    const dv = o.defaultValue;
    const timeDefault = i.type === 'input.timerange' && typeof dv === 'string' ? { earliest: dv.split(',')[0]!, latest: dv.split(',')[1] ?? 'now' } : undefined;
    return readInput({
      type: String(i.type),
      token: String(o.token ?? ''),
      label: String(i.title ?? o.token ?? ''),
      prefix: '',
      suffix: '',
      choices: items.map((x) => ({ value: String(x.value ?? ''), label: String(x.label ?? '') })),
      ...(dynamic ? { search: dynamic.query } : {}),
      ...(dynamic && typeof o.fieldForValue === 'string' ? { fieldForValue: o.fieldForValue } : {}),
      ...(typeof dv === 'string' && !timeDefault ? { defaultValue: dv } : Array.isArray(dv) && typeof dv[0] === 'string' ? { defaultValue: dv[0] } : {}),
      ...(timeDefault ? { timeDefault } : {}),
    });
  });
  const timeInput = inputs.find((i) => i.time)?.time;
  const t = timeOf(timeInput?.earliest, timeInput?.latest);
  if (t.lost) lost.push(t.lost);
  const variables = inputs.flatMap((i) => (i.variable ? [i.variable] : []));
  // Studio tokens are bare values: `field=$token$` says which field
  const tokens = new Map(inputs.flatMap((i) => (i.variable ? [[i.variable.name, { multi: i.variable.multi }] as const] : [])));
  const ctx: QueryContext = { tokens, rangeSeconds: timeSeconds(t.time), time: t.time };
  const layout = (def.layout ?? {}) as Json;
  const layoutDefs = (layout.layoutDefinitions ?? {}) as Record<string, Json>;
  const tabs = ((layout.tabs ?? {}) as Json).items as Json[] | undefined;
  const structures: { structure: Json[]; width: number; tab?: string }[] = [];
  if (Array.isArray(layout.structure)) structures.push({ structure: layout.structure as Json[], width: Number(((layout.options ?? {}) as Json).width ?? 1200) });
  for (const [id, l] of Object.entries(layoutDefs)) {
    const tab = tabs?.find((x) => x.layoutId === id)?.label;
    structures.push({ structure: (l.structure ?? []) as Json[], width: Number(((l.options ?? {}) as Json).width ?? 1200), ...(typeof tab === 'string' ? { tab } : {}) });
  }
  if ((tabs?.length ?? 0) > 1) lost.push(`tabs (${tabs!.map((x) => x.label).join(', ')}): shown one after the other`);
  const panels: ImportedPanel[] = [];
  let offset = 0;
  for (const s of structures) {
    let bottom = 0;
    for (const item of s.structure) {
      const viz = visualizations[String(item.item)];
      if (!viz) continue;
      const pos = (item.position ?? {}) as Json;
      const maxWidth = Math.max(s.width, ...s.structure.map((x) => Number(((x.position ?? {}) as Json).x ?? 0) + Number(((x.position ?? {}) as Json).w ?? 0)));
      const scale = 24 / maxWidth;
      const box = { x: Number(pos.x ?? 0) * scale, y: offset + Number(pos.y ?? 0) / 30, w: Number(pos.w ?? 300) * scale, h: Math.max(2, Number(pos.h ?? 250) / 30) };
      bottom = Math.max(bottom, box.y + box.h);
      panels.push(studioPanel(viz, box, query, ctx));
    }
    offset = Math.ceil(bottom);
  }
  const dropped = inputs.flatMap((i) => (i.dropped ? [i.dropped] : []));
  return {
    product: 'splunk',
    format,
    uid: uidFor(undefined, name || title),
    title,
    ...(typeof def.description === 'string' && def.description ? { description: def.description } : {}),
    tags: [],
    time: t.time,
    variables,
    panels: arrange(panels),
    lost,
    splunkFormat: 'studio',
    dropped,
  };
}

function studioPanel(viz: Json, box: ImportedPanel['box'], query: (id: string) => { query: string; earliest?: string; latest?: string } | undefined, ctx: QueryContext): ImportedPanel {
  const type = String(viz.type ?? '');
  const title = String(viz.title ?? '').trim();
  const options = (viz.options ?? {}) as Json;
  const lost: string[] = [];
  const known = STUDIO[type];
  if (type === 'splunk.markdown') return { kind: 'text', productKind: type, title, box, options: {}, markdown: String(options.markdown ?? '') || title || ' ', lost };
  if (!known) lost.push(`the ${type} visualisation: polydash has no equivalent, a table is the closest`);
  const kind = known?.kind ?? 'table';
  let panelOptions: PanelOptions = { ...(known?.options ?? {}) };
  if (options.stackMode === 'stacked') panelOptions = kind === 'timeSeries' ? { ...panelOptions, style: 'stacked' } : { ...panelOptions, stacked: true };
  if (kind === 'pie' && options.showDonutHole === true) panelOptions = { ...panelOptions, donut: true };
  if (kind === 'table' && typeof options.count === 'number') panelOptions = { ...panelOptions, pageSize: Math.min(1000, options.count) };
  if (viz.eventHandlers) lost.push('its drilldown');
  const named = title || `${type} panel`;
  const ds = String(((viz.dataSources ?? {}) as Json).primary ?? '');
  const q = ds ? query(ds) : undefined;
  if (!q || !q.query) return { kind: 'text', productKind: type, title: named, box, options: {}, query: { kind: 'lost', text: '', why: 'it has no search' }, lost };
  const timeLost = panelTime(q.earliest, q.latest, ctx);
  if (timeLost) lost.push(timeLost);
  const r = queryOf(q.query, kind, ctx);
  return { kind: r.kind, productKind: type, title: named, box, options: r.kind === 'events' ? (r.columns?.length ? { columns: r.columns } : {}) : panelOptions, query: r.query, lost };
}

// ---- entry ---------------------------------------------------------------------------------

/** Reads a Splunk view: Simple XML, Studio in XML, bare Studio JSON, or a REST `entry` answer. */
export function readSplunk(doc: Parsed, name = ''): ImportedFile {
  if (doc.kind === 'json') {
    const v = doc.value as Json;
    const entry = Array.isArray(v.entry) ? (v.entry as Json[])[0] : undefined;
    if (entry) {
      const xml = String(((entry.content ?? {}) as Json)['eai:data'] ?? '');
      return readSplunk({ kind: 'xml', text: xml }, String(entry.name ?? name));
    }
    if (typeof v !== 'object' || v === null || !('visualizations' in v)) throw new UserError('a Splunk view is XML or Dashboard Studio JSON');
    return { product: 'splunk', dashboards: [studio(v, name || slugFor(String(v.title ?? 'dashboard')), 'Dashboard Studio JSON')], notes: [] };
  }
  if (doc.kind !== 'xml') throw new UserError('a Splunk view is XML or Dashboard Studio JSON');
  let root: XmlNode;
  try {
    root = parseXml(doc.text);
  } catch (e) {
    throw new UserError(`the Splunk view is not XML: ${(e as Error).message}`);
  }
  if (root.name !== 'dashboard' && root.name !== 'form') throw new UserError(`a <${root.name}> is not a Splunk view`);
  if (root.attrs.version === '2' || child(root, 'definition')) {
    const def = maybeJson<Json>(textOf(child(root, 'definition')), {});
    const label = textOf(child(root, 'label'));
    const d = studio({ ...def, ...(def.title ? {} : { title: label }) }, name || slugFor(label), 'Dashboard Studio (XML)');
    return { product: 'splunk', dashboards: [d], notes: [] };
  }
  return { product: 'splunk', dashboards: [simpleXml(root, name)], notes: [] };
}
