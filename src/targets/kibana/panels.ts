// One dashboard panel: choose the Lens form (KQL + formBased) or ES|QL per query, check the
// chosen Kibana version can run it, and build the panel entry with its references and the
// saved objects it needs. Panels Kibana cannot show become markdown panels saying why.

import type { SourceDef } from '../../model/source-types.js';
import type { DashboardDef, EventsPanel, PanelDef, QueryPanel } from '../../model/types.js';
import { type CompiledQuery, compileQuery } from '../../query/compile.js';
import { latestBucketQuery, seriesQuery } from '../../query/derive.js';
import { formatDuration } from '../../query/duration.js';
import type { Diagnostic } from '../../query/fidelity.js';
import { chooseKibanaForm, type KibanaForm } from '../../query/kibana-form.js';
import { nativeFieldName } from '../../query/mapping.js';
import type { PanelQuery, Query } from '../../query/nodes.js';
import type { EsqlOutput, LensOutput, VariableFilter } from '../../query/outputs.js';
import type { VariableUse } from './controls.js';
import type { DataViews } from './data-views.js';
import { type GridData, gridData } from './grid.js';
import { panelIndex, searchId } from './ids.js';
import { formBasedLens, LAYER_REFERENCE, type LensAttributes, textBasedLens } from './lens.js';
import { markdownPanel } from './markdown.js';
import type { Reference, SavedObject } from './saved-object.js';
import { savedSearch } from './searches.js';
import { esqlFeatures, FEATURES, formatVersion, type KibanaVersion, missingFeatures } from './versions.js';

export interface PanelContext {
  readonly dashboard: DashboardDef;
  readonly space: string;
  readonly version: KibanaVersion;
  readonly dataViews: DataViews;
  /** The dashboard's only source, if it has exactly one (for raw KQL, which names none). */
  readonly soleSource?: SourceDef;
}

export interface BuiltPanel {
  readonly key: string;
  /** The panelsJSON entry. */
  readonly json: object;
  /** Dashboard references, already prefixed with the panel index. */
  readonly references: readonly Reference[];
  /** Saved objects the panel refers to (saved searches). */
  readonly objects: readonly SavedObject[];
  readonly uses: readonly VariableUse[];
  readonly language?: string;
  readonly diagnostics: readonly Diagnostic[];
  /** True when a markdown panel stands in for it. */
  readonly unsupported: boolean;
}

type ChartPanel = Exclude<QueryPanel, { type: 'events' }>;

const FORM_NAME: Record<KibanaForm, string> = { lens: 'Lens', esql: 'ES|QL' };
const OTHER: Record<KibanaForm, KibanaForm> = { lens: 'esql', esql: 'lens' };
const LANGUAGE = { lens: 'kibana-lens', esql: 'esql' } as const;
/** Kibana's largest saved-search sample size. */
const MAX_SAMPLE_SIZE = 10_000;

/** The query a panel kind needs (single values show the latest bucket, charts one series per value). */
function panelQueryFor(panel: QueryPanel): PanelQuery {
  const q = panel.query;
  if (q.kind !== 'query') return q;
  if (panel.type === 'singleValue' || panel.type === 'gauge') return latestBucketQuery(q);
  if (panel.type === 'timeSeries' || panel.type === 'bar') return seriesQuery(q);
  return q;
}

interface Resolved {
  readonly form: KibanaForm;
  readonly compiled: CompiledQuery;
  readonly notes: readonly Diagnostic[];
  /** Why the form cannot run on the chosen version (the panel is then unsupported). */
  readonly blockers: readonly Diagnostic[];
}

/** What keeps an ES|QL query from running on `version`. */
function esqlBlockers(compiled: CompiledQuery, version: KibanaVersion): Diagnostic[] {
  const out = compiled.output as string | EsqlOutput;
  const text = typeof out === 'string' ? out : out.esql;
  const blockers: Diagnostic[] = missingFeatures(esqlFeatures(text), version).map((f) => ({
    code: 'kibana.version',
    severity: 'unsupported',
    message: `the ES|QL query needs ${f.what}, which Kibana has from ${f.since}; this file is for ${formatVersion(version)} (--kibana-version)`,
  }));
  if (typeof out === 'object' && out.parameters.length) {
    const params = out.parameters.map((p) => `?${p}`).join(', ');
    blockers.push({
      code: 'kibana.esql-parameter',
      severity: 'unsupported',
      message: `the ES|QL query binds ${params}: only ES|QL controls (Kibana 9.x) set such parameters, and this target writes options-list controls, so the query would fail with an unbound parameter`,
    });
  }
  return blockers;
}

/**
 * chooseKibanaForm's choice, unless ES|QL cannot run on the chosen version: then Lens, when
 * it can show the query and the form was not forced.
 */
