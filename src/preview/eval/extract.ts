// Extraction: anchor parse, regex parse and JSON paths. Each reads the raw message (or the
// field named as its input) and adds fields to the row; a row it cannot extract from is dropped.

import type { Extract, JsonPath } from '../../query/nodes.js';
import { anchorRegex } from '../../query/regex/anchor.js';
import { type CompiledRegex, compileRegex } from './regex.js';
import { fieldValue, type Row } from './row.js';
import type { EventKeys, FieldValue } from './types.js';
import { asText } from './values.js';

const compiled = new WeakMap<Extract, CompiledRegex>();

function regexOf(e: Extract & { kind: 'parse' | 'parseRegex' }): CompiledRegex {
  let c = compiled.get(e);
  if (!c) {
    // An anchor parse is the regex it means: each capture lazily up to the next literal text,
    // a final capture greedily to the end of the line, unanchored.
    c = compileRegex(e.kind === 'parse' ? anchorRegex(e.parts) : e.regex);
    compiled.set(e, c);
  }
  return c;
}

/** The row with the extracted fields added, or undefined when the row is dropped. */
export function extract(row: Row, e: Extract, keys: EventKeys): Row | undefined {
  const input = e.input ? asText(fieldValue(row, e.input, keys)) : row.event.message;
  if (input === undefined) return undefined;
  if (e.kind === 'json') return extractJson(row, input, e.paths);
  const { re, names } = regexOf(e);
  const m = re.exec(input);
  if (!m) return undefined;
  const fields: Record<string, FieldValue> = { ...row.extracted };
  names.forEach((name, i) => {
    const v = m[i + 1];
    // A group that took no part in the match leaves its field without a value.
    if (v !== undefined) fields[name] = v;
    else if (!Object.hasOwn(fields, name)) fields[name] = undefined;
  });
  return { event: row.event, extracted: fields };
}

function extractJson(row: Row, input: string, paths: readonly JsonPath[]): Row | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(input);
  } catch {
    return undefined;
  }
  const fields: Record<string, FieldValue> = { ...row.extracted };
  for (const p of paths) {
    const found = walk(doc, p.path);
    if (!found.present) return undefined;
    fields[p.as] = found.value;
  }
  return { event: row.event, extracted: fields };
}

/** JSON null is present (the line is kept) but has no value; a missing key or index is absent. */
function walk(doc: unknown, path: readonly (string | number)[]): { present: boolean; value: FieldValue } {
  let node = doc;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(node) || seg >= node.length) return { present: false, value: undefined };
      node = node[seg];
    } else {
      if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, seg)) return { present: false, value: undefined };
      node = (node as Record<string, unknown>)[seg];
    }
  }
  if (node === null) return { present: true, value: null };
  if (typeof node === 'object') return { present: true, value: JSON.stringify(node) };
  return { present: true, value: node as string | number | boolean };
}
