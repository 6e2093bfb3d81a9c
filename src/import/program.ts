// Turns what the readers understood into the generated file's syntax tree: one defineSource per
// distinct source, one variable per dashboard variable, one dashboard per imported dashboard,
// every query written as builder calls (or raw({...}) with the reason beside it).

import { arr, call, lambda, lit, method, obj, param, ref, type Entry, type Expr, type Statement, value } from './code.js';
import {
  condUsesExtracted,
  extractedNamesOf,
  fieldsOfSteps,
  isExtracted,
  isVarUse,
  nativeOf,
  type Cond,
  type FieldUse,
  type ImportedDashboard,
  type ImportedFile,
  type ImportedPanel,
  type ImportedVariable,
  type Product,
  type QuerySteps,
  type RecognisedQuery,
  type SourceBinding,
  type Value,
} from './model.js';
import { constantFor, unique } from './names.js';
import { renameRawVariables, variableIdentifiers } from './variables.js';
import { type ImportedSource, SourceRegistry, sourceFor } from './sources.js';

export interface Program {
  readonly statements: readonly Statement[];
  readonly imports: readonly string[];
  readonly sources: readonly ImportedSource[];
  /** Per dashboard: the panels' query expressions (to check each on its own) and variable names. */
  readonly dashboards: readonly { readonly statement: number; readonly panelQueries: readonly (Expr | undefined)[]; readonly variableNames: ReadonlyMap<string, string> }[];
  /** Statement index -> the dashboard and variable it declares. */
  readonly variableStatements: ReadonlyMap<number, { readonly dashboard: number; readonly variable: number }>;
}

/** Every source a dashboard's recognised queries and query-valued variables read. */
function registerSources(file: ImportedFile): SourceRegistry {
  const registry = new SourceRegistry();
  for (const d of file.dashboards) {
    for (const p of d.panels) {
      if (p.query?.kind !== 'recognised') continue;
      const fields = fieldsOfSteps(p.query.steps);
      const natives = fields.flatMap((f) => nativeOf(f) ?? []);
      const columns = p.kind === 'events' ? (p.options.columns ?? []) : [];
      const extracted = p.query.steps.extracts.flatMap(extractedNamesOf);
      registry.use(p.query.source, {
        natives: [...natives, ...columns.filter((c) => !extracted.includes(c))],
        extracted,
        labels: p.query.source.product === 'loki' ? natives : [],
      });
    }
    for (const v of d.variables) {
      if (!v.from) continue;
      const steps = variableSteps(v.from);
      const natives = fieldsOfSteps(steps).flatMap((f) => nativeOf(f) ?? []);
      registry.use(v.from.source, { natives, extracted: steps.extracts.flatMap(extractedNamesOf), labels: v.from.source.product === 'loki' ? natives : [] });
    }
  }
  return registry;
}

/** A variable's values query as steps; its field counts as used (a group-by of the values query). */
function variableSteps(from: NonNullable<ImportedVariable['from']>): QuerySteps {
  return { filters: from.filters ?? [], extracts: from.extracts ?? [], measures: [], by: [from.field], sort: [] };
}

function sourceExpr(s: ImportedSource): Expr {
  const b = s.binding;
  const product = b.product;
  const binding: Record<string, unknown> = {};
  switch (b.product) {
    case 'sumologic':
      Object.assign(binding, { sourceCategory: b.sourceCategory, index: b.index, metadata: b.metadata });
      break;
    case 'splunk':
      Object.assign(binding, { index: b.index, sourcetype: b.sourcetype, source: b.source });
      break;
    case 'elastic':
      Object.assign(binding, { dataView: b.dataView, timeField: b.timeField, messageField: b.messageField, filter: b.filter });
      break;
    case 'loki': {
      const labels = s.labels.filter((l) => !(l in b.selector));
      Object.assign(binding, { selector: b.selector, ...(labels.length ? { labels } : {}), parser: b.parser });
      break;
    }
  }
  const fields: Entry[] = [...s.fields].map(([native, logical]) => ({ key: logical, value: obj([[product, lit(native)]]) }));
  const others = (['sumologic', 'splunk', 'elastic', 'loki'] as const).filter((p) => p !== product);
  return call(
    'defineSource',
    obj([
      ['id', lit(s.id)],
      { key: product, value: value(binding), ...(b.note ? { comment: [b.note] } : {}) },
      ...(product === 'elastic' && b.product === 'elastic' && b.grafana ? [['grafana', obj([['datasource', lit('elasticsearch')]])] as [string, Expr]] : []),
      {
        key: 'fields',
        value: obj(fields),
        ...(fields.length ? { comment: [`Field names as ${productTitle(product)} has them; add their ${others.map(productTitle).join(', ')} names to compile this source for those products.`] } : {}),
      },
    ]),
  );
}

