// Queries derived from user queries by the compiler itself.

import type { Query } from './nodes.js';

/** The distinct values of `field` in `query`'s results, most frequent first: populates a variable. */
export function valuesQuery(query: Query, field: string): Query {
  const ref = Object.freeze({ kind: 'field' as const, name: field });
  return Object.freeze({
    ...query,
    aggregate: Object.freeze({ measures: Object.freeze([Object.freeze({ kind: 'measure' as const, fn: 'count' as const, as: 'count' })]), by: Object.freeze([ref]) }),
    sort: Object.freeze([Object.freeze({ key: 'count', dir: 'desc' as const, ref: Object.freeze({ kind: 'measure' as const, alias: 'count' }) })]),
    limit: 1000,
  });
}
