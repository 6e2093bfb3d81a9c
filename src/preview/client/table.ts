/// <reference lib="dom" />
// Tables and event lists, as HTML tables built with text content only.

import type { ResultTable } from '../eval/types.js';
import { el, formatCell } from './format.js';

/** More rows than this are cut, with a note: the preview is for looking, not for export. */
const MAX_ROWS = 500;

export function renderTable(container: HTMLElement, table: ResultTable): number {
  const wrap = el('div', 'table-wrap');
  const t = el('table', table.kind === 'events' ? 'events' : 'result');
  const head = el('thead');
  const tr = el('tr');
  for (const c of table.columns) tr.append(el('th', `col-${c.kind}`, c.name));
  head.append(tr);
  const body = el('tbody');
  const shown = table.rows.slice(0, MAX_ROWS);
  for (const row of shown) {
    const r = el('tr');
    row.forEach((cell, i) => r.append(el('td', `col-${table.columns[i]!.kind}`, formatCell(cell, table.columns[i]!.kind))));
    body.append(r);
  }
  t.append(head, body);
  wrap.append(t);
  container.replaceChildren(wrap);
  if (table.rows.length > shown.length) container.append(el('p', 'note', `${shown.length} of ${table.rows.length} rows shown`));
  return table.rows.length;
}
