// A regex that is exactly an anchor parse (literal text, each capture lazily up to the next
// text, the last one greedily to the end) reads back as that parse: products without an anchor
// parse (Splunk's rex, Sumo's parse regex for a * in the text) receive it as such a regex.

import type { RegexNode } from '../query/regex/ast.js';
import { parseRegex, RegexSyntaxError } from '../query/regex/parse.js';

function flatten(n: RegexNode): RegexNode[] {
  return n.kind === 'seq' ? n.items.flatMap(flatten) : [n];
}

/** The anchor parse a regex spells out, as a `.parse()` pattern and field names; undefined otherwise. */
export function anchorParse(regex: string): { pattern: string; fields: string[] } | undefined {
  let node: RegexNode;
  try {
    node = parseRegex(regex);
  } catch (e) {
    if (e instanceof RegexSyntaxError) return undefined;
    throw e;
  }
  const items = flatten(node);
  let pattern = '';
  const fields: string[] = [];
  let previousWasCapture = false;
  for (const [i, it] of items.entries()) {
    if (it.kind === 'char') {
      if (it.ch === '*') return undefined;
      pattern += it.ch;
      previousWasCapture = false;
      continue;
    }
    const last = i === items.length - 1;
    if (it.kind !== 'group' || !it.capture || previousWasCapture) return undefined;
    const r = it.item;
    if (r.kind !== 'repeat' || r.item.kind !== 'any' || r.min !== 0 || r.max !== undefined || r.lazy === last) return undefined;
    pattern += '*';
    fields.push(it.capture);
    previousWasCapture = true;
  }
  return fields.length ? { pattern, fields } : undefined;
}
