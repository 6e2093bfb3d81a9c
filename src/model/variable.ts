import { DefinitionUsageError } from '../errors.js';
import { QueryBuilder } from '../query/builder.js';
import type { Query } from '../query/nodes.js';
import { deepFreeze } from '../util/freeze.js';
import type { VariableDef } from './types.js';

export interface VariableInput {
  /** Referenced in queries by passing the variable itself as a value. */
  readonly name: string;
  readonly label?: string;
  /** A fixed list, or a query whose results' distinct `field` values become the choices. */
  readonly values: readonly string[] | QueryBuilder | Query;
  /** The logical field whose values a query-valued variable offers. */
  readonly field?: string;
  readonly multi?: boolean;
  /** Offer "All" (`*`). Defaults to true. */
  readonly includeAll?: boolean;
  readonly default?: string;
}

/** A dashboard variable: `.where('host', '=', hostVariable)` filters by the viewer's choice. */
export function variable(input: VariableInput): VariableDef {
  if (typeof input !== 'object' || input === null) throw new DefinitionUsageError('variable: expected an object');
  const { values, ...rest } = input;
  const includeAll = input.includeAll ?? true;
  const fixed = Array.isArray(values) ? [...(values as readonly string[])] : undefined;
  const query = values instanceof QueryBuilder ? values.build() : fixed ? undefined : (values as Query | undefined);
  if (!fixed && (typeof query !== 'object' || query === null || query.kind !== 'query')) {
    throw new DefinitionUsageError(`variable ${JSON.stringify(input.name)}: values must be a list of strings or a query from from(source)`);
  }
  const fallback = includeAll ? '*' : fixed?.[0];
  const def = {
    ...rest,
    kind: 'variable',
    label: input.label ?? input.name,
    multi: input.multi ?? false,
    includeAll,
    ...(fixed ? { values: fixed } : { query }),
    ...(input.default ?? fallback) !== undefined ? { default: input.default ?? fallback } : {},
  };
  return deepFreeze(def) as VariableDef;
}
