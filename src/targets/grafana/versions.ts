// The Grafana releases polydash writes for, and the dashboard schemaVersion each one gets.
// No SDK import here: meta.ts (loaded by `polydash --help`) reads the list.

import { UserError } from '../../errors.js';

export const GRAFANA_VERSIONS = ['10.4', '11', '12'] as const;
export type GrafanaVersion = (typeof GRAFANA_VERSIONS)[number];
export const DEFAULT_GRAFANA_VERSION: GrafanaVersion = '12';

/**
 * The schemaVersion of the oldest release of each line, so that no release of the line meets
 * a version from its future: Grafana 12.0's backend migrator fails a dashboard newer than its
 * own latest (41), and 10.4 and 11.0-11.2 write 39. Newer releases migrate forward, and the
 * migrations after 39 (v40: refresh must be a string, v41: drop timepicker.time_options,
 * v42: hideFrom.tooltip for hidden series) change nothing in what polydash writes.
 */
export const SCHEMA_VERSION: Readonly<Record<GrafanaVersion, number>> = { '10.4': 39, '11': 39, '12': 41 };

export function grafanaVersion(option: string | undefined): GrafanaVersion {
  if (option === undefined) return DEFAULT_GRAFANA_VERSION;
  if ((GRAFANA_VERSIONS as readonly string[]).includes(option)) return option as GrafanaVersion;
  throw new UserError(`unknown Grafana version ${JSON.stringify(option)}; expected one of ${GRAFANA_VERSIONS.join(', ')}`);
}
