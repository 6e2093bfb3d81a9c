import type { TargetMeta } from '../target.js';
import { DEFAULT_GRAFANA_VERSION, GRAFANA_VERSIONS } from './versions.js';

export const grafanaMeta: TargetMeta = {
  name: 'grafana',
  title: 'Grafana',
  options: [
    {
      name: 'version',
      describe: `Release line the dashboard JSON is written for: 10.4, 11 or 12 (classic JSON; default ${DEFAULT_GRAFANA_VERSION})`,
      choices: GRAFANA_VERSIONS,
    },
  ],
};
