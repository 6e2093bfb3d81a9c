// Sysdig Monitor alert notifications received by webhook: how severe, how many are firing
// (weighted by severity), how often alerts fire, and which ones, with a link back to Sysdig.

import { dashboard, from, gauge, pie, table, timeSeries, variable } from 'polydash';
import { sysdigMonitor } from './sources/sysdig.js';

/** Sysdig's 0-7 scale: 0-3 High, 4-5 Medium, 6 Low, 7 Info. */
const severity = variable({ name: 'severity', label: 'Severity (0-7)', values: ['0', '1', '2', '3', '4', '5', '6', '7'], includeAll: true });

const alerts = from(sysdigMonitor).where('severity', '=', severity);
/** Notifications sent when an alert starts firing (the other state is OK, sent when it resolves). */
const firing = alerts.where('state', '=', 'ACTIVE');

export default dashboard({
  uid: 'sysdig-monitor-alerts',
  title: 'Sysdig Monitor - Alerts',
  description: 'Alert notifications sent by a Sysdig Monitor webhook notification channel.',
  tags: ['monitoring', 'sysdig', 'kubernetes', 'alerts'],
  time: { last: '7d' },
  variables: [severity],
  panels: [
    pie({ title: 'Alerts by severity', query: firing.count().by('severity').orderBy('severity', 'asc'), donut: true, size: { w: 8, h: 8 } }),
    gauge({
      title: 'Firing alerts, weighted by severity',
      description: 'Sum of severity_weight (8 - severity: 8 for severity 0, 1 for severity 7) over the notifications of alerts that started firing in the time range.',
      query: firing.sum('severity_weight', 'weighted'),
      min: 0,
      max: 400,
      ranges: [
        { from: 0, to: 100, color: 'green' },
        { from: 100, to: 250, color: 'orange' },
        { from: 250, color: 'red' },
      ],
      size: { w: 8, h: 8 },
    }),
    pie({ title: 'Firing or resolved', description: 'Notifications by state: ACTIVE when an alert fires, OK when it resolves.', query: alerts.count().by('state'), size: { w: 8, h: 8 } }),
    timeSeries({
      title: 'Alert frequency',
      description: 'Alerts that started firing, per hour.',
      style: 'area',
      query: firing.timeslice('1h').count(),
      size: { w: 24, h: 8 },
    }),
    table({
      title: 'Alerts',
      description: 'Alert name, its description and the link to the event in Sysdig Monitor, most frequent first.',
      query: firing.count().by('alert_name', 'alert_text', 'alert_link').orderBy('count', 'desc').limit(50),
      size: { w: 24, h: 10 },
    }),
  ],
});
