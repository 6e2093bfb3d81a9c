// One SDK panel builder per panel kind. The options here say how each kind looks; what it
// shows comes from the query (queries.ts). Plugin options the definition does not set keep
// the SDK's defaults, which are Grafana's.

import { barchart, common, dashboard, gauge, logs, piechart, stat, table, text, timeseries } from './sdk.vendor.js';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { BarPanel, ColorRange, EventsPanel, GaugePanel, PanelDef, PiePanel, QueryPanel, SingleValuePanel, TablePanel, TimeSeriesPanel } from '../../model/types.js';
import type { Diagnostic } from '../../query/fidelity.js';
import type { GrafanaQuery } from './queries.js';
import { thresholdSteps } from './thresholds.js';

/** The SDK panel builders this target uses; they share the panel-level setters. */
type AnyPanelBuilder =
  | stat.PanelBuilder
  | gauge.PanelBuilder
  | timeseries.PanelBuilder
  | barchart.PanelBuilder
  | piechart.PanelBuilder
  | table.PanelBuilder
  | logs.PanelBuilder
  | text.PanelBuilder;

/** Fill opacity of areas and bars, in percent. */
const AREA_OPACITY = 25;
const BAR_OPACITY = 80;

/** Id, title, description and grid position, from the definition. */
function placed<B extends AnyPanelBuilder>(b: B, panel: PanelDef, id: number): B {
  b.id(id);
  b.title(panel.title);
  b.gridPos({ ...panel.gridPos });
  if (panel.description) b.description(panel.description);
  return b;
}

function queried<B extends Exclude<AnyPanelBuilder, text.PanelBuilder>>(b: B, q: GrafanaQuery): B {
  b.datasource(q.datasource!).targets([...q.targets]);
  if (q.transformations.length) b.transformations([...q.transformations]);
  return b;
}

function thresholds(ranges: readonly ColorRange[] | undefined): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(thresholdSteps(ranges).map((s) => ({ ...s })));
}

const byThresholds = (): dashboard.FieldColorBuilder => new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.Thresholds);
/** The last non-null point of a series is its latest bucket; a table's single row is the value. */
const lastValue = (values = false): common.ReduceDataOptionsBuilder => new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('').values(values);

function legend(shown: boolean): common.VizLegendOptionsBuilder {
  return new common.VizLegendOptionsBuilder()
    .showLegend(shown)
    .displayMode(shown ? common.LegendDisplayMode.List : common.LegendDisplayMode.Hidden)
    .placement(common.LegendPlacement.Bottom)
    .calcs([]);
}

const stacking = (stacked: boolean): common.StackingConfigBuilder => new common.StackingConfigBuilder().mode(stacked ? common.StackingMode.Normal : common.StackingMode.None).group('A');
const multiTooltip = (): common.VizTooltipOptionsBuilder => new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.None);

/** No events counted is zero, not "No data" (Loki returns no series when nothing matched). */
function countsOnly(panel: QueryPanel): boolean {
  const q = panel.query.kind === 'query' ? panel.query : undefined;
  return q?.aggregate?.measures.every((m) => m.fn === 'count' || m.fn === 'countDistinct') ?? false;
}

function statPanel(panel: SingleValuePanel, q: GrafanaQuery): stat.PanelBuilder {
  const b = queried(new stat.PanelBuilder(), q)
    .reduceOptions(lastValue())
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(common.BigValueGraphMode.None)
    .textMode(common.BigValueTextMode.Auto)
    .thresholds(thresholds(panel.ranges))
    .colorScheme(byThresholds());
  if (panel.unit) b.unit(panel.unit);
  if (panel.decimals !== undefined) b.decimals(panel.decimals);
  if (countsOnly(panel)) b.noValue('0');
  return b;
}

function gaugePanel(panel: GaugePanel, q: GrafanaQuery): gauge.PanelBuilder {
  const b = queried(new gauge.PanelBuilder(), q)
    .reduceOptions(lastValue())
    .min(panel.min)
    .max(panel.max)
    .showThresholdMarkers(true)
    .showThresholdLabels(false)
    .thresholds(thresholds(panel.ranges))
    .colorScheme(byThresholds());
  if (panel.unit) b.unit(panel.unit);
  if (countsOnly(panel)) b.noValue('0');
  return b;
}

function timeSeriesPanel(panel: TimeSeriesPanel, q: GrafanaQuery): timeseries.PanelBuilder {
  return queried(new timeseries.PanelBuilder(), q)
    .drawStyle(common.GraphDrawStyle.Line)
    .fillOpacity(panel.style === 'line' ? 0 : AREA_OPACITY)
    .stacking(stacking(panel.style === 'stacked'))
    .legend(legend(panel.legend))
    .tooltip(multiTooltip());
}

/**
 * Time buckets keep a time axis (a time series drawn as bars, which zooms with the dashboard
 * time); groups without buckets are categories (a bar chart, the group column on the x axis).
 */
