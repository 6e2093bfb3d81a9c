// Filter methods shared by the query builder and the callbacks of `.or()` / `.not()`.
// Every method returns a new builder; nothing is mutated.

import { DefinitionUsageError } from '../errors.js';
import type { VariableDef } from '../model/types.js';
import type { CompareOp, FieldRef, GlobPart, Operand, Pred, Scalar, VariableRef } from './nodes.js';

export type Value = Scalar | VariableDef;
export type WhereOp = CompareOp | 'in' | 'wildcard' | 'exists';

export function fieldRef(name: string): FieldRef {
  if (typeof name !== 'string' || name.length === 0) {
    throw new DefinitionUsageError(`expected a field name, got ${JSON.stringify(name)}`);
  }
  return Object.freeze({ kind: 'field', name });
}

export function toOperand(value: unknown, what: string): Operand {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DefinitionUsageError(`${what}: expected a finite number, got ${value}`);
    return value;
  }
  if (isVariableDef(value)) return variableRef(value);
  throw new DefinitionUsageError(`${what}: expected a string, number, boolean or variable, got ${describe(value)}`);
}

export function variableRef(v: VariableDef): VariableRef {
  return Object.freeze({ kind: 'var', name: v.name, multi: v.multi, includeAll: v.includeAll });
}

function isVariableDef(v: unknown): v is VariableDef {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'variable';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/** `web-*` -> ['web-', *]; `\*` is a literal star and `\\` a literal backslash. */
export function parseGlob(pattern: string): GlobPart[] {
  if (typeof pattern !== 'string' || pattern.length === 0) {
    throw new DefinitionUsageError(`wildcard: expected a non-empty pattern string, got ${describe(pattern)}`);
  }
  const parts: GlobPart[] = [];
  let text = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      text += pattern[++i];
    } else if (c === '*') {
      if (text) parts.push(text);
      text = '';
      if (typeof parts[parts.length - 1] !== 'object') parts.push(Object.freeze({ wildcard: '*' }));
    } else text += c;
  }
  if (text) parts.push(text);
  return parts;
}

function termValue(value: unknown, what: string): string | VariableRef {
  if (isVariableDef(value)) return variableRef(value);
  if (typeof value !== 'string' || value.length === 0) {
    throw new DefinitionUsageError(`${what}: expected a non-empty string or a variable, got ${describe(value)}`);
  }
  return value;
}

export function and(preds: readonly Pred[]): Pred | undefined {
  if (preds.length === 0) return undefined;
  if (preds.length === 1) return preds[0];
  return Object.freeze({ kind: 'and', args: Object.freeze([...preds]) });
}

/**
 * The filter vocabulary. `Self` is the concrete builder so chained calls keep their type.
 */
export abstract class FilterMethods<Self> {
  protected abstract withPredicate(pred: Pred): Self;

  /** Keyword search on the raw message; several terms are ANDed (`"a" "b"`). */
  search(...terms: Array<string | VariableDef>): Self {
    if (terms.length === 0) throw new DefinitionUsageError('search: expected at least one term');
    const preds = terms.map((t) => Object.freeze({ kind: 'term', value: termValue(t, 'search') }) as Pred);
    return this.withPredicate(and(preds)!);
  }

  /** Adjacent words on the raw message, e.g. `.phrase('Process violation')`. */
  phrase(text: string): Self {
    if (typeof text !== 'string' || text.trim().length === 0) {
      throw new DefinitionUsageError(`phrase: expected non-empty text, got ${describe(text)}`);
    }
    return this.withPredicate(Object.freeze({ kind: 'phrase', value: text }));
  }

  where(field: string, op: '=' | '!=', value: Value): Self;
  where(field: string, op: '<' | '<=' | '>' | '>=', value: number): Self;
  where(field: string, op: 'in', values: readonly Scalar[]): Self;
  where(field: string, op: 'wildcard', pattern: string): Self;
  where(field: string, op: 'exists'): Self;
  where(field: string, op: WhereOp, value?: unknown): Self {
    return this.withPredicate(wherePredicate(field, op, value));
  }

  /** Any of the branches: `.or(w => w.search('a'), w => w.where('host', '=', 'b'))`. */
  or(...branches: Array<(w: Filter) => Filter>): Self {
    if (branches.length < 2) throw new DefinitionUsageError('or: expected at least two branches');
    const args = branches.map((b, i) => branchPredicate(b, `or branch ${i + 1}`));
    return this.withPredicate(Object.freeze({ kind: 'or', args: Object.freeze(args) }));
  }

  /** None of: `.not(w => w.search('debug'))`. */
  not(branch: (w: Filter) => Filter): Self {
    return this.withPredicate(Object.freeze({ kind: 'not', arg: branchPredicate(branch, 'not') }));
  }
}

function wherePredicate(field: string, op: WhereOp, value: unknown): Pred {
  const f = fieldRef(field);
  switch (op) {
    case '=':
    case '!=':
      return Object.freeze({ kind: 'compare', field: f, op, value: toOperand(value, `where ${field} ${op}`) });
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new DefinitionUsageError(`where ${field} ${op}: expected a finite number, got ${describe(value)}`);
      }
      return Object.freeze({ kind: 'compare', field: f, op, value });
    case 'in': {
      if (!Array.isArray(value) || value.length === 0) {
        throw new DefinitionUsageError(`where ${field} in: expected a non-empty array of values, got ${describe(value)}`);
      }
      const values = value.map((v, i) => {
        const o = toOperand(v, `where ${field} in [${i}]`);
        if (typeof o === 'object') throw new DefinitionUsageError(`where ${field} in [${i}]: variables are not allowed in a list; use '=' with the variable`);
        return o;
      });
      return Object.freeze({ kind: 'in', field: f, values: Object.freeze(values) });
    }
    case 'wildcard':
      return Object.freeze({ kind: 'wildcard', field: f, pattern: Object.freeze(parseGlob(value as string)) });
    case 'exists':
      if (value !== undefined) throw new DefinitionUsageError(`where ${field} exists: takes no value`);
      return Object.freeze({ kind: 'exists', field: f });
    default:
      throw new DefinitionUsageError(
        `where ${field}: unknown operator ${JSON.stringify(op)}; expected one of =, !=, <, <=, >, >=, in, wildcard, exists`,
      );
  }
}

function branchPredicate(branch: (w: Filter) => Filter, what: string): Pred {
  if (typeof branch !== 'function') throw new DefinitionUsageError(`${what}: expected a function such as w => w.search('x')`);
  const result = branch(Filter.empty);
  if (!(result instanceof Filter)) throw new DefinitionUsageError(`${what}: the function must return the filter it was given, extended`);
  const pred = and(result.predicates);
  if (!pred) throw new DefinitionUsageError(`${what}: the branch has no condition`);
  return pred;
}

/** The builder handed to `.or()` and `.not()` callbacks. */
export class Filter extends FilterMethods<Filter> {
  static readonly empty = new Filter([]);
  private constructor(readonly predicates: readonly Pred[]) {
    super();
  }
  protected withPredicate(pred: Pred): Filter {
    return new Filter(Object.freeze([...this.predicates, pred]));
  }
}
