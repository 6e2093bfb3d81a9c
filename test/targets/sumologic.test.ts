import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import seed from '../../dashboards/twistlock-overview.js';
import { dashboard, defineSource, from, gauge, pie, singleValue, text, timeSeries, variable } from '../../src/index.js';
import { sumologic } from '../../src/targets/sumologic/render.js';
import { app } from '../helpers/sources.js';

type Body = {
  title: string;
  timeRange: unknown;
  refreshInterval: number;
  panels: { key: string; panelType: string; title: string; visualSettings: string; text?: string; queries?: { queryString: string; queryKey: string; queryType: string }[] }[];
  layout: { layoutType: string; layoutStructures: { key: string; structure: string }[] };
  variables: { name: string; sourceDefinition: Record<string, string>; includeAllOption: boolean; defaultValue: string }[];
};

const render = (d: Parameters<typeof sumologic.render>[0]) => {
  const r = sumologic.render(d, {});
  assert.equal(r.artifacts.length, 1);
  return { body: JSON.parse(r.artifacts[0]!.content) as Body, panels: r.panels, path: r.artifacts[0]!.path };
};

describe('Sumo Logic target', () => {
  describe('the seed dashboard', () => {
    const { body, path } = render(seed);

    it('is written to sumologic/<uid>.json', () => assert.equal(path, 'sumologic/twistlock-overview.json'));

    it("compiles each panel to a query equivalent to the vendor's", () => {
      // Differences from the vendor's text, all without effect on the result: keywords are
      // quoted ("violation" = (violation)); `order by` is written `sort by` (a synonym);
      // `count` is named `count` explicitly; the host variable adds its filter.
      const host = '| where _sourceHost matches "{{host}}"';
      const scope = '_sourceCategory="twistlock/example"';
      assert.deepEqual(
        body.panels.map((p) => [p.title, p.queries?.[0]?.queryString]),
        [
          // _sourceCategory=twistlock/example (violation) | timeslice 24h | count by _timeslice | order by _timeslice desc
          ['Violations (last 24 hours)', `${scope} "violation" ${host} | timeslice 24h | count as count by _timeslice | sort by _timeslice desc`],
          // ... (Network violation) | timeslice 24h | count by _timeslice | order by _timeslice desc
          ['Network Violations', `${scope} "Network" "violation" ${host} | timeslice 24h | count as count by _timeslice | sort by _timeslice desc`],
          // ... (Process violation) | timeslice 24h | count by _timeslice | order by _timeslice desc
          ['Process Violations', `${scope} "Process" "violation" ${host} | timeslice 24h | count as count by _timeslice | sort by _timeslice desc`],
          // ... (violation) | timeslice 1d | count by _timeslice | order by _timeslice asc
          ['Violations by day', `${scope} "violation" ${host} | timeslice 1d | count as count by _timeslice | sort by _timeslice asc`],
          // ... (Denied) | parse "The command * * for user * by rule *'" as command, action, user, rulename | count by user | order by user asc
          [
            'Top Users with Violations',
            `${scope} "Denied" ${host} | parse "The command * * for user * by rule *'" as command, action, user, rulename | count as count by user | sort by user asc`,
          ],
          // ... (violation) | parse ".go:* * violation " as linenumber, violation_type | count by violation_type | order by _count desc
          [
            'Top Violation by Types',
            `${scope} "violation" ${host} | parse ".go:* * violation " as linenumber, violation_type | count as count by violation_type | sort by count desc`,
          ],
          // ... (Process violation) | timeslice 5m | count as count by _timeslice, _sourceHost | transpose row _timeslice column _sourceHost
          [
            'Process violations per host',
            `${scope} "Process" "violation" ${host} | timeslice 5m | count as count by _timeslice, _sourceHost | transpose row _timeslice column _sourceHost`,
          ],
        ],
      );
      for (const p of body.panels) assert.deepEqual([p.panelType, p.queries![0]!.queryKey, p.queries![0]!.queryType], ['SumoSearchPanel', 'A', 'Logs']);
    });

    it('carries the single-value colour ranges as svp thresholds', () => {
      const vs = JSON.parse(body.panels[0]!.visualSettings);
      assert.deepEqual(vs.general, { type: 'svp', displayType: 'default', roundDataPoints: true, mode: 'singleValueMetrics' });
      assert.deepEqual(vs.svp.thresholds, [
        { from: 1, to: 31, color: '#16943E' },
        { from: 31, to: 71, color: '#F2A33B' },
        { from: 71, to: null, color: '#BF2121' },
      ]);
    });

    it('chooses the chart kind per panel', () => {
      const kinds = body.panels.map((p) => {
        const g = JSON.parse(p.visualSettings).general;
        return `${g.type}/${g.mode}`;
      });
      assert.deepEqual(kinds, ['svp/singleValueMetrics', 'svp/singleValueMetrics', 'svp/singleValueMetrics', 'area/timeSeries', 'column/distribution', 'table/distribution', 'line/timeSeries']);
    });

    it('lays the panels out on the 24-column grid, one structure per panel key', () => {
      assert.equal(body.layout.layoutType, 'Grid');
      assert.deepEqual(
        body.layout.layoutStructures.map((s) => [s.key, JSON.parse(s.structure)]),
        [
          ['violations-last-24-hours', { height: 5, width: 8, x: 0, y: 0 }],
          ['network-violations', { height: 5, width: 8, x: 8, y: 0 }],
          ['process-violations', { height: 5, width: 8, x: 16, y: 0 }],
          ['violations-by-day', { height: 8, width: 24, x: 0, y: 5 }],
          ['top-users-with-violations', { height: 8, width: 12, x: 0, y: 13 }],
          ['top-violation-by-types', { height: 8, width: 12, x: 12, y: 13 }],
          ['process-violations-per-host', { height: 9, width: 24, x: 0, y: 21 }],
        ],
      );
    });

    it('turns the host variable into a log-query variable with All', () => {
      assert.deepEqual(body.variables, [
        {
          name: 'host',
          displayName: 'Host',
          defaultValue: '*',
          sourceDefinition: {
            variableSourceType: 'LogQueryVariableSourceDefinition',
            query: '_sourceCategory="twistlock/example" | count as count by _sourceHost | sort by count desc | limit 1000',
            field: '_sourceHost',
          },
          allowMultiSelect: false,
          includeAllOption: true,
          hideFromUI: false,
          valueType: 'Any',
        },
      ]);
    });

    it('sets the dashboard time range', () => {
      assert.deepEqual(body.timeRange, { type: 'BeginBoundedTimeRange', from: { type: 'RelativeTimeRangeBoundary', relativeTime: '-24h' } });
      assert.equal(body.refreshInterval, 0);
    });
  });

  it('renders text, gauges, pies, stacked areas, absolute time and list variables', () => {
    const env = variable({ name: 'env', values: ['prod', 'staging'], includeAll: false });
    const { body } = render(
      dashboard({
        uid: 'misc',
        title: 'Misc',
        time: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
        refresh: '5m',
        variables: [env],
        panels: [
          text({ title: 'Read me', markdown: '## Runbook' }),
          gauge({ title: 'g', query: from(app).where('namespace', '=', env).count(), max: 100, ranges: [{ to: 50, color: 'green' }, { from: 50, color: '#aa0000' }] }),
          pie({ title: 'p', donut: true, query: from(app).count().by('user') }),
          timeSeries({ title: 't', style: 'stacked', query: from(app).timeslice('1h').count().by('host') }),
        ],
      }),
    );
    assert.deepEqual(body.timeRange, {
      type: 'BeginBoundedTimeRange',
      from: { type: 'Iso8601TimeRangeBoundary', iso8601Time: '2026-01-01T00:00:00Z' },
      to: { type: 'Iso8601TimeRangeBoundary', iso8601Time: '2026-01-02T00:00:00Z' },
    });
    assert.equal(body.refreshInterval, 300);
    assert.equal(body.panels[0]!.panelType, 'TextPanel');
    assert.equal(body.panels[0]!.text, '## Runbook');
    const vs = body.panels.map((p) => JSON.parse(p.visualSettings));
    assert.deepEqual(vs[1].svp.gauge, { show: true, min: 0, max: 100, showThreshold: true, showThresholdMarker: true });
    assert.deepEqual(vs[1].svp.thresholds, [{ from: null, to: 50, color: '#16943E' }, { from: 50, to: null, color: '#AA0000' }]);
    assert.equal(vs[2].general.innerRadius, '40%');
    assert.deepEqual([vs[3].general.type, vs[3].general.displayType], ['area', 'stacked']);
    assert.deepEqual(body.variables[0]!.sourceDefinition, { variableSourceType: 'CsvVariableSourceDefinition', values: 'prod,staging' });
    assert.equal(body.variables[0]!.defaultValue, 'prod');
    assert.equal(body.panels[1]!.queries![0]!.queryString, '_sourceCategory="prod/app" | where namespace matches "{{env}}" | count as count');
  });

  it('replaces a panel it cannot express by a text panel that says why, and reports it unsupported', () => {
    const splunkOnly = defineSource({ id: 'only-splunk', splunk: { index: 'x' }, fields: {} });
    const { body, panels } = render(dashboard({ uid: 'u', title: 'U', time: { last: '1h' }, panels: [singleValue({ title: 'Count', query: from(splunkOnly).count() })] }));
    assert.equal(body.panels[0]!.panelType, 'TextPanel');
    assert.equal(body.panels[0]!.text, '**Count** cannot be shown on Sumo Logic: source "only-splunk" has no sumologic binding');
    assert.equal(panels[0]!.fidelity, 'unsupported');
  });
});
