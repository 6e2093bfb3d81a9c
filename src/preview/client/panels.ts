/// <reference lib="dom" />
// Draws one panel from its evaluated data. Each panel element says how it went in its
// data-state (`rendered`, `empty`, `error`, `raw`) and data-points (values drawn), which the
// browser test reads.

import type { PanelDef, SingleValuePanel } from '../../model/types.js';
import type { EvalContext } from '../eval/types.js';
import { type PanelData, panelData } from '../panel-data.js';
import { barOption, gaugeOption, pieOption, rangeColor, timeSeriesOption } from './charts.js';
import { type Chart, echartsGlobal } from './echarts.js';
import { el, formatNumber } from './format.js';
import { renderTable } from './table.js';

const charts = new Map<string, Chart>();

function chartIn(body: HTMLElement, key: string): Chart {
  let chart = charts.get(key);
  const host = body.querySelector<HTMLElement>(':scope > .chart');
  if (chart && host) return chart;
  chart?.dispose();
  const div = el('div', 'chart');
  body.replaceChildren(div);
  chart = echartsGlobal().init(div, null, { renderer: 'canvas' });
  charts.set(key, chart);
  return chart;
}

function dropChart(key: string): void {
  charts.get(key)?.dispose();
  charts.delete(key);
}

export function resizeCharts(): void {
  for (const c of charts.values()) c.resize();
}

function message(body: HTMLElement, className: string, text: string): void {
  body.replaceChildren(el('p', className, text));
}

function singleValue(body: HTMLElement, panel: SingleValuePanel, value: number | string | null): void {
  const box = el('div', 'single-value');
  const text = typeof value === 'number' ? formatNumber(value, panel.decimals) : String(value);
  const v = el('span', 'value', text);
  const color = typeof value === 'number' ? rangeColor(panel.ranges, value) : undefined;
  if (color) v.style.color = color;
  box.append(v);
  if (panel.unit) box.append(el('span', 'unit', panel.unit));
  body.replaceChildren(box);
}

/** Values the data holds (points, slices, rows), to tell an empty panel from a drawn one. */
function pointCount(data: PanelData): number {
  switch (data.kind) {
    case 'value':
      return data.value === null ? 0 : 1;
    case 'series':
      return data.series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0);
    case 'slices':
      return data.slices.length;
    case 'table':
      return data.table.rows.length;
    case 'raw':
      return 0;
  }
}

function draw(body: HTMLElement, panel: PanelDef, data: PanelData): void {
  switch (data.kind) {
    case 'raw':
      dropChart(panel.key);
      return message(body, 'note', data.reason);
    case 'table':
      dropChart(panel.key);
      renderTable(body, data.table);
      return;
    case 'value':
      if (panel.type === 'gauge' && typeof data.value === 'number') {
        chartIn(body, panel.key).setOption(gaugeOption(panel, data.value, data.label), true);
      } else if (panel.type === 'singleValue') {
        dropChart(panel.key);
        singleValue(body, panel, data.value);
      } else message(body, 'note', String(data.value));
      return;
    case 'series':
      if (panel.type === 'bar') chartIn(body, panel.key).setOption(barOption(panel, data), true);
      else if (panel.type === 'timeSeries') chartIn(body, panel.key).setOption(timeSeriesOption(panel, data), true);
      return;
    case 'slices':
      if (panel.type === 'pie') chartIn(body, panel.key).setOption(pieOption(panel, data.slices), true);
      return;
  }
}

export function renderPanel(element: HTMLElement, panel: PanelDef, ctx: EvalContext): void {
  const body = element.querySelector<HTMLElement>('.panel-body')!;
  if (panel.type === 'text') {
    element.dataset.state = body.textContent?.trim() ? 'rendered' : 'empty';
    return;
  }
  try {
    const data = panelData(panel, ctx)!;
    const points = pointCount(data);
    element.dataset.points = String(points);
    if (data.kind === 'raw') {
      draw(body, panel, data);
      element.dataset.state = 'raw';
    } else if (points === 0) {
      dropChart(panel.key);
      message(body, 'note', 'No rows: nothing in the sample events matches this query in this time range.');
      element.dataset.state = 'empty';
    } else {
      draw(body, panel, data);
      element.dataset.state = 'rendered';
    }
  } catch (e) {
    dropChart(panel.key);
    message(body, 'panel-error', `This panel could not be evaluated: ${(e as Error).message}`);
    element.dataset.state = 'error';
  }
}
