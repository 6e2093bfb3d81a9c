// `state.visualization` of each Lens chart, from the parts the query's columns play. The same
// code serves both datasources (formBased and ES|QL textBased): it only names column ids.
// Keys follow real Kibana-produced states (LensConfigBuilder output for 8.19/9.2 and
// integration exports); test/targets/kibana.test.ts compares their shapes.

import type { QueryPanel } from '../../model/types.js';
import type { Diagnostic } from '../../query/fidelity.js';
import { lensPalette } from './palette.js';

/** Which column plays which part (column ids of one layer). */
export interface Roles {
  /** The time bucket (date histogram). */
  readonly x?: string;
  /** The column that splits series (a transpose's column field). */
  readonly breakdown?: string;
  readonly groups: readonly string[];
  readonly metrics: readonly string[];
}

export type VisualizationType = 'lnsMetric' | 'lnsXY' | 'lnsPie' | 'lnsDatatable' | 'lnsGauge';

/** A constant column a visualization needs (a gauge's minimum and maximum). */
export interface ConstantColumn {
  readonly id: string;
  readonly value: number;
}

export interface VisualizationPlan {
  readonly type: VisualizationType;
  readonly state: Record<string, unknown>;
  /** The columns the chart shows; the layer drops the others (reported in diagnostics). */
  readonly used: readonly string[];
  readonly constants: readonly ConstantColumn[];
  /** How the value column is formatted (a single value's decimals and unit). */
  readonly valueFormat?: ValueFormat;
  readonly diagnostics: readonly Diagnostic[];
}

export interface ValueFormat {
  readonly decimals?: number;
  readonly suffix?: string;
}

function valueFormat(decimals: number | undefined, unit: string | undefined): { valueFormat?: ValueFormat } {
  if (decimals === undefined && !unit) return {};
  return { valueFormat: { ...(decimals !== undefined ? { decimals } : {}), ...(unit ? { suffix: ` ${unit}` } : {}) } };
}

export interface PlanInput {
  readonly layerId: string;
  readonly roles: Roles;
  /** Table sort (formBased only; ES|QL sorts in the query). */
  readonly sort: readonly { readonly columnId: string; readonly direction: 'asc' | 'desc' }[];
  /** Column ids to the names people know, for messages. */
  readonly label: (columnId: string) => string;
}

type ChartPanel = Exclude<QueryPanel, { type: 'events' }>;

export const GAUGE_MIN = 'gauge_min';
export const GAUGE_MAX = 'gauge_max';
/** Lens datatable page sizes (its toolbar menu). */
const PAGE_SIZES = [10, 20, 30, 50, 100];

function dropped(ids: readonly string[], label: PlanInput['label'], why: string): Diagnostic[] {
  if (ids.length === 0) return [];
  return [{ code: 'kibana.dropped-columns', severity: 'approximate', message: `${why}: ${ids.map(label).join(', ')} left out` }];
}

function metric(panel: ChartPanel & { type: 'singleValue' }, input: PlanInput): VisualizationPlan {
  const { roles, layerId, label } = input;
  const [value, ...otherMetrics] = roles.metrics;
  const [breakdown, ...otherGroups] = [...(roles.breakdown ? [roles.breakdown] : []), ...roles.groups];
  const diagnostics = [
    ...dropped(otherMetrics, label, 'a Lens metric shows one value'),
    ...dropped(otherGroups, label, 'a Lens metric splits into tiles by one field'),
  ];
  // A time bucket column is not shown: the query already reduced it to the latest bucket
  // (ES|QL sorts and keeps one row; Lens reduces the time range).
  if (breakdown) diagnostics.push({ code: 'kibana.metric-breakdown', severity: 'approximate', message: `the single value is split by ${label(breakdown)}: Lens shows one tile per value` });
  const palette = panel.ranges?.length ? lensPalette(panel.ranges) : undefined;
  return {
    type: 'lnsMetric',
    state: {
      layerId,
      layerType: 'data',
      metricAccessor: value,
      ...(breakdown ? { breakdownByAccessor: breakdown } : {}),
      showBar: false,
      ...(palette ? { palette: palette.palette } : {}),
    },
    used: [value!, ...(breakdown ? [breakdown] : [])],
    constants: [],
    ...valueFormat(panel.decimals, panel.unit),
    diagnostics: [...diagnostics, ...(palette?.diagnostics ?? [])],
  };
}

function gauge(panel: ChartPanel & { type: 'gauge' }, input: PlanInput): VisualizationPlan {
  const { roles, layerId, label } = input;
  const [value, ...otherMetrics] = roles.metrics;
  // Bands are absolute values; those outside min..max are simply not on the arc.
  const palette = panel.ranges?.length ? lensPalette(panel.ranges) : undefined;
  return {
    type: 'lnsGauge',
    state: {
      layerId,
      layerType: 'data',
      shape: 'arc',
      ticksPosition: palette ? 'bands' : 'auto',
      labelMajorMode: 'auto',
      metricAccessor: value,
      minAccessor: GAUGE_MIN,
      maxAccessor: GAUGE_MAX,
      ...(palette ? { colorMode: 'palette', palette: palette.palette } : {}),
    },
    used: [value!, GAUGE_MIN, GAUGE_MAX],
    constants: [
      { id: GAUGE_MIN, value: panel.min },
      { id: GAUGE_MAX, value: panel.max },
    ],
    ...valueFormat(undefined, panel.unit),
    diagnostics: [
      ...dropped(otherMetrics, label, 'a Lens gauge shows one value'),
      ...dropped([...(roles.breakdown ? [roles.breakdown] : []), ...roles.groups], label, 'a Lens gauge has no dimensions'),
      ...(palette?.diagnostics ?? []),
    ],
  };
}