const PRODUCT_TITLES: Record<Product, string> = { sumologic: 'Sumo Logic', kibana: 'Kibana', splunk: 'Splunk', grafana: 'Grafana' };

function productTitle(p: string): string {
  return { sumologic: 'Sumo Logic', splunk: 'Splunk', elastic: 'Elasticsearch', loki: 'Loki' }[p] ?? p;
}

interface Scope {
  readonly source: ImportedSource;
  readonly variables: ReadonlyMap<string, string>;
}

function fieldName(f: FieldUse, scope: Scope): string {
  if (isExtracted(f)) return f.extracted;
  const native = nativeOf(f)!;
  const logical = scope.source.fields.get(native);
  if (!logical) throw new Error(`import: field ${native} of source ${scope.source.id} was not registered`);
  return logical;
}

function valueExpr(v: Value, scope: Scope): Expr {
  if (isVarUse(v)) {
    const name = scope.variables.get(v.var);
    if (!name) throw new Error(`import: variable ${v.var} is not declared`);
    return ref(name);
  }
  return lit(v);
}

/** Appends the builder calls of one condition to `target`. */
function condCalls(target: Expr, c: Cond, scope: Scope): Expr {
  switch (c.kind) {
    case 'and':
      return c.args.reduce((t, a) => condCalls(t, a, scope), target);
    case 'or':
      return method(target, 'or', ...c.args.map((a) => lambda(condCalls(param, a, scope))));
    case 'not':
      return method(target, 'not', lambda(condCalls(param, c.arg, scope)));
    case 'term':
      return method(target, 'search', valueExpr(c.value, scope));
    case 'phrase':
      return method(target, 'phrase', lit(c.value));
    case 'compare':
      return method(target, 'where', lit(fieldName(c.field, scope)), lit(c.op), valueExpr(c.value, scope));
    case 'in':
      return method(target, 'where', lit(fieldName(c.field, scope)), lit('in'), arr(c.values.map(lit)));
    case 'wildcard':
      return method(target, 'where', lit(fieldName(c.field, scope)), lit('wildcard'), lit(c.pattern));
    case 'exists':
      return method(target, 'where', lit(fieldName(c.field, scope)), lit('exists'));
  }
}

/** Consecutive keyword terms become one `.search('a', 'b')`. */
function filterCalls(target: Expr, conds: readonly Cond[], scope: Scope): Expr {
  let e = target;
  let terms: Expr[] = [];
  const flush = (): void => {
    if (terms.length) e = method(e, 'search', ...terms);
    terms = [];
  };
  for (const c of conds.flatMap((x) => (x.kind === 'and' ? x.args : [x]))) {
    if (c.kind === 'term') terms.push(valueExpr(c.value, scope));
    else {
      flush();
      e = condCalls(e, c, scope);
    }
  }
  flush();
  return e;
}

const DEFAULT_ALIAS: Record<string, (field: string) => string> = {
  count: () => 'count',
  countDistinct: (f) => `distinct_${f}`,
  sum: (f) => `sum_${f}`,
  avg: (f) => `avg_${f}`,
  min: (f) => `min_${f}`,
  max: (f) => `max_${f}`,
};

function keyName(k: string | FieldUse, scope: Scope): string {
  return typeof k === 'string' ? k : fieldName(k, scope);
}

/** A shared start of several queries: `const base = from(source).where(...)`, and how many filters it holds. */
export interface SharedStart {
  readonly constant: string;
  readonly filters: number;
}

export function queryExpr(q: RecognisedQuery, scope: Scope, start?: SharedStart): Expr {
  return stepsExpr(q.steps, scope, { withAggregation: true, ...(start ? { start } : {}) });
}

