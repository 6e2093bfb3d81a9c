// A portable regular-expression tree. User regexes are parsed into it once; each query
// language prints it in its own dialect, so no dialect's syntax leaks into another.

export type Shorthand = 'd' | 'D' | 'w' | 'W' | 's' | 'S';

export type ClassItem =
  | { readonly kind: 'char'; readonly ch: string }
  | { readonly kind: 'range'; readonly from: string; readonly to: string }
  | { readonly kind: 'shorthand'; readonly name: Shorthand };

export type RegexNode =
  | { readonly kind: 'seq'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'alt'; readonly items: readonly RegexNode[] }
  /** One literal code point. */
  | { readonly kind: 'char'; readonly ch: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'class'; readonly negated: boolean; readonly items: readonly ClassItem[] }
  | { readonly kind: 'shorthand'; readonly name: Shorthand }
  /** A group; only named groups capture (unnamed ones print as non-capturing). */
  | { readonly kind: 'group'; readonly capture?: string; readonly item: RegexNode }
  | { readonly kind: 'repeat'; readonly item: RegexNode; readonly min: number; readonly max?: number; readonly lazy: boolean }
  | { readonly kind: 'assert'; readonly name: 'start' | 'end' | 'wordBoundary' | 'notWordBoundary' }
  | { readonly kind: 'caseInsensitive'; readonly item: RegexNode };

/** A regex matching `text` literally. */
export function literal(text: string): RegexNode {
  return { kind: 'seq', items: Array.from(text, (ch) => ({ kind: 'char', ch }) as const) };
}

/** The names of the capturing groups, in order. */
export function captureNames(node: RegexNode): string[] {
  const out: string[] = [];
  const walk = (n: RegexNode): void => {
    switch (n.kind) {
      case 'seq':
      case 'alt':
        n.items.forEach(walk);
        break;
      case 'group':
        if (n.capture) out.push(n.capture);
        walk(n.item);
        break;
      case 'repeat':
      case 'caseInsensitive':
        walk(n.item);
        break;
      default:
        break;
    }
  };
  walk(node);
  return out;
}

/** Named groups that have a value whenever the regex matches (not under ?, *, {0,n} or one side of |). */
export function mandatoryCaptures(node: RegexNode): string[] {
  switch (node.kind) {
    case 'seq':
      return node.items.flatMap(mandatoryCaptures);
    case 'alt': {
      const [first, ...rest] = node.items.map(mandatoryCaptures);
      return (first ?? []).filter((c) => rest.every((r) => r.includes(c)));
    }
    case 'group':
      return [...(node.capture ? [node.capture] : []), ...mandatoryCaptures(node.item)];
    case 'repeat':
      return node.min > 0 ? mandatoryCaptures(node.item) : [];
    case 'caseInsensitive':
      return mandatoryCaptures(node.item);
    default:
      return [];
  }
}
