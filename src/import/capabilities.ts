// What this polydash's model accepts beyond what the importer can assume: a raw PromQL entry
// (`raw({ promql })`) is a proposed addition. When the model accepts it, PromQL panels imported
// from Grafana are kept raw; until then they are reported lost, with the query in their text.

import { dashboard } from '../model/dashboard.js';
import { table } from '../model/panels.js';
import { validateDashboard } from '../model/validate.js';
import { raw } from '../query/raw.js';

let promql: boolean | undefined;

export function acceptsRawPromql(): boolean {
  if (promql === undefined) {
    const probe = dashboard({ uid: 'probe', title: 'probe', time: { last: '1h' }, panels: [table({ title: 'probe', query: raw({ promql: 'up' } as Parameters<typeof raw>[0]) })] });
    promql = validateDashboard(probe).length === 0;
  }
  return promql;
}
