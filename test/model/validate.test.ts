import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bar, dashboard, events, from, pie, singleValue, table, text, timeSeries, validateDashboard, variable } from '../../src/index.js';
import type { DashboardDef } from '../../src/index.js';
import { app } from '../helpers/sources.js';

const base = { uid: 'd1', title: 'D', time: { last: '24h' } } as const;
const issues = (d: DashboardDef) => validateDashboard(d).map((i) => `${i.path}: ${i.message}`);

describe('validation', () => {
  it('accepts a valid dashboard', () => {
    const host = variable({ name: 'host', values: ['a', 'b'] });
    const d = dashboard({
      ...base,
      variables: [host],
      panels: [
        singleValue({ title: 'n', query: from(app).where('host', '=', host).count(), ranges: [{ to: 10, color: 'green' }, { from: 10, color: 'red' }] }),
        timeSeries({ title: 't', query: from(app).timeslice('5m').count().by('host') }),
        pie({ title: 'p', query: from(app).count().by('user') }),
        events({ title: 'e', query: from(app).search('error'), columns: ['host'] }),
        text({ markdown: '# hi' }),
      ],
    });
    assert.deepEqual(issues(d), []);
  });

  describe('schema errors name the path and what was expected', () => {
    it('uid, time and colours', () => {
      const d = dashboard({
        uid: 'has space',
        title: 'D',
        time: { last: '1 day' },
        panels: [singleValue({ title: 'n', query: from(app).count(), ranges: [{ from: 1, color: 'teal' as 'red' }] })],
      });
      assert.deepEqual(issues(d), [
        `uid: expected 1-40 characters of letters, digits, '_' and '-', starting with a letter or digit, got "has space"`,
        'time.last: expected a duration such as 30s, 5m, 24h, 1d or 2w, got "1 day"',
        'panels[0].ranges[0].color: expected a colour name (green, yellow, orange, red, blue, purple, gray) or #rrggbb, got "teal"',
      ]);
    });
    it('unknown options (typos) are reported, not ignored', () => {
      const d = dashboard({ ...base, panels: [table({ title: 't', query: from(app).count(), pagesize: 5 } as never)] });
      assert.deepEqual(issues(d), ['panels[0]: unknown property "pagesize"']);
    });
    it('product field names a product cannot represent are refused, not mangled', () => {
      const bad = { ...app, fields: { ...app.fields, pod: { loki: 'k8s.pod' } } } as typeof app;
      const d = dashboard({ ...base, panels: [table({ title: 'a', query: from(bad).count().by('pod') })] });
      assert.deepEqual(issues(d), ['sources.app.fields.pod.loki: expected a Loki label name (letters, digits and underscores, not starting with a digit), got "k8s.pod"']);
    });
    it('a preview binding names event keys, and nothing else', () => {
      const ok = { ...app, preview: { timeField: 'ts', messageField: 'log.original', fields: { host: 'host.name' } } } as typeof app;
      assert.deepEqual(issues(dashboard({ ...base, panels: [table({ title: 'a', query: from(ok).count() })] })), []);
      const bad = { ...app, preview: { timefield: 'ts', fields: { host: 3 } } } as unknown as typeof app;
      assert.deepEqual(issues(dashboard({ ...base, panels: [table({ title: 'a', query: from(bad).count() })] })), [
        'sources.app.preview: unknown property "timefield"',
        'sources.app.preview.fields.host: expected string, got number',
      ]);
    });
    it('source bindings are checked once per source', () => {
      const bad = { ...app, loki: { selector: {} } } as typeof app;
      const d = dashboard({ ...base, panels: [table({ title: 'a', query: from(bad).count() }), table({ title: 'b', query: from(bad).count().by('host') })] });
      assert.deepEqual(issues(d), ['sources.app.loki.selector: must NOT have fewer than 1 properties']);
    });
  });

  describe('semantic errors', () => {
    const cases: [string, DashboardDef, string[]][] = [
      [
        'unknown field after .by()',
        dashboard({ ...base, panels: [table({ title: 't', query: from(app).count().by('usr') })] }),
        ['panels[0].query.aggregate.by[0]: field "usr" is not defined by source "app" or extracted by the query; expected one of: host, status, user, namespace'],
      ],
      [
        'parsed fields are known after the parse',
        dashboard({ ...base, panels: [table({ title: 't', query: from(app).parse('user=* ', ['who']).count().by('who') })] }),
        [],
      ],
      [
        'a filter on a parsed field before the parse',
        dashboard({ ...base, panels: [table({ title: 't', query: from(app).where('who', '=', 'x').parse('user=* ', ['who']).count() })] }),
        ['panels[0].query.filter: field "who" is extracted by the query but used before the extraction; call .where() after .parse()/.json()'],
      ],
      [
        'an extracted name that shadows a source field',
        dashboard({ ...base, panels: [table({ title: 't', query: from(app).parse('u=* ', ['user']).count() })] }),
        ['panels[0].query.extract[0]: extracted field "user" has the name of a field of source "app"; choose another name'],
      ],
      [
        'a reserved word as an extracted name',
        dashboard({ ...base, panels: [table({ title: 't', query: from(app).parse('a=* ', ['by']).count() })] }),
        ['panels[0].query.extract[0]: extracted field "by": "by" is a reserved word in at least one query language'],
      ],
      [
        'an undeclared variable',
        dashboard({ ...base, panels: [table({ title: 't', query: from(app).where('host', '=', variable({ name: 'host', values: ['a'] })).count() })] }),
        ['panels[0].query: uses variable "host", which the dashboard does not declare in variables: [...]'],
      ],
      [
        'duplicate panel keys',
        dashboard({ ...base, panels: [table({ key: 'k', title: 'a', query: from(app).count() }), table({ key: 'k', title: 'b', query: from(app).count() })] }),
        ['panels[1].key: duplicate panel key "k" (also panels[0]); give one of them an explicit key'],
      ],
      [
        'a panel that does not fit the 24-column grid',
        dashboard({ ...base, panels: [table({ title: 'a', query: from(app).count(), size: { w: 12, h: 4 }, position: { x: 16, y: 0 } })] }),
        ['panels[0].gridPos: expected x + w <= 24, got x=16 w=12'],
      ],
      [
        'overlapping explicit positions',
        dashboard({
          ...base,
          panels: [
            table({ title: 'a', query: from(app).count(), size: { w: 12, h: 4 }, position: { x: 0, y: 0 } }),
            table({ title: 'b', query: from(app).count(), size: { w: 12, h: 4 }, position: { x: 6, y: 2 } }),
          ],
        }),
        ['panels[1].gridPos: overlaps panels[0] ("a") on the grid'],
      ],
      [
        'an unknown sort key',
        dashboard({ ...base, panels: [table({ title: 't', query: from(app).count().by('host').orderBy('total', 'desc') })] }),
        ['panels[0].query.sort[0]: "total" is not a measure alias, a group-by field; expected one of: count, host'],
      ],
      [
        'a time series without a time bucket',
        dashboard({ ...base, panels: [timeSeries({ title: 't', query: from(app).count() })] }),
        ['panels[0].query: a time series needs .timeslice(...)'],
      ],
      [
        'a single value grouped by a field',
        dashboard({ ...base, panels: [singleValue({ title: 's', query: from(app).count().by('host') })] }),
        ['panels[0].query: a singleValue panel shows one number: remove .by() (a .timeslice() is fine: the latest bucket is shown)'],
      ],
      [
        'an events panel with an aggregation',
        dashboard({ ...base, panels: [events({ title: 'e', query: from(app).count() })] }),
        ['panels[0].query: an events panel lists raw events: remove .count()/.by()/.timeslice()/.transpose()'],
      ],
      [
        'a chart without a measure',
        dashboard({ ...base, panels: [bar({ title: 'b', query: from(app).search('x') })] }),
        ['panels[0].query: a bar panel needs a measure such as .count() (use an events panel for raw events)'],
      ],
      [
        'a search term with whitespace',
        dashboard({ ...base, panels: [table({ title: 't', query: from(app).search('Process violation').count() })] }),
        [`panels[0].query.filter: search term "Process violation" contains whitespace; pass the words separately (.search('a', 'b')) or use .phrase()`],
      ],
      [
        'overlapping colour ranges',
        dashboard({ ...base, panels: [singleValue({ title: 's', query: from(app).count(), ranges: [{ from: 0, to: 50, color: 'green' }, { from: 40, color: 'red' }] })] }),
        ["panels[0].ranges[1].from: ranges must ascend without overlapping: 40 is below the previous range's end 50"],
      ],
      [
        'transpose with two measures',
        dashboard({ ...base, panels: [timeSeries({ title: 't', query: from(app).timeslice('5m').count().countDistinct('user').by('host').transpose('timeslice', 'host') })] }),
        ['panels[0].query.pivot: transpose needs exactly one measure'],
      ],
    ];
    for (const [name, d, expected] of cases) {
      it(name, () => assert.deepEqual(issues(d), expected));
    }
  });
});