function barPanel(panel: BarPanel, q: GrafanaQuery, notes: Diagnostic[]): timeseries.PanelBuilder | barchart.PanelBuilder {
  if (q.bucketed) {
    if (panel.orientation === 'bar') notes.push({ code: 'grafana.bar-orientation', severity: 'approximate', message: 'bars over time are drawn upright: a Grafana time series cannot lay its time axis vertically' });
    return queried(new timeseries.PanelBuilder(), q)
      .drawStyle(common.GraphDrawStyle.Bars)
      .fillOpacity(BAR_OPACITY)
      .stacking(stacking(panel.stacked))
      .legend(legend(panel.legend))
      .tooltip(multiTooltip());
  }
  const b = queried(new barchart.PanelBuilder(), q)
    .orientation(panel.orientation === 'column' ? common.VizOrientation.Vertical : common.VizOrientation.Horizontal)
    .stacking(panel.stacked ? common.StackingMode.Normal : common.StackingMode.None)
    .showValue(common.VisibilityMode.Auto)
    .legend(legend(panel.legend))
    .tooltip(multiTooltip());
  const [x, ...more] = q.groupColumns;
  // Loki's instant table starts with a Time column, which a bar chart would take for its axis
  if (x !== undefined) b.xField(x);
  if (more.length) notes.push({ code: 'grafana.bar-groups', severity: 'approximate', message: `the bar chart puts ${x} on its axis: each combination with ${more.join(', ')} is a bar of its own, labelled by ${x} only` });
  return b;
}

/** One slice per row of the table (or per series): its name is the row's group value. */
function piePanel(panel: PiePanel, q: GrafanaQuery): piechart.PanelBuilder {
  return queried(new piechart.PanelBuilder(), q)
    .pieType(panel.donut ? piechart.PieChartType.Donut : piechart.PieChartType.Pie)
    .reduceOptions(lastValue(!q.bucketed))
    .displayLabels([piechart.PieChartLabels.Percent])
    .legend(
      new piechart.PieChartLegendOptionsBuilder()
        .showLegend(panel.legend)
        .displayMode(panel.legend ? common.LegendDisplayMode.List : common.LegendDisplayMode.Hidden)
        .placement(common.LegendPlacement.Right)
        .values([piechart.PieChartLegendValues.Value]),
    );
}

function tablePanel(panel: TablePanel, q: GrafanaQuery, notes: Diagnostic[]): table.PanelBuilder {
  const b = queried(new table.PanelBuilder(), q).showHeader(true).cellHeight(common.TableCellHeight.Sm);
  if (q.bucketed) {
    // one series per group: one long table (a column per label, a row per point) before the
    // printer's sorting and limits, like the other products' tables
    b.transformations([{ id: 'labelsToFields', options: { mode: 'columns' } }, { id: 'merge', options: {} }, ...q.transformations]);
  } else if (q.lokiInstant) {
    // every row of a Loki instant table has the query's evaluation time: not a column of the definition
    b.transformations([...q.transformations, { id: 'organize', options: { excludeByName: { Time: true } } }]);
  }
  if (panel.pageSize !== undefined) {
    b.footer(new common.TableFooterOptionsBuilder().show(false).reducer([]).enablePagination(true));
    notes.push({ code: 'grafana.table-pages', severity: 'info', message: `Grafana pages a table by the panel's height, not by ${panel.pageSize} rows` });
  }
  return b;
}

function logsPanel(panel: EventsPanel, q: GrafanaQuery, notes: Diagnostic[]): logs.PanelBuilder {
  if (panel.columns?.length) {
    notes.push({ code: 'grafana.logs-columns', severity: 'info', message: `the logs panel shows each whole event; ${panel.columns.join(', ')} are in each event's details, not in columns` });
  }
  return queried(new logs.PanelBuilder(), q)
    .showTime(true)
    .wrapLogMessage(true)
    .sortOrder(common.LogsSortOrder.Descending)
    .enableLogDetails(true)
    .dedupStrategy(common.LogsDedupStrategy.None)
    .prettifyLogMessage(false)
    .showLabels(false)
    .showCommonLabels(false);
}

function kindPanel(panel: QueryPanel, q: GrafanaQuery, notes: Diagnostic[]): AnyPanelBuilder {
  switch (panel.type) {
    case 'singleValue':
      return statPanel(panel, q);
    case 'gauge':
      return gaugePanel(panel, q);
    case 'timeSeries':
      return timeSeriesPanel(panel, q);
    case 'bar':
      return barPanel(panel, q, notes);
    case 'pie':
      return piePanel(panel, q);
    case 'table':
      return tablePanel(panel, q, notes);
    case 'events':
      return logsPanel(panel, q, notes);
  }
}

/** The panel for a supported query; kind-specific caveats go to `notes`. */
export function queryPanel(panel: QueryPanel, q: GrafanaQuery, id: number, notes: Diagnostic[]): cog.Builder<dashboard.Panel> {
  return placed(kindPanel(panel, q, notes), panel, id);
}

/** A markdown text panel: the definition's own, or the placeholder for a panel Grafana cannot show. */
export function markdownPanel(panel: PanelDef, content: string, id: number): cog.Builder<dashboard.Panel> {
  return placed(new text.PanelBuilder().mode(text.TextMode.Markdown).content(content), panel, id);
}
