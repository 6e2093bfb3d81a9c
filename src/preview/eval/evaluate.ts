// The reference evaluator of the neutral query tree over events in memory. The stages run in
// the order of every printer: time window, filter, extractions, post-filter, bucket and
// aggregate (or the raw event list), sort, limit, transpose. See src/preview/README.md.

import type { Query } from '../../query/nodes.js';
import { aggregate } from './aggregate.js';
import { extract } from './extract.js';
import { type FilterContext, matches } from './filter.js';
import { eventKeys } from './keys.js';
import { fieldValue, type Row } from './row.js';
import { limitRows, pivotRows, sortRows } from './shape.js';
import type { Cell, Column, EvalContext, EventKeys, ResultTable } from './types.js';

/** Events that pass the window, filters and extractions, with their extracted fields. */
export function matchingRows(query: Query, ctx: EvalContext, keys: EventKeys = eventKeys(query.source)): Row[] {
  const fctx: FilterContext = { keys, variables: ctx.variables ?? {} };
  const out: Row[] = [];
  for (const event of ctx.events) {
    if (ctx.window && (event.time < ctx.window.from || event.time > ctx.window.to)) continue;
    let row: Row | undefined = { event, extracted: {} };
    if (query.filter && !matches(row, query.filter, fctx)) continue;
    for (const e of query.extract) {
      row = extract(row, e, keys);
      if (!row) break;
    }
    if (!row) continue;
    if (query.postFilter && !matches(row, query.postFilter, fctx)) continue;
    out.push(row);
  }
  return out;
}

/**
 * A query with no aggregate is a raw event list, newest first: time, message and the given
 * fields (source or extracted), by default every extracted field.
 */
function eventTable(rows: readonly Row[], keys: EventKeys, fields?: readonly string[]): ResultTable {
  const names = fields ?? [...new Set(rows.flatMap((r) => Object.keys(r.extracted)))];
  const columns: Column[] = [{ name: 'time', kind: 'time' }, { name: 'message', kind: 'message' }, ...names.map((name) => ({ name, kind: 'field' as const }))];
  // Newest first; events of the same time keep the order of the file.
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => b.r.event.time - a.r.event.time || a.i - b.i);
  return {
    kind: 'events',
    columns,
    rows: sorted.map(({ r }) => [r.event.time, r.event.message, ...names.map((n): Cell => fieldValue(r, n, keys) ?? null)]),
  };
}

export interface EvaluateOptions {
  /** For raw event lists: the fields shown beside time and message (an events panel's columns). */
  readonly eventFields?: readonly string[];
}

export function evaluate(query: Query, ctx: EvalContext, options: EvaluateOptions = {}): ResultTable {
  const keys = eventKeys(query.source);
  const rows = matchingRows(query, ctx, keys);
  let table = query.aggregate ? aggregate(rows, query.aggregate, query.bucket, keys) : eventTable(rows, keys, options.eventFields);
  table = sortRows(table, query.sort);
  table = limitRows(table, query.limit);
  if (query.pivot && query.aggregate) table = pivotRows(table, query.pivot);
  return table;
}
