// A small syntax tree of the generated definition file: constants, calls of the public API,
// method chains, object literals with comments. The same tree is evaluated with the real API
// (to validate and compile what will be written) and printed as TypeScript, so the file
// written is exactly what was checked.

import * as api from '../index.js';

export type Expr =
  | { readonly k: 'lit'; readonly v: string | number | boolean }
  | { readonly k: 'arr'; readonly items: readonly Expr[] }
  | { readonly k: 'obj'; readonly entries: readonly Entry[] }
  | { readonly k: 'ref'; readonly name: string }
  | { readonly k: 'call'; readonly fn: ApiFunction; readonly args: readonly Expr[] }
  | { readonly k: 'method'; readonly target: Expr; readonly name: string; readonly args: readonly Expr[] }
  /** `w => <body>`, the callback of `.or()` and `.not()`; `param` stands for `w` inside. */
  | { readonly k: 'lambda'; readonly body: Expr }
  | { readonly k: 'param' };

export interface Entry {
  readonly key: string;
  readonly value: Expr;
  /** Lines written as `// ...` above the entry. */
  readonly comment?: readonly string[];
}

export type ApiFunction = 'defineSource' | 'from' | 'dashboard' | 'variable' | 'raw' | 'singleValue' | 'timeSeries' | 'bar' | 'pie' | 'table' | 'gauge' | 'text' | 'events';

export interface Statement {
  readonly name?: string;
  readonly exported: boolean;
  /** `export default` when true (then `name` is unused). */
  readonly isDefault?: boolean;
  readonly expr: Expr;
  readonly comment?: readonly string[];
}

export const lit = (v: string | number | boolean): Expr => ({ k: 'lit', v });
export const arr = (items: readonly Expr[]): Expr => ({ k: 'arr', items });
export const ref = (name: string): Expr => ({ k: 'ref', name });
export const call = (fn: ApiFunction, ...args: Expr[]): Expr => ({ k: 'call', fn, args });
export const method = (target: Expr, name: string, ...args: Expr[]): Expr => ({ k: 'method', target, name, args });
export const lambda = (body: Expr): Expr => ({ k: 'lambda', body });
export const param: Expr = { k: 'param' };

/** An object literal; entries whose value is undefined are left out. */
export function obj(entries: readonly (Entry | [string, Expr | undefined] | undefined)[]): Expr {
  const out: Entry[] = [];
  for (const e of entries) {
    if (!e) continue;
    if (Array.isArray(e)) {
      if (e[1] !== undefined) out.push({ key: e[0], value: e[1] });
    } else out.push(e);
  }
  return { k: 'obj', entries: out };
}

/** A plain value as an expression: strings, numbers, booleans, arrays and objects. */
export function value(v: unknown): Expr {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return lit(v);
  if (Array.isArray(v)) return arr(v.map(value));
  if (typeof v === 'object' && v !== null) return obj(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, value(x)]));
  throw new TypeError(`import: cannot write ${String(v)} as a literal`);
}

const FUNCTIONS: Record<ApiFunction, (...args: never[]) => unknown> = {
  defineSource: api.defineSource,
  from: api.from,
  dashboard: api.dashboard,
  variable: api.variable,
  raw: api.raw,
  singleValue: api.singleValue,
  timeSeries: api.timeSeries,
  bar: api.bar,
  pie: api.pie,
  table: api.table,
  gauge: api.gauge,
  text: api.text,
  events: api.events,
};

/** Evaluates an expression with the real public API; `env` holds the constants defined so far. */
export function evaluate(e: Expr, env: ReadonlyMap<string, unknown>, paramValue?: unknown): unknown {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'arr':
      return e.items.map((x) => evaluate(x, env, paramValue));
    case 'obj':
      return Object.fromEntries(e.entries.map((x) => [x.key, evaluate(x.value, env, paramValue)]));
    case 'ref':
      if (!env.has(e.name)) throw new Error(`import: ${e.name} is used before it is defined`);
      return env.get(e.name);
    case 'call':
      return (FUNCTIONS[e.fn] as (...args: unknown[]) => unknown)(...e.args.map((a) => evaluate(a, env, paramValue)));
    case 'method': {
      const target = evaluate(e.target, env, paramValue) as Record<string, (...args: unknown[]) => unknown>;
      return target[e.name]!.call(target, ...e.args.map((a) => evaluate(a, env, paramValue)));
    }
    case 'lambda':
      return (w: unknown) => evaluate(e.body, env, w);
    case 'param':
      return paramValue;
  }
}

/** Evaluates the statements in order; returns every constant and the exported dashboards. */
export function evaluateProgram(statements: readonly Statement[]): { env: Map<string, unknown>; exported: unknown[] } {
  const env = new Map<string, unknown>();
  const exported: unknown[] = [];
  for (const s of statements) {
    const v = evaluate(s.expr, env);
    if (s.name) env.set(s.name, v);
    if (s.exported || s.isDefault) exported.push(v);
  }
  return { env, exported };
}
