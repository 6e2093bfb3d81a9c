// Grouping and measures. Rows are grouped by the time bucket (when the query has one) and the
// group-by fields; a row without a value for a group-by field is left out, as Splunk's
// `stats ... by` and Elasticsearch's terms aggregation leave it out.

import type { Aggregate, Measure, TimeBucket } from '../../query/nodes.js';
import { BUCKET_KEY } from '../../query/nodes.js';
import { fieldValue, type Row } from './row.js';
import { bucketStart } from './time.js';
import type { Cell, Column, EventKeys, ResultTable } from './types.js';
import { asNumber, asText, compareCells, hasValue } from './values.js';

interface Group {
  readonly key: readonly Cell[];
  readonly rows: Row[];
}

/**
 * Nearest rank: the smallest value with at least p% of the values at or below it, that is the
 * value at 1-based position ceil(p/100 * n) in ascending order. It is what Sumo Logic (`pct`, up
 * to 1,000 values) and Splunk (`exactperc`, default perc_method) compute, and it always returns
 * a value that occurs in the data.
 */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

function measureValue(m: Measure, rows: readonly Row[], keys: EventKeys): Cell {
  if (m.fn === 'count') return rows.length;
  const values = rows.map((r) => fieldValue(r, m.field!, keys));
  if (m.fn === 'countDistinct') return new Set(values.filter(hasValue).map((v) => asText(v))).size;
  // Numeric measures read numbers and numeric text; other values are skipped.
  const numbers = values.map(asNumber).filter((n): n is number => n !== undefined);
  if (numbers.length === 0) return null;
  switch (m.fn) {
    case 'sum':
      return numbers.reduce((a, b) => a + b, 0);
    case 'avg':
      return numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case 'min':
      return numbers.reduce((a, b) => (b < a ? b : a));
    case 'max':
      return numbers.reduce((a, b) => (b > a ? b : a));
    case 'percentile':
      return nearestRank(numbers, m.p!);
  }
}

export function aggregate(rows: readonly Row[], agg: Aggregate | undefined, bucket: TimeBucket | undefined, keys: EventKeys): ResultTable {
  const by = agg?.by ?? [];
  const measures = agg?.measures ?? [];
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const key: Cell[] = bucket ? [bucketStart(row.event.time, bucket.span)] : [];
    let complete = true;
    for (const f of by) {
      const v = fieldValue(row, f, keys);
      if (!hasValue(v)) {
        complete = false;
        break;
      }
      key.push(v);
    }
    if (!complete) continue;
    const id = JSON.stringify(key.map((k, i) => (i === 0 && bucket ? k : asText(k as string))));
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, rows: [] }));
    g.rows.push(row);
  }
  // Measures without grouping give one row even over no events (count 0), as every product does.
  if (!bucket && by.length === 0 && groups.size === 0) groups.set('[]', { key: [], rows: [] });
  const ordered = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const c = compareCells(a.key[i]!, b.key[i]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  const columns: Column[] = [
    ...(bucket ? [{ name: BUCKET_KEY, kind: 'bucket' as const }] : []),
    ...by.map((f) => ({ name: f.name, kind: 'group' as const })),
    ...measures.map((m) => ({ name: m.as, kind: 'measure' as const })),
  ];
  return {
    kind: 'aggregate',
    columns,
    rows: ordered.map((g) => [...g.key, ...measures.map((m) => measureValue(m, g.rows, keys))]),
  };
}
