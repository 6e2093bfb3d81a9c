// Sysdig Secure runtime policy events received by webhook: how many, how severe, which
// policies and rules fire, where (namespace), and the event text itself.

import { bar, dashboard, from, pie, table, text, timeSeries, variable } from 'polydash';
import { sysdigSecure } from './sources/sysdig.js';

const cluster = variable({ name: 'cluster', label: 'Cluster', values: from(sysdigSecure), field: 'cluster', includeAll: true });
const namespace = variable({ name: 'namespace', label: 'Namespace', values: from(sysdigSecure), field: 'namespace', includeAll: true });
/** Sysdig's 0-7 scale: 0-3 High, 4-5 Medium, 6 Low, 7 Info. */
const severity = variable({ name: 'severity', label: 'Severity (0-7)', values: ['0', '1', '2', '3', '4', '5', '6', '7'], includeAll: true });

const events = from(sysdigSecure).where('cluster', '=', cluster).where('namespace', '=', namespace).where('severity', '=', severity);

export default dashboard({
  uid: 'sysdig-secure-events',
  title: 'Sysdig Secure - Policy events',
  description: 'Runtime policy events sent by a Sysdig Secure webhook notification channel.',
  tags: ['security', 'sysdig', 'kubernetes', 'containers'],
  time: { last: '7d' },
  variables: [cluster, namespace, severity],
  panels: [
    timeSeries({
      title: 'Events over time by severity',
      style: 'stacked',
      query: events.timeslice('1h').count().by('severity'),
      size: { w: 16, h: 8 },
    }),
    text({
      title: 'Severity scale',
      markdown: 'Sysdig severities run from **0** (most severe) to **7**:\n\n- 0-3: High\n- 4-5: Medium\n- 6: Low\n- 7: Info',
      size: { w: 8, h: 8 },
    }),
    pie({ title: 'Events by severity', query: events.count().by('severity').orderBy('severity', 'asc'), size: { w: 8, h: 8 } }),
    pie({ title: 'Resolved', description: 'Events acknowledged (resolved: true) or still open.', query: events.count().by('resolved'), size: { w: 8, h: 8 } }),
    bar({
      title: 'Top policies',
      orientation: 'bar',
      query: events.count().by('policy').orderBy('count', 'desc').limit(10),
      size: { w: 8, h: 8 },
    }),
    bar({
      title: 'Top rules',
      orientation: 'bar',
      query: events.count().by('rule').orderBy('count', 'desc').limit(10),
      size: { w: 12, h: 8 },
    }),
    timeSeries({
      title: 'Events per namespace',
      style: 'line',
      query: events.timeslice('1h').count().by('namespace'),
      size: { w: 12, h: 8 },
    }),
    table({
      title: 'Events by severity, with output',
      description: 'Most severe first (0 is the highest severity).',
      query: events.count().by('severity', 'policy', 'rule', 'output').orderBy('severity', 'asc').limit(100),
      size: { w: 24, h: 10 },
    }),
  ],
});
