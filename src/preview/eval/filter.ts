// Filters: keyword and phrase search on the raw message, and tests on fields.

import type { GlobPart, Operand, Pred, Scalar } from '../../query/nodes.js';
import { isVariableRef } from '../../query/nodes.js';
import { fieldValue, type Row } from './row.js';
import { matchesText } from './text-search.js';
import type { EventKeys, FieldValue, VariableValue } from './types.js';
import { asNumber, asText, hasValue } from './values.js';

export interface FilterContext {
  readonly keys: EventKeys;
  readonly variables: Readonly<Record<string, VariableValue>>;
}

/** The selected values of a variable, or undefined for All (`*`, or no value given). */
export function selectedValues(value: VariableValue | undefined): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const values = typeof value === 'string' ? [value] : value;
  return values.length === 0 || values.includes('*') ? undefined : values;
}

/** `=` on one value: numbers numerically, strings and booleans by exact text. */
export function equals(v: FieldValue, operand: Scalar): boolean {
  if (!hasValue(v)) return false;
  if (typeof operand === 'number') return asNumber(v) === operand;
  return asText(v) === String(operand);
}

function compareNumber(v: FieldValue, op: '<' | '<=' | '>' | '>=', operand: number): boolean {
  const n = asNumber(v);
  if (n === undefined) return false;
  switch (op) {
    case '<':
      return n < operand;
    case '<=':
      return n <= operand;
    case '>':
      return n > operand;
    case '>=':
      return n >= operand;
  }
}

const globCache = new WeakMap<readonly GlobPart[], RegExp>();

/** The whole value against a glob: `*` is any run of characters (line breaks too), case-sensitive. */
export function matchesGlob(v: FieldValue, pattern: readonly GlobPart[]): boolean {
  const text = asText(v);
  if (text === undefined) return false;
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern.map((p) => (typeof p === 'string' ? p.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => `\\${c}`) : '[\\s\\S]*')).join('');
    re = new RegExp(`^${body}$`, 'u');
    globCache.set(pattern, re);
  }
  return re.test(text);
}

function compare(row: Row, pred: Extract<Pred, { kind: 'compare' }>, ctx: FilterContext): boolean {
  const v = fieldValue(row, pred.field, ctx.keys);
  const operand: Operand = pred.value;
  if (isVariableRef(operand)) {
    const selected = selectedValues(ctx.variables[operand.name]);
    if (selected === undefined) return true; // All: the variable does not filter
    const any = selected.some((s) => equals(v, s));
    return pred.op === '!=' ? !any : any;
  }
  switch (pred.op) {
    case '=':
      return equals(v, operand);
    case '!=':
      return !equals(v, operand); // events without the field pass, as NOT field=value
    default:
      return typeof operand === 'number' && compareNumber(v, pred.op, operand);
  }
}

export function matches(row: Row, pred: Pred, ctx: FilterContext): boolean {
  switch (pred.kind) {
    case 'and':
      return pred.args.every((p) => matches(row, p, ctx));
    case 'or':
      return pred.args.some((p) => matches(row, p, ctx));
    case 'not':
      return !matches(row, pred.arg, ctx);
    case 'term': {
      if (!isVariableRef(pred.value)) return matchesText(row.event.message, pred.value);
      const selected = selectedValues(ctx.variables[pred.value.name]);
      return selected === undefined || selected.some((s) => matchesText(row.event.message, s));
    }
    case 'phrase':
      return matchesText(row.event.message, pred.value);
    case 'compare':
      return compare(row, pred, ctx);
    case 'in': {
      const v = fieldValue(row, pred.field, ctx.keys);
      return pred.values.some((x) => equals(v, x));
    }
    case 'wildcard':
      return matchesGlob(fieldValue(row, pred.field, ctx.keys), pred.pattern);
    case 'exists':
      return hasValue(fieldValue(row, pred.field, ctx.keys));
  }
}
