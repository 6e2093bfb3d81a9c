// Falco runtime security: which rules fire at which priority, in which images and namespaces,
// over time, and the alerts themselves.

import { bar, dashboard, events, from, pie, table, timeSeries, variable } from 'polydash';
import { falco } from './sources/falco.js';

const host = variable({ name: 'host', label: 'Host', values: from(falco), field: 'host', includeAll: true });
const namespace = variable({ name: 'namespace', label: 'Namespace', values: from(falco), field: 'namespace', includeAll: true });
/** Falco's priorities, most severe first. */
const priority = variable({
  name: 'priority',
  label: 'Priority',
  values: ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'],
  includeAll: true,
});

const alerts = from(falco).where('host', '=', host).where('namespace', '=', namespace).where('priority', '=', priority);

export default dashboard({
  uid: 'falco-runtime-security',
  title: 'Falco - Runtime security',
  description: 'Falco alerts (JSON output) by rule, priority, container image and namespace.',
  tags: ['security', 'falco', 'kubernetes', 'containers'],
  time: { last: '7d' },
  variables: [host, namespace, priority],
  panels: [
    timeSeries({
      title: 'Alerts over time by priority',
      style: 'stacked',
      query: alerts.timeslice('1h').count().by('priority'),
      size: { w: 16, h: 8 },
    }),
    pie({ title: 'Alerts by priority', query: alerts.count().by('priority'), donut: true, size: { w: 8, h: 8 } }),
    table({
      title: 'Alerts by rule and priority',
      query: alerts.count().by('rule', 'priority').orderBy('count', 'desc').limit(25),
      size: { w: 12, h: 9 },
    }),
    bar({
      title: 'Top container images',
      orientation: 'bar',
      query: alerts.count().by('image').orderBy('count', 'desc').limit(10),
      size: { w: 12, h: 9 },
    }),
    bar({
      title: 'Alerts by namespace',
      orientation: 'bar',
      query: alerts.count().by('namespace').orderBy('count', 'desc').limit(15),
      size: { w: 12, h: 8 },
    }),
    timeSeries({
      title: 'Rules over time',
      style: 'line',
      query: alerts.timeslice('1h').count().by('rule'),
      size: { w: 12, h: 8 },
    }),
    events({
      title: 'Alerts',
      description: 'The newest alerts, with their output text.',
      query: alerts.limit(200),
      columns: ['priority', 'rule', 'namespace', 'pod', 'image'],
      size: { w: 24, h: 12 },
    }),
  ],
});
