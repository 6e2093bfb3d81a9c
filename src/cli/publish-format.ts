// Human-readable plan and push results.

import type { Action, ItemResult, PlanItem } from '../publish/engine.js';
import type { PublishOutcome } from '../publish/run.js';

const SYMBOL: Record<Action, string> = {
  create: '+',
  update: '~',
  unchanged: '=',
  drifted: '!',
  conflict: '!',
  orphaned: '-',
  duplicate: '-',
  permissions: '~',
  'permissions-drifted': '!',
  refused: 'x',
};

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

export function formatPlanItem(i: PlanItem, withDiff: boolean): string {
  const head = `  ${SYMBOL[i.action]} ${i.action.padEnd(11)} ${i.uid}${i.title ? `  (${i.title})` : ''}`;
  const reason = i.action === 'unchanged' || i.action === 'create' ? '' : `\n      ${i.reason}`;
  const notes = (i.notes ?? []).map((n) => `\n        ${n}`).join('');
  return head + reason + notes + (withDiff && i.diff ? `\n${indent(i.diff, '      ')}` : '');
}

function stats(p: PublishOutcome['products'][number]): string {
  const s = p.stats;
  return s ? ` (${s.requests} requests: ${s.reads} reads, ${s.writes} writes; ${s.throttled} throttled, ${s.retries} retried)` : '';
}

export function formatPlan(outcome: PublishOutcome): string {
  const out: string[] = [`Plan for environment ${outcome.environment}:`];
  const totals = new Map<Action, number>();
  for (const p of outcome.products) {
    out.push(`${p.product}${stats(p)}`);
    if (p.error) out.push(`  error: ${p.error}`);
    for (const i of p.plan?.items ?? []) {
      totals.set(i.action, (totals.get(i.action) ?? 0) + 1);
      out.push(formatPlanItem(i, true));
    }
  }
  out.push(`Plan: ${[...totals].map(([a, n]) => `${n} ${a}`).join(', ') || 'nothing to do'}.`);
  return `${out.join('\n')}\n`;
}

export function formatResult(r: ItemResult): string {
  return `  ${r.item.product} › ${r.item.uid}: ${r.outcome}${r.message ? ` (${r.message})` : ''}`;
}

export function formatPush(outcome: PublishOutcome, progressShown: boolean): string {
  const out: string[] = [`Push to environment ${outcome.environment}:`];
  const totals = new Map<string, number>();
  for (const p of outcome.products) {
    out.push(`${p.product}${stats(p)}`);
    if (p.error) out.push(`  error: ${p.error}`);
    for (const r of p.results ?? []) {
      const key = r.item.action.startsWith('permissions') && r.outcome === 'updated' ? 'permissions set' : r.outcome;
      totals.set(key, (totals.get(key) ?? 0) + 1);
      if (!progressShown || r.outcome === 'failed' || r.outcome === 'skipped') out.push(formatResult(r));
    }
  }
  out.push(`Summary: ${[...totals].map(([a, n]) => `${n} ${a}`).join(', ') || 'nothing to do'}.`);
  return `${out.join('\n')}\n`;
}