function resolveForm(query: PanelQuery, panel: QueryPanel, version: KibanaVersion): Resolved {
  const forced = panel.kibana?.form;
  const choice = chooseKibanaForm(query, forced);
  const notes: Diagnostic[] = [{ code: 'kibana.form', severity: 'info', message: `${FORM_NAME[choice.form]}: ${choice.reason}` }];
  if (choice.form !== 'esql' || choice.compiled.fidelity === 'unsupported') return { form: choice.form, compiled: choice.compiled, notes, blockers: [] };
  const blockers = esqlBlockers(choice.compiled, version);
  if (blockers.length === 0) return { form: 'esql', compiled: choice.compiled, notes, blockers };
  const lens = !forced && query.kind === 'query' ? compileQuery(query, LANGUAGE.lens) : undefined;
  if (lens && lens.fidelity !== 'unsupported') {
    notes.push({ code: 'kibana.esql-fallback', severity: 'info', message: `Lens instead of ES|QL: ${blockers.map((b) => b.message).join('; ')}` });
    return { form: 'lens', compiled: lens, notes, blockers: [] };
  }
  return { form: 'esql', compiled: choice.compiled, notes, blockers };
}

/** Why neither form can show the query, for the stand-in markdown panel. */
function reasonsOf(query: PanelQuery, panel: QueryPanel, r: Resolved): Diagnostic[] {
  const own = [...r.blockers, ...r.compiled.diagnostics.filter((d) => d.severity === 'unsupported')];
  if (panel.kibana?.form || query.kind !== 'query') return own.map((d) => ({ ...d, message: `${FORM_NAME[r.form]}: ${d.message}` }));
  const other = compileQuery(query, LANGUAGE[OTHER[r.form]]).diagnostics.filter((d) => d.severity === 'unsupported');
  return [
    ...own.map((d) => ({ ...d, message: `${FORM_NAME[r.form]}: ${d.message}` })),
    ...other.map((d) => ({ ...d, message: `${FORM_NAME[OTHER[r.form]]}: ${d.message}` })),
  ];
}

interface Frame {
  readonly key: string;
  readonly index: string;
  readonly grid: GridData;
  readonly panel: QueryPanel;
}

function titled(panel: PanelDef): object {
  return panel.title ? { title: panel.title } : {};
}

function described(panel: PanelDef): object {
  return panel.description ? { description: panel.description } : {};
}

function unsupportedPanel(f: Frame, language: string, diagnostics: readonly Diagnostic[], reasons: readonly Diagnostic[]): BuiltPanel {
  const name = f.panel.title || f.key;
  const markdown = `**${name}** cannot be shown on Kibana: ${reasons.map((d) => d.message).join('; ')}`;
  return { key: f.key, json: markdownPanel(f.index, f.grid, f.panel.title, markdown, f.panel.description), references: [], objects: [], uses: [], language, diagnostics, unsupported: true };
}

function usesOf(f: Frame, source: SourceDef, filters: readonly VariableFilter[]): VariableUse[] {
  return filters.map((filter) => ({ panelKey: f.key, source, filter }));
}

// ---- Lens charts ----------------------------------------------------------------------

/** The query without its time bucket (nor a transpose, meaningless for one value). */
function withoutBucket(q: Query): Query {
  const { bucket: _bucket, pivot: _pivot, ...rest } = q;
  return { ...rest, sort: q.sort.filter((k) => k.ref.kind !== 'bucket') };
}

function lensPanel(f: Frame, panel: ChartPanel, r: Resolved, ctx: PanelContext): BuiltPanel {
  const query = panel.query as Query;
  let compiled = r.compiled;
  const extra: Diagnostic[] = [];
  if (r.form === 'lens') {
    // A single value of a bucketed query is the latest bucket. Lens cannot pick one
    // histogram bucket; a reduced time range (the last <span> of the time range) can.
    let reducedTimeRange: string | undefined;
    if ((panel.type === 'singleValue' || panel.type === 'gauge') && query.bucket) {
      const whole = compileQuery(withoutBucket(query), LANGUAGE.lens);
      if (whole.fidelity !== 'unsupported') {
        compiled = whole;
        reducedTimeRange = formatDuration(query.bucket.span);
        extra.push({
          code: 'kibana.latest-bucket',
          severity: 'approximate',
          message: `the latest ${reducedTimeRange} bucket is shown as the last ${reducedTimeRange} of the time range (Lens reduced time range): it ends when the time range ends, not at a bucket boundary`,
        });
      }
    }
    const out = compiled.output as LensOutput;
    const dataView = ctx.dataViews.use(query.source, out.runtimeFields);
    if (out.runtimeFields.length) {
      extra.push({
        code: 'kibana.runtime-fields',
        severity: 'info',
        message: `the parsed fields are runtime fields of a data view of this dashboard's own over ${query.source.elastic!.dataView}, so importing other dashboards never removes them`,
      });
    }
    const built = formBasedLens(panel, out, dataView, reducedTimeRange ? { reducedTimeRange } : {});
    return lensResult(f, panel, built, compiled, r, extra, dataView, usesOf(f, query.source, out.variableFilters));
  }
  const out = compiled.output as EsqlOutput;
  const dataView = ctx.dataViews.use(query.source);
  const built = textBasedLens(panel, out, dataView);
  return lensResult(f, panel, built, compiled, r, extra, dataView, usesOf(f, query.source, out.variableFilters));
}

