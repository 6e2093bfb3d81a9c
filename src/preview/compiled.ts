// Each panel's query as each product is sent it, with the product's fidelity verdict. The
// verdict and diagnostics come from the product's own renderer (its PanelReport, which adds
// panel-level notes to the printer's); the text is the printer's output for the same query
// shape the renderer derives for the panel kind.

import type { DashboardDef, PanelDef } from '../model/types.js';
import { compileQuery } from '../query/compile.js';
import { latestBucketQuery, seriesQuery } from '../query/derive.js';
import type { Diagnostic, Fidelity } from '../query/fidelity.js';
import { isQueryLanguage } from '../query/languages.js';
import type { PanelQuery } from '../query/nodes.js';
import { TARGETS } from '../targets/index.js';
import type { PanelReport } from '../targets/target.js';

export interface ProductQuery {
  readonly target: string;
  readonly product: string;
  readonly language?: string;
  readonly fidelity: Fidelity;
  /** The query text; structured outputs (Lens, Grafana) as JSON. */
  readonly text?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** The query shape a target derives for a panel kind (see each target's render). */
async function derivedQuery(target: string, panel: PanelDef & { query: PanelQuery }): Promise<PanelQuery> {
  const q = panel.query;
  if (q.kind !== 'query') return q;
  const single = panel.type === 'singleValue' || panel.type === 'gauge';
  const chart = panel.type === 'timeSeries' || panel.type === 'bar';
  switch (target) {
    case 'sumologic':
      return chart ? seriesQuery(q) : q;
    case 'grafana':
      return single ? (await import('../targets/grafana/queries.js')).reducedQuery(q) : q;
    default:
      return single ? latestBucketQuery(q) : chart ? seriesQuery(q) : q;
  }
}

function outputText(output: string | object | undefined): string | undefined {
  if (output === undefined) return undefined;
  return typeof output === 'string' ? output : JSON.stringify(output, null, 2);
}

/** Per panel key, one entry per product target. A target that fails to render says why. */
export async function compiledQueries(def: DashboardDef): Promise<Record<string, ProductQuery[]>> {
  const out: Record<string, ProductQuery[]> = Object.fromEntries(def.panels.map((p) => [p.key, [] as ProductQuery[]]));
  for (const entry of TARGETS) {
    let reports: readonly PanelReport[];
    try {
      const target = await entry.load();
      reports = target.render(def, { options: {} }).panels;
    } catch (e) {
      for (const p of def.panels) {
        out[p.key]!.push({ target: entry.name, product: entry.title, fidelity: 'unsupported', diagnostics: [{ code: 'preview.render-failed', severity: 'unsupported', message: `the ${entry.title} renderer failed: ${(e as Error).message}` }] });
      }
      continue;
    }
    for (const panel of def.panels) {
      const report = reports.find((r) => r.key === panel.key);
      if (!report) continue;
      let text: string | undefined;
      if (panel.type !== 'text' && report.language && isQueryLanguage(report.language) && report.fidelity !== 'unsupported') {
        text = outputText(compileQuery(await derivedQuery(entry.name, panel), report.language).output);
      }
      out[panel.key]!.push({
        target: entry.name,
        product: entry.title,
        ...(report.language ? { language: report.language } : {}),
        fidelity: report.fidelity,
        ...(text !== undefined ? { text } : {}),
        diagnostics: report.diagnostics,
      });
    }
  }
  return out;
}
