// What an import kept, per panel: the query recognised into the neutral model (exactly, or with
// named differences), kept raw for its own product (and why), or lost (and why); plus every
// detail of a panel, variable or dashboard that did not survive.

import type { PanelType } from '../model/types.js';
import type { ImportedFile, Product } from './model.js';

export type PanelStatus = 'recognised' | 'approximate' | 'raw' | 'lost' | 'text';

export interface PanelEntry {
  readonly title: string;
  readonly productKind: string;
  readonly kind: PanelType;
  readonly status: PanelStatus;
  /** Why a query is approximate, raw or lost. */
  readonly why: readonly string[];
  /** Other details that did not survive. */
  readonly lost: readonly string[];
}

export interface DashboardEntry {
  readonly uid: string;
  readonly title: string;
  readonly format: string;
  readonly panels: readonly PanelEntry[];
  readonly variables: readonly { readonly name: string; readonly lost: readonly string[] }[];
  readonly lost: readonly string[];
}

export interface Counts {
  /** Panels with a query. */
  readonly queries: number;
  readonly recognised: number;
  readonly approximate: number;
  readonly raw: number;
  readonly lost: number;
}

export interface ImportReport {
  readonly product: Product;
  readonly dashboards: readonly DashboardEntry[];
  readonly counts: Counts;
  readonly notes: readonly string[];
}

export function reportOf(file: ImportedFile): ImportReport {
  const dashboards = file.dashboards.map((d): DashboardEntry => ({
    uid: d.uid,
    title: d.title,
    format: d.format,
    lost: d.lost,
    variables: d.variables.map((v) => ({ name: v.name, lost: v.lost })),
    panels: d.panels.map((p): PanelEntry => {
      const q = p.query;
      const base = { title: p.title, productKind: p.productKind, kind: p.kind, lost: p.lost };
      if (!q) return { ...base, status: 'text', why: [] };
      if (q.kind === 'recognised') return { ...base, status: q.approximations.length ? 'approximate' : 'recognised', why: q.approximations };
      return { ...base, status: q.kind, why: [q.why] };
    }),
  }));
  return { product: file.product, dashboards, counts: countsOf(dashboards.flatMap((d) => d.panels)), notes: file.notes };
}

export function countsOf(panels: readonly PanelEntry[]): Counts {
  const n = (s: PanelStatus): number => panels.filter((p) => p.status === s).length;
  return { queries: panels.filter((p) => p.status !== 'text').length, recognised: n('recognised'), approximate: n('approximate'), raw: n('raw'), lost: n('lost') };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { queries: a.queries + b.queries, recognised: a.recognised + b.recognised, approximate: a.approximate + b.approximate, raw: a.raw + b.raw, lost: a.lost + b.lost };
}

function percent(n: number, of: number): string {
  return of === 0 ? '-' : `${Math.round((100 * n) / of)}%`;
}

/** `12 of 20 queries recognised (60%; 9 exactly, 3 with differences), 6 kept raw, 2 lost`. */
export function summary(c: Counts): string {
  const recognised = c.recognised + c.approximate;
  return `${recognised} of ${c.queries} queries recognised (${percent(recognised, c.queries)}; ${c.recognised} exactly, ${c.approximate} with differences), ${c.raw} kept raw, ${c.lost} lost`;
}

const LABEL: Record<PanelStatus, string> = { recognised: 'recognised', approximate: 'recognised, approximately', raw: 'kept raw', lost: 'lost', text: 'text' };

/** The report for people: one line per panel, reasons indented below. */
export function formatReport(r: ImportReport): string {
  const lines: string[] = [];
  for (const d of r.dashboards) {
    lines.push(`${d.title} (${d.uid}, ${d.format}): ${summary(countsOf(d.panels))}`);
    for (const l of d.lost) lines.push(`  lost: ${l}`);
    for (const v of d.variables) for (const l of v.lost) lines.push(`  variable ${v.name}: lost ${l}`);
    d.panels.forEach((p, i) => {
      lines.push(`  ${String(i + 1).padStart(2)}. ${p.title || '(untitled)'} [${p.productKind} -> ${p.kind}]: ${LABEL[p.status]}`);
      for (const w of p.why) lines.push(`        ${p.status === 'approximate' ? 'differs' : 'why'}: ${w}`);
      for (const l of p.lost) lines.push(`        lost: ${l}`);
    });
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}
