// The SDK builds the 12.x model; each release line gets its schemaVersion and loses what it
// does not know.

import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { type GrafanaVersion, SCHEMA_VERSION } from './versions.js';

export function fitToVersion(model: dashboard.Dashboard, version: GrafanaVersion): void {
  // the SDK has no setter for schemaVersion (it writes its own, 42)
  model.schemaVersion = SCHEMA_VERSION[version];
  if (version === '10.4') {
    // "Allow custom values" arrived in 11.5; 10.4 has no such setting
    for (const v of model.templating.list ?? []) delete v.allowCustomValue;
  }
}
