import type { AnchorPart } from '../nodes.js';
import { literal, type RegexNode } from './ast.js';

/**
 * The regex an anchor parse means: literal text as itself, each capture lazily up to the next
 * literal, a final capture greedily to the end. Unanchored, like the parse.
 */
export function anchorRegex(parts: readonly AnchorPart[]): RegexNode {
  const kept = parts.filter((p) => p !== '');
  return {
    kind: 'seq',
    items: kept.map((p, i): RegexNode =>
      typeof p === 'string' ? literal(p) : { kind: 'group', capture: p.capture, item: { kind: 'repeat', item: { kind: 'any' }, min: 0, lazy: i < kept.length - 1 } },
    ),
  };
}