function stepsExpr(s: QuerySteps, scope: Scope, options: { withAggregation: boolean; start?: SharedStart }): Expr {
  let e: Expr = options.start ? ref(options.start.constant) : call('from', ref(scope.source.constant));
  e = filterCalls(e, s.filters.filter((c) => !condUsesExtracted(c)).slice(options.start?.filters ?? 0), scope);
  for (const x of s.extracts) {
    const options = x.input ? [obj([['field', lit(fieldName(x.input, scope))]])] : [];
    switch (x.kind) {
      case 'parse':
        e = method(e, 'parse', lit(x.pattern), arr(x.fields.map(lit)), ...options);
        break;
      case 'parseRegex':
        e = method(e, 'parseRegex', lit(x.regex), ...options);
        break;
      case 'json': {
        const simple = x.paths.every((p) => p.path.length === 1 && p.path[0] === p.as);
        const paths = simple
          ? arr(x.paths.map((p) => lit(p.as)))
          : obj(x.paths.map((p) => [p.as, p.path.every((seg) => typeof seg === 'string' && !seg.includes('.')) ? lit(p.path.join('.')) : value(p.path)]));
        e = method(e, 'json', paths, ...options);
        break;
      }
    }
  }
  e = filterCalls(e, s.filters.filter(condUsesExtracted), scope);
  if (!options.withAggregation) return e;
  if (s.timeslice) e = method(e, 'timeslice', lit(s.timeslice));
  for (const m of s.measures) {
    const field = m.field ? fieldName(m.field, scope) : undefined;
    const alias = m.fn === 'percentile' ? `p${String(m.p).replace('.', '_')}_${field}` : DEFAULT_ALIAS[m.fn]!(field ?? '');
    const aliasArg = m.as === alias ? [] : [lit(m.as)];
    if (m.fn === 'count') e = method(e, 'count', ...aliasArg);
    else if (m.fn === 'percentile') e = method(e, 'percentile', lit(field!), lit(m.p!), ...aliasArg);
    else e = method(e, m.fn, lit(field!), ...aliasArg);
  }
  if (s.by.length) e = method(e, 'by', ...s.by.map((f) => lit(fieldName(f, scope))));
  for (const k of s.sort) e = method(e, 'orderBy', lit(keyName(k.key, scope)), lit(k.dir));
  if (s.limit !== undefined) e = method(e, 'limit', lit(s.limit));
  if (s.transpose) e = method(e, 'transpose', lit(keyName(s.transpose.row, scope)), lit(keyName(s.transpose.column, scope)));
  return e;
}

/** What a lost query becomes: a text panel that says what was there and why it is not kept. */
export function lostMarkdown(title: string, productKind: string, why: string, text: string): string {
  const fence = text.includes('```') ? '~~~' : '```';
  return `**${title || productKind}** (${productKind}) was not imported: ${why}.${text.trim() ? `\n\n${fence}\n${text.trim()}\n${fence}` : ''}`;
}

