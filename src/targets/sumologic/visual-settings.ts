// Sumo Logic `visualSettings`: undocumented by the API spec, so only the keys seen in real
// exported dashboards are written (general.type + general.mode select the chart).

import type { ColorRange, PanelDef } from '../../model/types.js';
import type { Query } from '../../query/nodes.js';
import { sumoColor } from './palette.js';

const TITLE = { fontSize: 14 };
const AXES = {
  axisX: { titleFontSize: 12, labelFontSize: 12 },
  axisY: { titleFontSize: 12, labelFontSize: 12, logarithmic: false },
};

function legend(enabled: boolean): object {
  return { enabled, verticalAlign: 'bottom', fontSize: 12, maxHeight: 50, showAsTable: false, wrap: true };
}

function thresholds(ranges: readonly ColorRange[] | undefined): object[] {
  return (ranges ?? []).map((r) => ({ from: r.from ?? null, to: r.to ?? null, color: sumoColor(r.color) }));
}

function singleValue(ranges: readonly ColorRange[] | undefined, decimals: number, gauge?: { min: number; max: number }): object {
  return {
    title: TITLE,
    general: { type: 'svp', displayType: 'default', roundDataPoints: true, mode: 'singleValueMetrics' },
    svp: {
      option: 'Latest',
      unitify: false,
      label: '',
      useBackgroundColor: false,
      useNoData: true,
      noDataString: '0',
      hideData: false,
      hideLabel: false,
      rounding: decimals,
      valueFontSize: 24,
      labelFontSize: 14,
      thresholds: thresholds(ranges),
      sparkline: { show: false },
      gauge: gauge
        ? { show: true, min: gauge.min, max: gauge.max, showThreshold: true, showThresholdMarker: true }
        : { show: false },
    },
    series: {},
  };
}

/** The visual settings object for a panel (serialised by the caller: the API wants a string). */
export function visualSettings(panel: PanelDef, query: Query | undefined): object {
  const timeBased = query?.bucket !== undefined;
  switch (panel.type) {
    case 'singleValue':
      return singleValue(panel.ranges, panel.decimals ?? 0);
    case 'gauge':
      return singleValue(panel.ranges, 0, { min: panel.min, max: panel.max });
    case 'timeSeries':
      return {
        title: TITLE,
        general: {
          type: panel.style === 'line' ? 'line' : 'area',
          displayType: panel.style === 'stacked' ? 'stacked' : 'default',
          roundDataPoints: true,
          markerSize: 5,
          lineDashType: 'solid',
          markerType: 'none',
          lineThickness: 1,
          ...(panel.style === 'line' ? {} : { fillOpacity: 0.25 }),
          mode: 'timeSeries',
        },
        axes: AXES,
        legend: legend(panel.legend),
        color: { family: 'Categorical Default' },
        series: {},
        overrides: [],
      };
    case 'bar':
      return {
        title: TITLE,
        general: {
          type: panel.orientation,
          displayType: panel.stacked ? 'stacked' : 'default',
          roundDataPoints: true,
          fillOpacity: 1,
          mode: timeBased ? 'timeSeries' : 'distribution',
        },
        axes: AXES,
        legend: legend(panel.legend),
        color: { family: 'Categorical Default' },
        series: {},
        overrides: [],
      };
    case 'pie':
      return {
        title: TITLE,
        general: {
          type: 'pie',
          displayType: 'default',
          roundDataPoints: true,
          fillOpacity: 1,
          startAngle: 270,
          innerRadius: panel.donut ? '40%' : '0%',
          maxNumOfSlices: 10,
          mode: 'distribution',
        },
        legend: legend(panel.legend),
        series: {},
      };
    case 'table':
      return { title: TITLE, general: { type: 'table', displayType: 'default', mode: timeBased ? 'timeSeries' : 'distribution' }, series: {} };
    case 'events':
      return { title: TITLE, general: { type: 'table', displayType: 'default', mode: 'timeSeries' }, series: {} };
    case 'text':
      return {
        title: TITLE,
        general: { type: 'text', displayType: 'default', mode: 'TextPanel' },
        text: { format: 'markdownV2', horizontalAlignment: 'left', verticalAlignment: 'top', showTitle: panel.title !== '' },
        series: {},
      };
  }
}