function seriesType(panel: ChartPanel & { type: 'timeSeries' | 'bar' }): string {
  if (panel.type === 'timeSeries') return { line: 'line', area: 'area', stacked: 'area_stacked' }[panel.style];
  const base = panel.orientation === 'bar' ? 'bar_horizontal' : 'bar';
  return panel.stacked ? `${base}_stacked` : base;
}

function xy(panel: ChartPanel & { type: 'timeSeries' | 'bar' }, input: PlanInput): VisualizationPlan {
  const { roles, layerId, label } = input;
  const dims = [...(roles.x ? [roles.x] : []), ...(roles.breakdown ? [] : roles.groups)];
  const x = dims[0];
  const split = roles.breakdown ?? dims[1];
  const rest = roles.breakdown ? roles.groups.filter((g) => g !== x) : dims.slice(2);
  const type = seriesType(panel);
  const on = { x: true, yLeft: true, yRight: true };
  return {
    type: 'lnsXY',
    state: {
      axisTitlesVisibilitySettings: { x: false, yLeft: true, yRight: true },
      legend: { isVisible: panel.legend, position: 'bottom' },
      hideEndzones: true,
      preferredSeriesType: type,
      valueLabels: 'hide',
      emphasizeFitting: false,
      // Empty buckets stay gaps, as on the other products.
      fittingFunction: 'None',
      yLeftExtent: { mode: 'full' },
      tickLabelsVisibilitySettings: on,
      labelsOrientation: { x: 0, yLeft: 0, yRight: 0 },
      gridlinesVisibilitySettings: on,
      layers: [
        {
          layerId,
          layerType: 'data',
          ...(x ? { xAccessor: x } : {}),
          ...(split ? { splitAccessor: split } : {}),
          accessors: [...roles.metrics],
          seriesType: type,
          yConfig: roles.metrics.map((m) => ({ forAccessor: m })),
        },
      ],
    },
    used: [...(x ? [x] : []), ...(split ? [split] : []), ...roles.metrics],
    constants: [],
    diagnostics: dropped(rest, label, 'a Lens XY chart has one x axis and one breakdown'),
  };
}

function pie(panel: ChartPanel & { type: 'pie' }, input: PlanInput): VisualizationPlan {
  const { roles, layerId, label } = input;
  const slices = [...(roles.breakdown ? [roles.breakdown] : []), ...roles.groups, ...(roles.x ? [roles.x] : [])];
  const [value, ...otherMetrics] = roles.metrics;
  // Pie and donut slice by at most three fields.
  const shown = slices.slice(0, 3);
  return {
    type: 'lnsPie',
    state: {
      shape: panel.donut ? 'donut' : 'pie',
      layers: [
        {
          layerId,
          layerType: 'data',
          primaryGroups: shown,
          metrics: [value],
          numberDisplay: 'percent',
          categoryDisplay: 'default',
          legendDisplay: panel.legend ? 'show' : 'hide',
          legendPosition: 'right',
          nestedLegend: false,
        },
      ],
    },
    used: [...shown, value!],
    constants: [],
    diagnostics: [...dropped(otherMetrics, label, 'a Lens pie sizes slices by one measure'), ...dropped(slices.slice(3), label, 'a Lens pie slices by at most three fields')],
  };
}

function datatable(panel: ChartPanel & { type: 'table' }, input: PlanInput): VisualizationPlan {
  const { roles, layerId, sort } = input;
  const ids = [...(roles.breakdown ? [roles.breakdown] : []), ...roles.groups, ...(roles.x ? [roles.x] : []), ...roles.metrics];
  const diagnostics: Diagnostic[] = [];
  const first = sort[0];
  const size = panel.pageSize;
  if (size !== undefined && !PAGE_SIZES.includes(size)) {
    diagnostics.push({ code: 'kibana.page-size', severity: 'info', message: `${size} rows per page is kept, but Kibana's page-size menu offers ${PAGE_SIZES.join(', ')}` });
  }
  return {
    type: 'lnsDatatable',
    state: {
      layerId,
      layerType: 'data',
      // A transpose's column field becomes "split metrics by" (isTransposed).
      columns: ids.map((id) => ({ columnId: id, isTransposed: id === roles.breakdown, isMetric: roles.metrics.includes(id) })),
      ...(first && first.columnId !== roles.breakdown ? { sorting: { columnId: first.columnId, direction: first.direction } } : {}),
      ...(size !== undefined ? { paging: { size, enabled: true } } : {}),
    },
    used: ids,
    constants: [],
    diagnostics,
  };
}

/** The Lens chart for a panel kind (events and text panels are not Lens). */
export function planVisualization(panel: ChartPanel, input: PlanInput): VisualizationPlan {
  switch (panel.type) {
    case 'singleValue':
      return metric(panel, input);
    case 'gauge':
      return gauge(panel, input);
    case 'timeSeries':
    case 'bar':
      return xy(panel, input);
    case 'pie':
      return pie(panel, input);
    case 'table':
      return datatable(panel, input);
  }
}
