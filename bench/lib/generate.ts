// Writes a synthetic project of N dashboard definitions, 20 panels each, in the mix a security
// team writes: single values with colour ranges, time series, bars, pies, tables and text, over
// queries that search, parse, timeslice, count by and sort. Half the queries repeat across
// dashboards (a shared team filter), half are unique to each (a per-dashboard term), so the
// bench sees both the cache and the cold path.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const SOURCE = `import { defineSource } from 'polydash';

export const runtime = defineSource({
  id: 'runtime',
  title: 'Container runtime events',
  sumologic: { sourceCategory: 'security/runtime' },
  splunk: { index: 'security', sourcetype: 'runtime:events' },
  elastic: { dataView: 'logs-runtime-*', timeField: '@timestamp', messageField: 'message' },
  loki: { selector: { job: 'runtime' }, labels: ['host'] },
  fields: {
    host: { sumologic: '_sourceHost', splunk: 'host', elastic: 'host.name', loki: 'host' },
  },
});
`;

/** One definition file; `i` makes titles and one search term per dashboard unique. */
export function definition(i: number): string {
  const team = `team${i % 25}`;
  const own = `svc${i}`;
  return `import { bar, dashboard, from, pie, singleValue, table, text, timeSeries } from 'polydash';
import { runtime } from './sources/runtime.js';

const ranges = [
  { from: 1, to: 31, color: 'green' },
  { from: 31, to: 71, color: 'orange' },
  { from: 71, color: 'red' },
] as const;

const shared = from(runtime).search('${team}');
const mine = from(runtime).search('${own}');
const denied = (q: typeof shared) => q.search('Denied').parse("The command * * for user * by rule *'", ['command', 'action', 'user', 'rule']);

export default dashboard({
  uid: 'bench-${i}',
  title: 'Bench ${i} - runtime violations',
  description: 'Synthetic dashboard ${i} for the compile benchmark.',
  tags: ['bench', '${team}'],
  time: { last: '24h' },
  panels: [
    text({ title: 'About', markdown: 'Runtime violations for **${own}** (${team}).' }),
    singleValue({ title: 'Violations', query: shared.search('violation').timeslice('24h').count().orderBy('timeslice', 'desc'), ranges }),
    singleValue({ title: 'Network violations', query: shared.search('Network', 'violation').timeslice('24h').count().orderBy('timeslice', 'desc'), ranges }),
    singleValue({ title: 'Process violations', query: mine.search('Process', 'violation').timeslice('24h').count().orderBy('timeslice', 'desc'), ranges }),
    singleValue({ title: 'Denied commands', query: mine.search('Denied').timeslice('24h').count().orderBy('timeslice', 'desc'), ranges }),
    timeSeries({ title: 'Violations by hour', query: shared.search('violation').timeslice('1h').count().orderBy('timeslice', 'asc') }),
    timeSeries({ title: 'Own violations by hour', query: mine.search('violation').timeslice('1h').count().orderBy('timeslice', 'asc') }),
    timeSeries({ title: 'Violations per host', style: 'line', query: shared.search('violation').timeslice('5m').count().by('host').transpose('timeslice', 'host') }),
    timeSeries({ title: 'Own violations per host', style: 'area', query: mine.search('violation').timeslice('15m').count().by('host').transpose('timeslice', 'host') }),
    bar({ title: 'Top users denied', query: denied(shared).count().by('user').orderBy('count', 'desc').limit(10) }),
    bar({ title: 'Own users denied', orientation: 'column', query: denied(mine).count().by('user').orderBy('user', 'asc') }),
    bar({ title: 'Denied by action', query: denied(mine).count().by('action').orderBy('count', 'desc') }),
    pie({ title: 'Rules hit', query: denied(shared).count().by('rule').orderBy('count', 'desc').limit(8) }),
    pie({ title: 'Own rules hit', query: denied(mine).count().by('rule').orderBy('count', 'desc').limit(8) }),
    pie({ title: 'Hosts', query: mine.count().by('host').orderBy('count', 'desc').limit(8) }),
    table({ title: 'Violation types', query: shared.search('violation').parse('.go:* * violation ', ['line', 'violation_type']).count().by('violation_type').orderBy('count', 'desc') }),
    table({ title: 'Own violation types', query: mine.search('violation').parse('.go:* * violation ', ['line', 'violation_type']).count().by('violation_type').orderBy('count', 'desc') }),
    table({ title: 'Commands by user', query: denied(mine).count().by('user', 'command').orderBy('count', 'desc').limit(50) }),
    table({ title: 'Hosts by violations', query: mine.search('violation').count().by('host').orderBy('count', 'desc').limit(20) }),
    text({ title: 'Runbook', markdown: 'See the runbook for ${team} before acting on a violation.' }),
  ],
});
`;
}

/** Creates (or recreates) `dir` as a polydash project with `n` dashboards. */
export async function generateProject(dir: string, n: number): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'dashboards', 'sources'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify({ name: `bench-${n}`, private: true, type: 'module' }, null, 2)}\n`);
  await writeFile(path.join(dir, 'dashboards', 'sources', 'runtime.ts'), SOURCE);
  const width = String(n).length;
  const writes: Promise<void>[] = [];
  for (let i = 0; i < n; i++) writes.push(writeFile(path.join(dir, 'dashboards', `bench-${String(i).padStart(width, '0')}.ts`), definition(i)));
  await Promise.all(writes);
}
