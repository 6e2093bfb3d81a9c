/// <reference lib="dom" />
// The few ECharts calls the page makes, typed here so that type-checking does not depend on
// the echarts package's own declarations. ECharts is loaded as a global by its own script tag.

export interface Chart {
  setOption(option: object, notMerge?: boolean): void;
  resize(): void;
  dispose(): void;
}

interface EChartsGlobal {
  init(element: HTMLElement, theme?: string | null, options?: { renderer?: 'canvas' | 'svg' }): Chart;
}

export function echartsGlobal(): EChartsGlobal {
  const e = (globalThis as { echarts?: EChartsGlobal }).echarts;
  if (!e) throw new Error('ECharts did not load (assets/echarts.min.js)');
  return e;
}