function panelExpr(p: ImportedPanel, d: ImportedDashboard, product: Product, sources: readonly ImportedSource[], variables: ReadonlyMap<string, string>, start?: SharedStart): { expr: Expr; query?: Expr } {
  const lostComment = p.lost.map((l) => `lost: ${l}`);
  const layout: [string, Expr][] = [
    ['position', obj([['x', lit(p.box.x)], ['y', lit(p.box.y)]])],
    ['size', obj([['w', lit(p.box.w)], ['h', lit(p.box.h)]])],
  ];
  const q = p.query;
  if (p.kind === 'text' || !q || q.kind === 'lost') {
    const markdown = q?.kind === 'lost' ? lostMarkdown(p.title, p.productKind, q.why, q.text) : p.markdown || p.title || ' ';
    const comment = [...(q?.kind === 'lost' ? [`lost: ${p.productKind} panel "${p.title}": ${q.why}`] : []), ...lostComment];
    return {
      expr: call('text', obj([
        { key: 'title', value: lit(p.title), ...(comment.length ? { comment } : {}) },
        ['markdown', lit(markdown)],
        ...layout,
      ])),
    };
  }
  let query: Expr;
  let queryComment: string[] = [];
  if (q.kind === 'raw') {
    query = call('raw', obj([[q.key, lit(renameRawVariables(q.text, product, d))]]));
    queryComment = [`kept raw: ${q.why}`];
  } else {
    const source = sourceFor(sources, q.source);
    query = queryExpr(q, { source, variables }, start);
    queryComment = q.approximations.map((a) => `approximate: ${a}`);
  }
  const o = p.options;
  const scopeSource = q.kind === 'recognised' ? sourceFor(sources, q.source) : undefined;
  const columns = p.kind === 'events' && o.columns?.length && scopeSource
    ? o.columns.map((c) => scopeSource.fields.get(c) ?? c)
    : undefined;
  const options: [string, Expr | undefined][] = [
    ['style', p.kind === 'timeSeries' && o.style && o.style !== 'line' ? lit(o.style) : undefined],
    ['orientation', p.kind === 'bar' && o.orientation && o.orientation !== 'column' ? lit(o.orientation) : undefined],
    ['stacked', p.kind === 'bar' && o.stacked ? lit(true) : undefined],
    ['donut', p.kind === 'pie' && o.donut ? lit(true) : undefined],
    ['legend', o.legend === undefined || !['timeSeries', 'bar', 'pie'].includes(p.kind) ? undefined : lit(o.legend)],
    ['ranges', (p.kind === 'singleValue' || p.kind === 'gauge') && o.ranges?.length ? value(o.ranges) : undefined],
    ['unit', (p.kind === 'singleValue' || p.kind === 'gauge') && o.unit ? lit(o.unit) : undefined],
    ['decimals', p.kind === 'singleValue' && o.decimals !== undefined ? lit(o.decimals) : undefined],
    ['min', p.kind === 'gauge' && o.min !== undefined ? lit(o.min) : undefined],
    ['max', p.kind === 'gauge' ? lit(o.max ?? 100) : undefined],
    ['pageSize', p.kind === 'table' && o.pageSize ? lit(o.pageSize) : undefined],
    ['columns', columns ? arr(columns.map(lit)) : undefined],
  ];
  return {
    query,
    expr: call(p.kind as 'table', obj([
      { key: 'title', value: lit(p.title), ...(lostComment.length ? { comment: lostComment } : {}) },
      ['description', p.description ? lit(p.description) : undefined],
      { key: 'query', value: query, ...(queryComment.length ? { comment: queryComment } : {}) },
      ...options,
      ...layout,
    ])),
  };
}

function variableExpr(v: ImportedVariable, name: string, sources: readonly ImportedSource[], variables: ReadonlyMap<string, string>): Expr {
  let values: Expr;
  let field: string | undefined;
  if (v.values) values = arr(v.values.map(lit));
  else {
    const source = sourceFor(sources, v.from!.source);
    const scope = { source, variables };
    field = fieldName(v.from!.field, scope);
    values = stepsExpr(variableSteps(v.from!), scope, { withAggregation: false });
  }
  return call('variable', obj([
    ['name', lit(name)],
    ['label', lit(v.label)],
    ['values', values],
    ['field', field === undefined ? undefined : lit(field)],
    ['multi', v.multi ? lit(true) : undefined],
    ['includeAll', v.includeAll ? undefined : lit(false)],
    ['default', v.default === undefined ? undefined : lit(v.default)],
  ]));
}

/** The filters before any extraction, which queries of one source may share. */
function leadingFilters(q: RecognisedQuery): Cond[] {
  return q.steps.filters.filter((c) => !condUsesExtracted(c));
}

/**
 * Queries of one source that start with the same filters share a constant holding them, as a
 * person would write it (`const logs = from(source).where('host', '=', host)`).
 */
function sharedStarts(d: ImportedDashboard, sources: readonly ImportedSource[], constants: Set<string>): { statements: ((variables: ReadonlyMap<string, string>) => Statement)[]; byPanel: Map<number, SharedStart> } {
  const groups = new Map<ImportedSource, number[]>();
  d.panels.forEach((p, i) => {
    if (p.kind === 'text' || p.query?.kind !== 'recognised') return;
    const s = sourceFor(sources, p.query.source);
    groups.set(s, [...(groups.get(s) ?? []), i]);
  });
  const statements: ((variables: ReadonlyMap<string, string>) => Statement)[] = [];
  const byPanel = new Map<number, SharedStart>();
  for (const [source, members] of groups) {
    if (members.length < 2) continue;
    const lists = members.map((i) => leadingFilters(d.panels[i]!.query as RecognisedQuery).map((c) => JSON.stringify(c)));
    let n = 0;
    while (lists.every((l) => n < l.length && l[n] === lists[0]![n])) n++;
    if (n === 0) continue;
    const constant = unique(constantFor(`${source.constant}Events`, 'events'), constants, '');
    const conds = leadingFilters(d.panels[members[0]!]!.query as RecognisedQuery).slice(0, n);
    statements.push((variables) => ({ name: constant, exported: false, expr: filterCalls(call('from', ref(source.constant)), conds, { source, variables }), comment: [`The filters ${members.length} panels of ${d.title} share.`] }));
    for (const i of members) byPanel.set(i, { constant, filters: n });
  }
  return { statements, byPanel };
}

