// Human-readable rendering of build results and located problems.

import type { BuildOutcome, LocatedIssue } from '../build/build.js';

export function formatIssue(i: LocatedIssue): string {
  const where = [
    `${i.file}${i.line !== undefined ? `:${i.line}${i.column !== undefined ? `:${i.column}` : ''}` : ''}`,
    ...(i.dashboard !== undefined ? [i.dashboard] : []),
    ...(i.panel ? [`panel ${i.panel.index + 1} ${JSON.stringify(i.panel.title || i.panel.key)}`] : []),
    ...(i.path ? [i.path] : []),
  ].join(' › ');
  return `${where}\n  ${i.message}`;
}

export function formatIssues(issues: readonly LocatedIssue[]): string {
  const n = issues.length;
  return `${issues.map(formatIssue).join('\n')}\n\n${n} problem${n === 1 ? '' : 's'} found; nothing was written.\n`;
}

/** The non-exact panels, one line each, grouped by dashboard and target. */
export function formatFidelity(outcome: BuildOutcome): string[] {
  const lines: string[] = [];
  for (const d of outcome.dashboards) {
    for (const t of d.targets) {
      for (const p of t.panels) {
        if (p.fidelity === 'exact') continue;
        const reasons = p.diagnostics.filter((x) => x.severity !== 'info').map((x) => x.message).join('; ');
        lines.push(`  ${p.fidelity.padEnd(11)} ${d.uid} › ${t.target} › ${JSON.stringify(p.title || p.key)}: ${reasons}`);
      }
    }
  }
  return lines;
}

export function formatBuild(outcome: BuildOutcome, outDir: string): string {
  const targets = new Set(outcome.dashboards.flatMap((d) => d.targets.map((t) => t.target)));
  const lines = [
    `Built ${outcome.dashboards.length} dashboard${outcome.dashboards.length === 1 ? '' : 's'} for ${[...targets].join(', ')} into ${outDir}/ ` +
      `(${outcome.written.length} written, ${outcome.unchanged.length} unchanged${outcome.removed.length ? `, ${outcome.removed.length} removed` : ''}).`,
  ];
  const fidelity = formatFidelity(outcome);
  if (fidelity.length) lines.push('Panels that are not exact on every product:', ...fidelity);
  return `${lines.join('\n')}\n`;
}
