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

/**
 * The panels that are not exact, per target: unsupported ones by name (they are missing from
 * that product), approximations grouped by reason with the panels they affect.
 */
export function formatFidelity(outcome: BuildOutcome): string[] {
  const lines: string[] = [];
  const targets = [...new Set(outcome.dashboards.flatMap((d) => d.targets.map((t) => t.target)))];
  for (const target of targets) {
    const panels = outcome.dashboards.flatMap((d) => (d.targets.find((t) => t.target === target)?.panels ?? []).map((p) => ({ d, p })));
    const unsupported = panels.filter(({ p }) => p.fidelity === 'unsupported');
    const reasons = new Map<string, { message: string; panels: string[] }>();
    for (const { d, p } of panels) {
      for (const x of p.diagnostics) {
        if (x.severity !== 'approximate') continue;
        const r = reasons.get(x.code) ?? { message: x.message, panels: [] };
        r.panels.push(`${d.uid} › ${p.title || p.key}`);
        reasons.set(x.code, r);
      }
    }
    if (!unsupported.length && !reasons.size) continue;
    lines.push(`  ${target}:`);
    for (const { d, p } of unsupported) {
      lines.push(`    unsupported ${d.uid} › ${p.title || p.key}: ${p.diagnostics.filter((x) => x.severity === 'unsupported').map((x) => x.message).join('; ')}`);
    }
    for (const [code, r] of reasons) {
      const shown = r.panels.length > 3 ? `${r.panels.slice(0, 3).join(', ')} and ${r.panels.length - 3} more` : r.panels.join(', ');
      lines.push(`    approximate (${r.panels.length} panel${r.panels.length === 1 ? '' : 's'}: ${shown})`, `      ${code}: ${r.message}`);
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
  if (fidelity.length) lines.push('Panels that are not exact on every product (all details in the manifest):', ...fidelity);
  return `${lines.join('\n')}\n`;
}