function bindingOf(v: ImportedVariable): SourceBinding | undefined {
  return v.from?.source;
}

/** The statements of the generated file for everything in `file`. */
export function buildProgram(file: ImportedFile): Program {
  const registry = registerSources(file);
  const constants = new Set<string>(['w']);
  const sources = registry.finish(constants);
  const statements: Statement[] = [];
  const imports = new Set<string>(['dashboard']);
  for (const s of sources) {
    statements.push({ name: s.constant, exported: true, expr: sourceExpr(s) });
    imports.add('defineSource');
  }
  const dashboards: Program['dashboards'][number][] = [];
  const variableStatements = new Map<number, { dashboard: number; variable: number }>();
  const several = file.dashboards.length > 1;
  for (const [di, d] of file.dashboards.entries()) {
    const variableNames = variableIdentifiers(d.variables);
    const constantsOfVariables = new Map<string, string>();
    for (const [vi, v] of d.variables.entries()) {
      const name = variableNames.get(v.name)!;
      const constant = unique(constantFor(`${name}Variable`, 'variable'), constants, '');
      constantsOfVariables.set(v.name, constant);
      imports.add('variable');
      if (bindingOf(v)) imports.add('from');
      const comment = [...(name !== v.name ? [`named ${v.name} in ${PRODUCT_TITLES[file.product]}`] : []), ...v.lost.map((l) => `lost: ${l}`)];
      variableStatements.set(statements.length, { dashboard: di, variable: vi });
      statements.push({ name: constant, exported: false, expr: variableExpr(v, name, sources, constantsOfVariables), ...(comment.length ? { comment } : {}) });
    }
    const starts = sharedStarts(d, sources, constants);
    for (const st of starts.statements) statements.push(st(constantsOfVariables));
    const panelQueries: (Expr | undefined)[] = [];
    const panels = d.panels.map((p, pi) => {
      const { expr, query } = panelExpr(p, d, file.product, sources, constantsOfVariables, starts.byPanel.get(pi));
      panelQueries.push(query);
      imports.add(expr.k === 'call' ? expr.fn : 'text');
      if (p.query?.kind === 'recognised' && p.kind !== 'text') imports.add('from');
      if (p.query?.kind === 'raw' && p.kind !== 'text') imports.add('raw');
      return expr;
    });
    const time = 'last' in d.time ? obj([['last', lit(d.time.last)]]) : obj([['from', lit(d.time.from)], ['to', lit(d.time.to)]]);
    const expr = call('dashboard', obj([
      ['uid', lit(d.uid)],
      { key: 'title', value: lit(d.title), ...(d.lost.length ? { comment: d.lost.map((l) => `lost: ${l}`) } : {}) },
      ['description', d.description ? lit(d.description) : undefined],
      ['tags', d.tags.length ? arr(d.tags.map(lit)) : undefined],
      ['time', time],
      ['refresh', d.refresh ? lit(d.refresh) : undefined],
      ['variables', d.variables.length ? arr(d.variables.map((v) => ref(constantsOfVariables.get(v.name)!))) : undefined],
      ['panels', arr(panels)],
      ['splunk', d.splunkFormat === 'studio' ? obj([['format', lit('studio')]]) : undefined],
    ]));
    dashboards.push({ statement: statements.length, panelQueries, variableNames });
    statements.push(
      several
        ? { name: unique(constantFor(d.uid, 'imported'), constants, ''), exported: true, expr, comment: [`${d.title} (${d.format})`] }
        : { exported: true, isDefault: true, expr, comment: [`${d.title} (${d.format})`] },
    );
  }
  return { statements, imports: [...imports], sources, dashboards, variableStatements };
}