function lensResult(f: Frame, panel: ChartPanel, built: LensAttributes, compiled: CompiledQuery, r: Resolved, extra: Diagnostic[], dataView: string, uses: VariableUse[]): BuiltPanel {
  return {
    key: f.key,
    json: {
      type: 'lens',
      panelIndex: f.index,
      gridData: f.grid,
      ...titled(panel),
      embeddableConfig: { enhancements: {}, ...(panel.title ? {} : { hidePanelTitles: true }), ...described(panel), attributes: built.attributes },
    },
    references: [{ type: 'index-pattern', id: dataView, name: `${f.index}:${LAYER_REFERENCE}` }],
    objects: [],
    uses,
    language: compiled.language,
    diagnostics: [...r.notes, ...compiled.diagnostics, ...extra, ...built.diagnostics],
    unsupported: false,
  };
}

// ---- saved searches -------------------------------------------------------------------

function searchPanel(f: Frame, search: SavedObject, uses: VariableUse[], language: string, diagnostics: Diagnostic[]): BuiltPanel {
  return {
    key: f.key,
    json: { type: 'search', panelIndex: f.index, gridData: f.grid, ...titled(f.panel), panelRefName: `panel_${f.index}`, embeddableConfig: { enhancements: {}, ...described(f.panel) } },
    references: [{ type: 'search', id: search.id, name: `${f.index}:panel_${f.index}` }],
    objects: [search],
    uses,
    language,
    diagnostics,
    unsupported: false,
  };
}

/**
 * The columns an event list shows: the panel's fields as the data view or the ES|QL result
 * names them, then the message. `resolve` gives a field's column name, or undefined.
 */
function eventColumns(panel: EventsPanel, message: string, resolve: (logical: string) => string | undefined, diagnostics: Diagnostic[]): string[] {
  if (!panel.columns) return [];
  const columns = panel.columns.flatMap((c) => {
    const name = resolve(c);
    if (name === undefined) {
      diagnostics.push({ code: 'kibana.event-column', severity: 'approximate', message: `column ${c} is not a field Kibana can list here (a capture no filter uses has no runtime field), so it is left out` });
      return [];
    }
    return [name];
  });
  return [...new Set([...columns, message])];
}

function eventsPanel(f: Frame, panel: EventsPanel, r: Resolved, ctx: PanelContext): BuiltPanel {
  const query = panel.query as Query;
  const binding = query.source.elastic!;
  const message = binding.messageField ?? 'message';
  const id = searchId(ctx.space, ctx.dashboard.uid, f.key);
  const title = panel.title || f.key;
  const diagnostics: Diagnostic[] = [...r.notes, ...r.compiled.diagnostics];
  if (r.form === 'esql') {
    const out = r.compiled.output as EsqlOutput;
    const names = new Set(out.columns.map((c) => c.name));
    const resolve = (c: string): string | undefined => [nativeFieldName(query.source, c, 'elastic'), c].find((n) => n !== undefined && names.has(n));
    const columns = eventColumns(panel, message, resolve, diagnostics);
    const search = savedSearch({ id, title, description: panel.description ?? '', columns, query: { esql: out.esql }, dataViewId: ctx.dataViews.use(query.source) });
    return searchPanel(f, search, usesOf(f, query.source, out.variableFilters), r.compiled.language, diagnostics);
  }
  const out = r.compiled.output as LensOutput;
  const runtime = new Map(out.runtimeFields.map((rf) => [rf.name.replace(/^pd_[0-9a-f]{8}_/, ''), rf.name]));
  const resolve = (c: string): string | undefined => nativeFieldName(query.source, c, 'elastic') ?? runtime.get(c);
  const columns = eventColumns(panel, message, resolve, diagnostics);
  let sampleSize: number | undefined;
  if (query.limit !== undefined) {
    if (!FEATURES.sampleSize.available(ctx.version)) {
      diagnostics.push({ code: 'kibana.sample-size', severity: 'approximate', message: `limit ${query.limit}: a saved search keeps its own sample size from Kibana ${FEATURES.sampleSize.since}; on ${formatVersion(ctx.version)} it loads discover:sampleSize events (500 by default)` });
    } else {
      sampleSize = Math.min(Math.max(query.limit, 1), MAX_SAMPLE_SIZE);
      if (sampleSize !== query.limit) diagnostics.push({ code: 'kibana.sample-size', severity: 'approximate', message: `limit ${query.limit}: a saved search loads at most ${MAX_SAMPLE_SIZE} events` });
    }
  }
  const search = savedSearch({
    id,
    title,
    description: panel.description ?? '',
    columns,
    query: { kql: out.kql },
    dataViewId: ctx.dataViews.use(query.source, out.runtimeFields),
    timeField: binding.timeField ?? '@timestamp',
    ...(sampleSize !== undefined ? { sampleSize } : {}),
  });
  return searchPanel(f, search, usesOf(f, query.source, out.variableFilters), r.compiled.language, diagnostics);
}

