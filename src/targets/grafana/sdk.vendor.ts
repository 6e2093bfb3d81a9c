// The foundation SDK modules this target uses, re-exported from one module. The SDK ships as
// hundreds of small CommonJS files; `npm run compile` bundles this module (and every other
// *.vendor.js in lib/) into a single file, which loads about four times faster
// (scripts/bundle-vendor.mjs). Running from src/, it is a plain re-export.

export * as barchart from '@grafana/grafana-foundation-sdk/barchart';
export * as common from '@grafana/grafana-foundation-sdk/common';
export * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
export * as elasticsearch from '@grafana/grafana-foundation-sdk/elasticsearch';
export * as gauge from '@grafana/grafana-foundation-sdk/gauge';
export * as logs from '@grafana/grafana-foundation-sdk/logs';
export * as loki from '@grafana/grafana-foundation-sdk/loki';
export * as piechart from '@grafana/grafana-foundation-sdk/piechart';
export * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
export * as stat from '@grafana/grafana-foundation-sdk/stat';
export * as table from '@grafana/grafana-foundation-sdk/table';
export * as text from '@grafana/grafana-foundation-sdk/text';
export * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
