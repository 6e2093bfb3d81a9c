// Queries derived from user queries by the compiler itself.

import type { Query } from './nodes.js';

/**
 * The same derived object for the same query, so that every target asking for it hits the
 * compiler's identity cache instead of building and keying a new query.
 */
function memoized<A extends unknown[]>(derive: (query: Query, ...args: A) => Query, key: (...args: A) => string = () => ''): (query: Query, ...args: A) => Query {
  const cache = new WeakMap<Query, Map<string, Query>>();
  return (query, ...args) => {
    let perQuery = cache.get(query);
    if (!perQuery) cache.set(query, (perQuery = new Map()));
    const k = key(...args);
    let derived = perQuery.get(k);
    if (!derived) perQuery.set(k, (derived = derive(query, ...args)));
    return derived;
  };
}

/** The distinct values of `field` in `query`'s results, most frequent first: populates a variable. */
export const valuesQuery = memoized((query: Query, field: string): Query => {
  const ref = Object.freeze({ kind: 'field' as const, name: field });
  return Object.freeze({
    ...query,
    aggregate: Object.freeze({ measures: Object.freeze([Object.freeze({ kind: 'measure' as const, fn: 'count' as const, as: 'count' })]), by: Object.freeze([ref]) }),
    sort: Object.freeze([Object.freeze({ key: 'count', dir: 'desc' as const, ref: Object.freeze({ kind: 'measure' as const, alias: 'count' }) })]),
    limit: 1000,
  });
}, (field) => field);

/**
 * A chart of time buckets split by one field draws one series per value: that is a pivot of
 * the bucket against the field. Products whose charts need the wide form get it from here.
 */
export const seriesQuery = memoized((query: Query): Query => {
  const by = query.aggregate?.by ?? [];
  if (!query.bucket || query.pivot || by.length !== 1 || query.aggregate!.measures.length !== 1) return query;
  const column = by[0]!;
  return Object.freeze({
    ...query,
    pivot: Object.freeze({
      kind: 'transpose' as const,
      row: Object.freeze({ kind: 'bucket' as const }),
      column: Object.freeze({ kind: 'group' as const, field: column }),
      rowKey: 'timeslice',
      columnKey: column.name,
    }),
  });
});

/** A single value of a bucketed query is the latest bucket: newest first, one row. */
export const latestBucketQuery = memoized((query: Query): Query => {
  if (!query.bucket) return query;
  return Object.freeze({
    ...query,
    sort: Object.freeze([Object.freeze({ key: 'timeslice', dir: 'desc' as const, ref: Object.freeze({ kind: 'bucket' as const }) })]),
    limit: 1,
  });
});
