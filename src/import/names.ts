// Names for what the generated file declares: logical field names (polydash identifiers),
// TypeScript constants, source ids and dashboard uids, each made from a product's own name.

import { identifierProblem } from '../query/identifiers.js';

/** TypeScript reserved words and the names the generated file imports. */
const TS_TAKEN = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'as',
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'await',
  'from', 'dashboard', 'defineSource', 'variable', 'raw', 'singleValue', 'timeSeries', 'bar', 'pie', 'table',
  'gauge', 'text', 'events', 'undefined', 'NaN', 'Infinity', 'Object', 'Array', 'String', 'Number', 'JSON',
]);

/** A polydash identifier for a product name: letters, digits and underscores, not reserved. */
export function identifierFor(native: string, fallback = 'field'): string {
  let s = native
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^[^A-Za-z]+/, '')
    .replace(/_+/g, '_')
    .replace(/_+$/, '');
  if (s.length > 31) {
    // a long dotted name is told apart by its last parts (kubernetes.node.name, not sysdig.event.labels)
    const parts = s.split('_');
    let tail = parts.pop()!;
    while (parts.length && `${parts[parts.length - 1]}_${tail}`.length <= 31) tail = `${parts.pop()}_${tail}`;
    s = tail.slice(0, 31).replace(/^[^A-Za-z]+/, '');
  }
  if (!s) s = fallback;
  if (identifierProblem(s)) s = `${s.slice(0, 24)}_value`;
  return identifierProblem(s) ? fallback : s;
}

/** Picks `base`, or `base_2`, `base_3`... so that `taken` does not hold it; records it. */
export function unique(base: string, taken: Set<string>, sep = '_'): string {
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 28)}${sep}${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** A camelCase TypeScript constant name. */
export function constantFor(text: string, fallback: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  let s = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  s = s.replace(/^[0-9]+/, '').slice(0, 40);
  if (!s) s = fallback;
  return TS_TAKEN.has(s) ? `${s}Value` : s;
}

/** A lower-case slug: the shape of source ids and of uids made from titles. */
export function slugFor(text: string, max = 40): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

const UID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** The product's id when polydash accepts it as a uid, else a slug of the title. */
export function uidFor(productId: string | undefined, title: string): string {
  if (productId && UID.test(productId)) return productId;
  return slugFor(title) || 'imported-dashboard';
}
