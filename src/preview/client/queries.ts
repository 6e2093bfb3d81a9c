/// <reference lib="dom" />
// The per-panel "Queries" switch: the query each product is sent, its fidelity verdict and the
// printer's diagnostics (what differs from the preview's reference semantics, and why).

import type { ProductQuery } from '../compiled.js';
import { el } from './format.js';

function productView(q: ProductQuery): HTMLElement {
  const box = el('div', 'product-query');
  const head = el('p', 'verdict');
  head.append(el('span', `fidelity fidelity-${q.fidelity}`, q.fidelity), el('span', 'language', q.language ? ` ${q.language}` : ''));
  box.append(head);
  if (q.diagnostics.length) {
    const list = el('ul', 'diagnostics');
    for (const d of q.diagnostics) {
      const li = el('li', `severity-${d.severity}`);
      li.append(el('code', undefined, d.code), el('span', undefined, ` ${d.message}`));
      list.append(li);
    }
    box.append(list);
  }
  if (q.text !== undefined) box.append(el('pre', 'query-text', q.text));
  return box;
}

export function renderQueries(container: HTMLElement, queries: readonly ProductQuery[]): void {
  const tabs = el('div', 'tabs');
  tabs.setAttribute('role', 'tablist');
  const views = queries.map(productView);
  const select = (i: number): void => {
    views.forEach((v, j) => (v.hidden = i !== j));
    [...tabs.children].forEach((b, j) => b.setAttribute('aria-selected', String(i === j)));
  };
  queries.forEach((q, i) => {
    const b = el('button', `tab fidelity-${q.fidelity}`, q.product);
    b.type = 'button';
    b.setAttribute('role', 'tab');
    b.addEventListener('click', () => select(i));
    tabs.append(b);
  });
  const note = el('p', 'reference', 'The chart shows the reference meaning of the query, evaluated here over the sample events; each product\'s verdict and diagnostics say where its query differs.');
  container.replaceChildren(note, tabs, ...views);
  if (queries.length === 0) container.append(el('p', 'note', 'No product target is registered.'));
  select(0);
}

/** Wires the panel's Queries button; the content is built on first open. */
export function wireQueriesToggle(panel: HTMLElement, queries: readonly ProductQuery[]): void {
  const button = panel.querySelector<HTMLButtonElement>('.queries-toggle');
  const box = panel.querySelector<HTMLElement>('.queries');
  if (!button || !box) return;
  button.addEventListener('click', () => {
    const open = box.hidden;
    if (open && !box.hasChildNodes()) renderQueries(box, queries);
    box.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Chart' : 'Queries';
  });
}