/** Hand-written queries: ES|QL as a Discover ES|QL session, KQL as a saved search of the only source. */
function rawPanel(f: Frame, r: Resolved, ctx: PanelContext): BuiltPanel {
  const panel = f.panel;
  const id = searchId(ctx.space, ctx.dashboard.uid, f.key);
  const title = panel.title || f.key;
  const text = r.compiled.output as string;
  const diagnostics: Diagnostic[] = [...r.notes, ...r.compiled.diagnostics];
  const list = panel.type === 'events' || panel.type === 'table';
  if (r.form === 'esql') {
    diagnostics.push({
      code: 'kibana.raw-esql',
      severity: list ? 'info' : 'approximate',
      message: `shown as a Discover ES|QL session${list ? '' : ', a table of the query results instead of a chart'}: the columns of a hand-written ES|QL query are unknown to polydash, and a Lens chart must name them`,
    });
    return searchPanel(f, savedSearch({ id, title, description: panel.description ?? '', columns: [], query: { esql: text } }), [], r.compiled.language, diagnostics);
  }
  if (panel.type !== 'events') {
    return unsupportedPanel(f, r.compiled.language, diagnostics, [{ code: 'kibana.raw-kql', severity: 'unsupported', message: 'a hand-written KQL query only selects events (Lens needs columns); give the raw query an esql entry, or use it in an events panel' }]);
  }
  const source = ctx.soleSource;
  if (!source) {
    return unsupportedPanel(f, r.compiled.language, diagnostics, [{ code: 'kibana.raw-kql', severity: 'unsupported', message: 'a hand-written KQL query names no data view, and this dashboard reads several sources (or none) to take it from' }]);
  }
  diagnostics.push({ code: 'kibana.raw-kql-source', severity: 'info', message: `the hand-written KQL query searches the data view of ${source.id}, the dashboard's only source` });
  const binding = source.elastic!;
  const search = savedSearch({ id, title, description: panel.description ?? '', columns: [], query: { kql: text }, dataViewId: ctx.dataViews.use(source), timeField: binding.timeField ?? '@timestamp' });
  return searchPanel(f, search, [], r.compiled.language, diagnostics);
}

// ---- entry point ------------------------------------------------------------------------

export function buildPanel(panel: PanelDef, ctx: PanelContext): BuiltPanel {
  const index = panelIndex(ctx.dashboard.uid, panel.key);
  const grid = gridData(panel.gridPos, index);
  if (panel.type === 'text') {
    return { key: panel.key, json: markdownPanel(index, grid, panel.title, panel.markdown, panel.description), references: [], objects: [], uses: [], diagnostics: [], unsupported: false };
  }
  const f: Frame = { key: panel.key, index, grid, panel };
  const query = panelQueryFor(panel);
  const r = resolveForm(query, panel, ctx.version);
  if (r.blockers.length || r.compiled.fidelity === 'unsupported') {
    return unsupportedPanel(f, r.compiled.language, [...r.notes, ...r.compiled.diagnostics, ...r.blockers], reasonsOf(query, panel, r));
  }
  if (query.kind === 'raw') return rawPanel(f, r, ctx);
  if (!query.source.elastic) {
    return unsupportedPanel(f, r.compiled.language, r.notes, [{ code: 'kibana.no-binding', severity: 'unsupported', message: `source "${query.source.id}" has no elastic binding` }]);
  }
  if (panel.type === 'events') return eventsPanel(f, panel, r, ctx);
  const out = r.compiled.output as LensOutput | EsqlOutput;
  const hasMeasure = 'esql' in out ? out.columns.some((c) => c.role === 'metric') : out.roles.metrics.length > 0;
  if (!hasMeasure) {
    return unsupportedPanel(f, r.compiled.language, [...r.notes, ...r.compiled.diagnostics], [{ code: 'kibana.no-measure', severity: 'unsupported', message: 'a chart needs a measure (count, sum, …) to draw' }]);
  }
  return lensPanel(f, panel, r, ctx);
}
