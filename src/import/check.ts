// Before anything is written, the generated definitions are evaluated with the real API,
// validated, and every recognised query is compiled back to its own product. A recognised query
// that fails any of these is kept raw instead (or reported lost), with the reason; so the file
// written always validates and builds.

import type { DashboardDef } from '../model/types.js';
import { validateDashboard } from '../model/validate.js';
import { compileQuery } from '../query/compile.js';
import type { QueryLanguage } from '../query/languages.js';
import type { PanelQuery } from '../query/nodes.js';
import { evaluate } from './code.js';
import type { ImportedDashboard, ImportedFile, ImportedPanel, ImportedQuery, ImportedVariable, RecognisedQuery, SourceBinding } from './model.js';
import { buildProgram, type Program } from './program.js';

/** The languages a recognised query must compile to, to show on its own product. */
export function ownLanguages(b: SourceBinding): QueryLanguage[] {
  switch (b.product) {
    case 'sumologic':
      return ['sumologic'];
    case 'splunk':
      return ['splunk'];
    case 'loki':
      return ['loki'];
    case 'elastic':
      return b.grafana ? ['grafana-elasticsearch'] : ['kibana-lens', 'esql'];
  }
}

/** The fallback of a recognised query: its original text kept raw, or lost when there is no raw key. */
export function demoted(q: RecognisedQuery, why: string): ImportedQuery {
  return q.rawKey ? { kind: 'raw', key: q.rawKey, text: q.original, why } : { kind: 'lost', text: q.original, why };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface Demotion {
  readonly dashboard: number;
  readonly panel?: number;
  readonly variable?: number;
  readonly why: string;
}

/** Problems of one evaluated program, as demotions; empty when everything checks. */
function problems(file: ImportedFile, program: Program): Demotion[] {
  const out: Demotion[] = [];
  const env = new Map<string, unknown>();
  for (const [si, s] of program.statements.entries()) {
    const d = program.dashboards.findIndex((x) => x.statement === si);
    if (d < 0) {
      try {
        const v = evaluate(s.expr, env);
        if (s.name) env.set(s.name, v);
      } catch (e) {
        const at = program.variableStatements.get(si);
        if (!at) throw e; // a source the readers built wrongly: a polydash bug
        out.push({ dashboard: at.dashboard, variable: at.variable, why: errorMessage(e) });
        return out;
      }
      continue;
    }
    const info = program.dashboards[d]!;
    const dash = file.dashboards[d]!;
    const queries = new Map<number, PanelQuery>();
    info.panelQueries.forEach((q, pi) => {
      if (!q || dash.panels[pi]!.query?.kind !== 'recognised') return;
      try {
        const built = evaluate(q, env) as { build?: () => PanelQuery };
        queries.set(pi, typeof built.build === 'function' ? built.build() : (built as unknown as PanelQuery));
      } catch (e) {
        out.push({ dashboard: d, panel: pi, why: errorMessage(e) });
      }
    });
    if (out.length) return out;
    let def: DashboardDef;
    try {
      def = evaluate(s.expr, env) as DashboardDef;
    } catch (e) {
      out.push({ dashboard: d, why: `the dashboard could not be built: ${errorMessage(e)}` });
      return out;
    }
    for (const issue of validateDashboard(def)) {
      const m = /^(panels|variables)\[(\d+)\]/.exec(issue.path);
      if (m?.[1] === 'panels') out.push({ dashboard: d, panel: Number(m[2]), why: `${issue.path.replace(/^panels\[\d+\]\.?/, '') || 'panel'}: ${issue.message}` });
      else if (m?.[1] === 'variables') out.push({ dashboard: d, variable: Number(m[2]), why: issue.message });
      else out.push({ dashboard: d, why: `${issue.path}: ${issue.message}` });
    }
    if (out.length) return out;
    for (const [pi, q] of queries) {
      const p = dash.panels[pi]!;
      const languages = ownLanguages((p.query as RecognisedQuery).source);
      const compiled = languages.map((l) => compileQuery(q, l));
      if (compiled.every((c) => c.fidelity === 'unsupported')) {
        out.push({ dashboard: d, panel: pi, why: `it does not compile back to ${file.product}: ${compiled[0]!.diagnostics.map((x) => x.message).join('; ')}` });
      }
    }
  }
  return out;
}

function demotePanel(p: ImportedPanel, why: string): ImportedPanel {
  if (p.query?.kind !== 'recognised') {
    return { ...p, kind: 'text', query: { kind: 'lost', text: p.query?.kind === 'raw' ? p.query.text : '', why } };
  }
  const q = demoted(p.query, why);
  return { ...p, query: q, ...(q.kind === 'lost' ? { kind: 'text' as const } : {}) };
}

/** A variable whose values query failed: the plain distinct values of its field. */
function demoteVariable(v: ImportedVariable, why: string): ImportedVariable {
  if (v.from?.filters?.length) return { ...v, from: { source: v.from.source, field: v.from.field }, lost: [...v.lost, `the filters of its values query (${why})`] };
  const fallback = v.default && v.default !== '*' && /^[^\u0000-\u001f"{}$|,\\*]+$/.test(v.default) ? v.default : 'any';
  const { from: _from, ...rest } = v;
  return { ...rest, values: [fallback], default: v.includeAll ? '*' : fallback, lost: [...v.lost, `its values (${why}); one placeholder value is listed`] };
}

/** Checks `file`, keeping raw whatever fails; returns the file that validates and its program. */
export function checkImport(file: ImportedFile): { file: ImportedFile; program: Program; defs: DashboardDef[] } {
  let current = file;
  for (let round = 0; round < 20; round++) {
    const program = buildProgram(current);
    const found = problems(current, program);
    if (found.length === 0) {
      const env = new Map<string, unknown>();
      const defs: DashboardDef[] = [];
      program.statements.forEach((s, si) => {
        const v = evaluate(s.expr, env);
        if (s.name) env.set(s.name, v);
        if (program.dashboards.some((d) => d.statement === si)) defs.push(v as DashboardDef);
      });
      return { file: current, program, defs };
    }
    const dashboards: ImportedDashboard[] = current.dashboards.map((d, di) => {
      const mine = found.filter((x) => x.dashboard === di);
      if (!mine.length) return d;
      const panels = d.panels.map((p, pi) => {
        const hit = mine.find((x) => x.panel === pi);
        return hit ? demotePanel(p, hit.why) : p;
      });
      const variables = d.variables.map((v, vi) => {
        const hit = mine.find((x) => x.variable === vi);
        return hit ? demoteVariable(v, hit.why) : v;
      });
      const general = mine.filter((x) => x.panel === undefined && x.variable === undefined);
      if (general.length && !mine.some((x) => x.panel !== undefined || x.variable !== undefined)) {
        // nothing to pin it on: keep every recognised query raw
        return { ...d, panels: panels.map((p) => (p.query?.kind === 'recognised' ? demotePanel(p, general[0]!.why) : p)), variables };
      }
      return { ...d, panels, variables };
    });
    current = { ...current, dashboards };
  }
  throw new Error('import: the generated definitions still do not validate after keeping every failing query raw');
}
