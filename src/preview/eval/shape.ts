// After aggregation: sort, limit and transpose, in that order (the order every printer uses).

import type { KeyRef, Pivot, SortKey } from '../../query/nodes.js';
import type { Cell, Column, ResultTable } from './types.js';
import { asText, compareCells } from './values.js';

/** The column a sort or pivot key names, or -1. */
export function columnOf(columns: readonly Column[], ref: KeyRef): number {
  switch (ref.kind) {
    case 'bucket':
      return columns.findIndex((c) => c.kind === 'bucket' || c.kind === 'time');
    case 'measure':
      return columns.findIndex((c) => c.kind === 'measure' && c.name === ref.alias);
    case 'group':
      return columns.findIndex((c) => (c.kind === 'group' || c.kind === 'field') && c.name === ref.field.name);
    case 'unresolved':
      return columns.findIndex((c) => c.name === ref.key);
  }
}

const missing = (c: Cell | undefined): boolean => c === null || c === undefined;

/** A stable sort by each key in turn; rows without a value for a key come last either way. */
export function sortRows(table: ResultTable, keys: readonly SortKey[]): ResultTable {
  const resolved = keys.map((k) => ({ index: columnOf(table.columns, k.ref), sign: k.dir === 'desc' ? -1 : 1 })).filter((k) => k.index >= 0);
  if (resolved.length === 0) return table;
  const rows = [...table.rows].sort((a, b) => {
    for (const { index, sign } of resolved) {
      const x = a[index];
      const y = b[index];
      if (missing(x) || missing(y)) {
        if (missing(x) !== missing(y)) return missing(x) ? 1 : -1;
        continue;
      }
      const c = compareCells(x!, y!);
      if (c !== 0) return sign * c;
    }
    return 0;
  });
  return { ...table, rows };
}

export function limitRows(table: ResultTable, n: number | undefined): ResultTable {
  return n === undefined || table.rows.length <= n ? table : { ...table, rows: table.rows.slice(0, n) };
}

/**
 * Transpose: one row per row-key value (in the order the rows come), one column per
 * column-key value (in ascending order), the measure in each cell; a cell no row fills stays
 * empty, it is not 0. Other group-by fields stay in front of the row key as row identifiers.
 */
export function pivotRows(table: ResultTable, pivot: Pivot): ResultTable {
  const rowIndex = columnOf(table.columns, pivot.row);
  const colIndex = columnOf(table.columns, pivot.column);
  const measureIndex = table.columns.findIndex((c) => c.kind === 'measure');
  if (rowIndex < 0 || colIndex < 0 || measureIndex < 0) return table;
  const keyIndexes = table.columns.flatMap((c, i) => ((c.kind === 'bucket' || c.kind === 'group') && i !== colIndex && i !== rowIndex ? [i] : []));
  const identity = [...keyIndexes, rowIndex];
  const columnValues = new Map<string, Cell>();
  for (const r of table.rows) columnValues.set(asText(r[colIndex]) ?? '', r[colIndex]!);
  const columnOrder = [...columnValues.entries()].sort((a, b) => compareCells(a[1], b[1]));
  const position = new Map(columnOrder.map(([k], i) => [k, i]));
  const out = new Map<string, Cell[]>();
  for (const r of table.rows) {
    const id = JSON.stringify(identity.map((i) => asText(r[i])));
    let row = out.get(id);
    if (!row) out.set(id, (row = [...identity.map((i) => r[i]!), ...columnOrder.map(() => null)]));
    const cell = identity.length + position.get(asText(r[colIndex]) ?? '')!;
    if (row[cell] === null) row[cell] = r[measureIndex]!;
  }
  const columns: Column[] = [
    ...identity.map((i) => table.columns[i]!),
    ...columnOrder.map(([k]) => ({ name: k, kind: 'pivot' as const })),
  ];
  return { kind: 'pivot', columns, rows: [...out.values()] };
}
