// polydash public API: what dashboard definitions import.

export { defineSource } from './model/source.js';
export type { SourceInput } from './model/source.js';
export type { SourceDef, FieldBinding, SumoBinding, SplunkBinding, ElasticBinding, LokiBinding, GrafanaBinding, PreviewBinding, BindingProduct } from './model/source-types.js';
export { from, QueryBuilder } from './query/builder.js';
export type { ExtractOptions } from './query/builder.js';
export { Filter } from './query/filter-builder.js';
export { dashboard } from './model/dashboard.js';
export type { DashboardInput } from './model/dashboard.js';
export { singleValue, timeSeries, bar, pie, table, gauge, text, events } from './model/panels.js';
export type { PanelSpec, SingleValueInput, TimeSeriesInput, BarInput, PieInput, TableInput, GaugeInput, TextInput, EventsInput } from './model/panels.js';
export { variable } from './model/variable.js';
export type { VariableInput } from './model/variable.js';
export { compileQuery } from './query/compile.js';
export { raw } from './query/raw.js';
export type { RawQueries } from './query/raw.js';
export type { CompiledQuery } from './query/compile.js';
export type { QueryLanguage } from './query/languages.js';
export type { Diagnostic, Fidelity } from './query/fidelity.js';
export { validateDashboard } from './model/validate.js';
export { defineConfig } from './publish/config.js';
export type { PolydashConfig, EnvironmentConfig, SumoEnvironment, KibanaEnvironment, SplunkEnvironment, GrafanaEnvironment } from './publish/config.js';
export type { Issue } from './model/validate.js';
export type * from './model/types.js';
export type { Query, PanelQuery, RawQuery, Pred, Extract, Measure, Scalar, VariableRef } from './query/nodes.js';
