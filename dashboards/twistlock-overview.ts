// The Twistlock "Overview Dashboard" that Twistlock published for Sumo Logic, panel for panel,
// now compiled to every product. The vendor's Sumo query is quoted above each panel.

import { bar, dashboard, from, singleValue, table, timeSeries, variable } from 'polydash';
import { twistlock } from './sources/twistlock.js';

const host = variable({ name: 'host', label: 'Host', values: from(twistlock), field: 'host', includeAll: true });

/** Every panel is filtered by the host variable. */
const logs = from(twistlock).where('host', '=', host);

const violationRanges = [
  { from: 1, to: 31, color: 'green' },
  { from: 31, to: 71, color: 'orange' },
  { from: 71, color: 'red' },
] as const;

/** `(<terms>) | timeslice 24h | count by _timeslice | order by _timeslice desc` */
const last24h = (...terms: string[]) => logs.search(...terms).timeslice('24h').count().orderBy('timeslice', 'desc');

export default dashboard({
  uid: 'twistlock-overview',
  title: 'Twistlock - Overview',
  description: 'Container runtime violations reported by Twistlock (Prisma Cloud Compute) Defenders.',
  tags: ['security', 'twistlock', 'containers'],
  time: { last: '24h' },
  variables: [host],
  panels: [
    // _sourceCategory=twistlock/example (violation) | timeslice 24h | count by _timeslice | order by _timeslice desc
    singleValue({ title: 'Violations (last 24 hours)', query: last24h('violation'), ranges: violationRanges, size: { w: 8, h: 5 } }),
    // _sourceCategory=twistlock/example (Network violation) | timeslice 24h | count by _timeslice | order by _timeslice desc
    singleValue({ title: 'Network Violations', query: last24h('Network', 'violation'), ranges: violationRanges, size: { w: 8, h: 5 } }),
    // _sourceCategory=twistlock/example (Process violation) | timeslice 24h | count by _timeslice | order by _timeslice desc
    singleValue({ title: 'Process Violations', query: last24h('Process', 'violation'), ranges: violationRanges, size: { w: 8, h: 5 } }),
    // _sourceCategory=twistlock/example (violation) | timeslice 1d | count by _timeslice | order by _timeslice asc
    timeSeries({
      title: 'Violations by day',
      style: 'area',
      query: logs.search('violation').timeslice('1d').count().orderBy('timeslice', 'asc'),
      size: { w: 24, h: 8 },
    }),
    // _sourceCategory=twistlock/example (Denied) | parse "The command * * for user * by rule *'" as command, action, user, rulename
    //   | count by user | order by user asc
    bar({
      title: 'Top Users with Violations',
      orientation: 'column',
      query: logs
        .search('Denied')
        .parse("The command * * for user * by rule *'", ['command', 'action', 'user', 'rulename'])
        .count()
        .by('user')
        .orderBy('user', 'asc'),
      size: { w: 12, h: 8 },
    }),
    // _sourceCategory=twistlock/example (violation) | parse ".go:* * violation " as linenumber, violation_type
    //   | count by violation_type | order by _count desc
    table({
      title: 'Top Violation by Types',
      query: logs
        .search('violation')
        .parse('.go:* * violation ', ['linenumber', 'violation_type'])
        .count()
        .by('violation_type')
        .orderBy('count', 'desc'),
      size: { w: 12, h: 8 },
    }),
    // _sourceCategory=twistlock/example (Process violation) | timeslice 5m | count as count by _timeslice, _sourceHost
    //   | transpose row _timeslice column _sourceHost
    timeSeries({
      title: 'Process violations per host',
      style: 'line',
      query: logs.search('Process', 'violation').timeslice('5m').count('count').by('host').transpose('timeslice', 'host'),
      size: { w: 24, h: 9 },
    }),
  ],
});
