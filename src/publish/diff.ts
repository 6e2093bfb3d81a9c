// A readable diff of two JSON documents: both printed with sorted keys, compared line by line,
// shown with a little context. Enough to review a plan; not a patch format.

import { sortKeys } from './canonical.js';

const CONTEXT = 2;
const MAX_LINES = 80;

function lines(value: unknown): string[] {
  return JSON.stringify(sortKeys(value), null, 2).split('\n');
}

/** `-` lines are live (remote), `+` lines are what polydash would push. */
export function jsonDiff(live: unknown, next: unknown): string {
  const a = lines(live);
  const b = lines(next);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  // longest common subsequence of the differing middle
  const lcs: number[][] = Array.from({ length: midA.length + 1 }, () => new Array<number>(midB.length + 1).fill(0));
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      lcs[i]![j] = midA[i] === midB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: { kind: ' ' | '-' | '+'; text: string }[] = a.slice(Math.max(0, start - CONTEXT), start).map((text) => ({ kind: ' ', text }));
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      ops.push({ kind: ' ', text: midA[i++]! });
      j++;
    } else if (i < midA.length && (j >= midB.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ kind: '-', text: midA[i++]! });
    else ops.push({ kind: '+', text: midB[j++]! });
  }
  ops.push(...a.slice(endA, endA + CONTEXT).map((text) => ({ kind: ' ' as const, text })));
  // keep changed lines and their context
  const keep = ops.map((o, k) => o.kind !== ' ' || ops.slice(Math.max(0, k - CONTEXT), k + CONTEXT + 1).some((x) => x.kind !== ' '));
  const out: string[] = [];
  ops.forEach((o, k) => {
    if (keep[k]) out.push(`${o.kind} ${o.text}`);
    else if (keep[k - 1]) out.push('  ...');
  });
  return out.length > MAX_LINES ? [...out.slice(0, MAX_LINES), `  ... (${out.length - MAX_LINES} more lines)`].join('\n') : out.join('\n');
}
