// Turns a Grafana dashboard that polydash built into the code a person would write with the raw
// foundation SDK to build the same dashboard: the baseline polydash's Grafana output is measured
// against. Panels call the same builder setters polydash's Grafana target calls.

// The subset of Grafana's dashboard JSON this reads (what polydash's Grafana target writes).
interface GrafanaTarget { expr: string; refId: string; datasource: unknown; queryType?: string; editorMode?: string; legendFormat?: string; step?: string }
interface GrafanaPanel {
  type: string;
  id: number;
  title: string;
  gridPos: unknown;
  datasource?: unknown;
  targets: GrafanaTarget[];
  transformations?: unknown[];
  options?: { content?: string; legend?: { showLegend: boolean; displayMode: string; placement: string }; orientation?: string; xField?: string; reduceOptions?: { values: boolean } };
  fieldConfig?: { defaults?: { custom?: { fillOpacity?: number }; thresholds?: { steps: unknown[] } } };
}
export interface GrafanaDashboard { title: string; uid: string; tags: string[]; description: string; time: unknown; templating: { list: { name: string; label: string; query: string }[] }; panels: GrafanaPanel[] }

const lit = (v: unknown): string => JSON.stringify(v);

function target(t: GrafanaTarget): string {
  const calls = [`.expr(${lit(t.expr)})`, `.refId(${lit(t.refId)})`, `.datasource(${lit(t.datasource)})`];
  if (t.queryType) calls.push(`.queryType(${lit(t.queryType)})`);
  if (t.editorMode) calls.push(`.editorMode(loki.QueryEditorMode.Code)`);
  if (t.legendFormat) calls.push(`.legendFormat(${lit(t.legendFormat)})`);
  if (t.step) calls.push(`.step(${lit(t.step)})`);
  return `new loki.DataqueryBuilder()${calls.join('')}`;
}

function queried(p: GrafanaPanel): string {
  const calls = [`.datasource(${lit(p.datasource)})`, ...p.targets.map((t) => `.withTarget(${target(t)})`)];
  if (p.transformations?.length) calls.push(`.transformations(${lit(p.transformations)})`);
  return calls.join('');
}

const placed = (p: GrafanaPanel): string => `.id(${p.id}).title(${lit(p.title)}).gridPos(${lit(p.gridPos)})`;
const legend = (l: { showLegend: boolean; displayMode: string; placement: string } = { showLegend: false, displayMode: 'hidden', placement: 'bottom' }): string =>
  `new common.VizLegendOptionsBuilder().showLegend(${l.showLegend}).displayMode(${lit(l.displayMode)}).placement(${lit(l.placement)}).calcs([])`;
const tooltip = `new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.None)`;

function panel(p: GrafanaPanel): string {
  const o = p.options ?? {};
  const custom = p.fieldConfig?.defaults?.custom ?? {};
  switch (p.type) {
    case 'text':
      return `new text.PanelBuilder()${placed(p)}.mode(text.TextMode.Markdown).content(${lit(o.content)})`;
    case 'stat': {
      const steps = p.fieldConfig?.defaults?.thresholds?.steps ?? [];
      return `new stat.PanelBuilder()${placed(p)}${queried(p)}.reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('').values(false))` +
        `.colorMode(common.BigValueColorMode.Value).graphMode(common.BigValueGraphMode.None).textMode(common.BigValueTextMode.Auto)` +
        `.thresholds(new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(${lit(steps)}))` +
        `.colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.Thresholds)).noValue('0')`;
    }
    case 'timeseries':
      return `new timeseries.PanelBuilder()${placed(p)}${queried(p)}.drawStyle(common.GraphDrawStyle.Line).fillOpacity(${custom.fillOpacity ?? 0})` +
        `.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.None).group('A')).legend(${legend(o.legend)}).tooltip(${tooltip})`;
    case 'barchart':
      return `new barchart.PanelBuilder()${placed(p)}${queried(p)}.orientation(${lit(o.orientation)}).stacking(common.StackingMode.None)` +
        `.showValue(common.VisibilityMode.Auto).legend(${legend(o.legend)}).tooltip(${tooltip})${o.xField ? `.xField(${lit(o.xField)})` : ''}`;
    case 'piechart':
      return `new piechart.PanelBuilder()${placed(p)}${queried(p)}.pieType(piechart.PieChartType.Pie)` +
        `.reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('').values(${o.reduceOptions?.values ?? false}))` +
        `.displayLabels([piechart.PieChartLabels.Percent]).legend(new piechart.PieChartLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Right))`;
    case 'table':
      return `new table.PanelBuilder()${placed(p)}${queried(p)}.showHeader(true).cellHeight(common.TableCellHeight.Sm)`;
    default:
      throw new Error(`sdk-code: no builder for panel type ${p.type}`);
  }
}

export const SDK_IMPORTS = ['barchart', 'common', 'dashboard', 'loki', 'piechart', 'stat', 'table', 'text', 'timeseries']
  .map((m) => `import * as ${m} from '@grafana/grafana-foundation-sdk/${m}';`)
  .join('\n');

/** An expression that builds the dashboard with the SDK's builders. */
export function dashboardExpression(d: GrafanaDashboard): string {
  const variables = d.templating.list.map(
    (v) => `.withVariable(new dashboard.DatasourceVariableBuilder(${lit(v.name)}).label(${lit(v.label)}).type(${lit(v.query)}))`,
  );
  return `new dashboard.DashboardBuilder(${lit(d.title)}).uid(${lit(d.uid)}).tags(${lit(d.tags)}).description(${lit(d.description)})` +
    `.editable().readonly().time(${lit(d.time)}).timezone('browser').tooltip(dashboard.DashboardCursorSync.Crosshair)${variables.join('')}\n` +
    d.panels.map((p) => `  .withPanel(${panel(p)})`).join('\n');
}
