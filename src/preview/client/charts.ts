/// <reference lib="dom" />
// ECharts options for each chart panel kind, from the panel's evaluated data.

import type { BarPanel, ColorRange, GaugePanel, PiePanel, TimeSeriesPanel } from '../../model/types.js';
import type { SeriesData } from '../panel-data.js';
import { cssColor, formatNumber } from './format.js';

const BASE = { animation: false, useUTC: true, grid: { left: 48, right: 16, top: 24, bottom: 32, containLabel: true } };

function legend(shown: boolean, count: number): object {
  return shown && count > 0 ? { legend: { type: 'scroll', bottom: 0 }, grid: { ...BASE.grid, bottom: 40 } } : {};
}

/**
 * Points of one series: [time, value] pairs in time order, or values in category order. A
 * cell no row filled is a gap, except in a stack, where it adds nothing (0) to the ones above.
 */
function points(data: SeriesData, values: readonly (number | null)[], stacked: boolean): unknown[] {
  const filled = stacked ? values.map((v) => v ?? 0) : values;
  if (data.axis === 'category') return [...filled];
  return data.x.map((x, i) => [x, filled[i]] as const).sort((a, b) => (a[0] as number) - (b[0] as number));
}

/** A time axis spans the time range, and reaches back to the start of a bucket that began before it. */
function timeExtent(data: SeriesData): object {
  if (!data.window) return {};
  const starts = data.x.filter((x): x is number => typeof x === 'number');
  return { min: Math.min(data.window.from, ...starts), max: data.window.to };
}

function categoryAxis(data: SeriesData): object {
  return data.axis === 'time' ? { type: 'time', ...timeExtent(data) } : { type: 'category', data: data.x.map((x) => (x === null ? '' : String(x))), axisLabel: { hideOverlap: true } };
}

export function timeSeriesOption(panel: TimeSeriesPanel, data: SeriesData): object {
  return {
    ...BASE,
    tooltip: { trigger: 'axis' },
    xAxis: categoryAxis(data),
    yAxis: { type: 'value' },
    series: data.series.map((s) => ({
      type: 'line',
      name: s.name,
      data: points(data, s.values, panel.style === 'stacked'),
      showSymbol: data.x.length <= 40,
      connectNulls: false,
      ...(panel.style !== 'line' ? { areaStyle: { opacity: 0.25 } } : {}),
      ...(panel.style === 'stacked' ? { stack: 'total' } : {}),
    })),
    ...legend(panel.legend, data.series.length),
  };
}

export function barOption(panel: BarPanel, data: SeriesData): object {
  const category = categoryAxis(data);
  const value = { type: 'value' };
  const horizontal = panel.orientation === 'bar';
  return {
    ...BASE,
    tooltip: { trigger: 'axis' },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: data.axis === 'category' } : value,
    series: data.series.map((s) => ({ type: 'bar', name: s.name, data: points(data, s.values, panel.stacked), ...(panel.stacked ? { stack: 'total' } : {}) })),
    ...legend(panel.legend, data.series.length),
  };
}

export function pieOption(panel: PiePanel, slices: readonly { name: string; value: number }[]): object {
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    series: [{ type: 'pie', radius: panel.donut ? ['45%', '70%'] : '70%', center: ['50%', panel.legend ? '45%' : '50%'], data: slices.map((s) => ({ ...s })), label: { show: !panel.legend } }],
    ...(panel.legend ? { legend: { type: 'scroll', bottom: 0 } } : {}),
  };
}

/** The colour of the range holding `value`: `from` inclusive, `to` exclusive. */
export function rangeColor(ranges: readonly ColorRange[] | undefined, value: number): string | undefined {
  const r = ranges?.find((x) => (x.from === undefined || value >= x.from) && (x.to === undefined || value < x.to));
  return r ? cssColor(r.color) : undefined;
}

/** The gauge's band: each range's share of [min, max] in its colour, gaps in grey. */
function gaugeBand(panel: GaugePanel): [number, string][] {
  const span = panel.max - panel.min;
  const stops: [number, string][] = [];
  const sorted = [...(panel.ranges ?? [])].sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
  let at = panel.min;
  for (const r of sorted) {
    const from = Math.max(r.from ?? panel.min, panel.min);
    const to = Math.min(r.to ?? panel.max, panel.max);
    if (to <= from) continue;
    if (from > at) stops.push([(from - panel.min) / span, '#dee2e6']);
    stops.push([(to - panel.min) / span, cssColor(r.color)]);
    at = to;
  }
  if (at < panel.max || stops.length === 0) stops.push([1, '#dee2e6']);
  return stops;
}

export function gaugeOption(panel: GaugePanel, value: number, label: string): object {
  return {
    animation: false,
    series: [
      {
        type: 'gauge',
        min: panel.min,
        max: panel.max,
        radius: '100%',
        center: ['50%', '58%'],
        splitNumber: 5,
        axisLine: { lineStyle: { width: 12, color: gaugeBand(panel) } },
        axisTick: { show: false },
        splitLine: { length: 6, distance: 0 },
        axisLabel: { fontSize: 10, distance: 16 },
        pointer: { width: 4, length: '60%' },
        detail: { formatter: () => `${formatNumber(value)}${panel.unit ? ` ${panel.unit}` : ''}`, fontSize: 22, fontWeight: 600, offsetCenter: [0, '45%'] },
        title: { show: false },
        data: [{ value, name: label }],
      },
    ],
  };
}

