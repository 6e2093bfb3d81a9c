import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import seed from '../../dashboards/twistlock-overview.js';
import { compileQuery, dashboard, events, from, gauge, pie, singleValue, table, text, timeSeries, variable } from '../../src/index.js';
import type { DashboardDef } from '../../src/index.js';
import { gaugeBands, splunkRanges } from '../../src/targets/splunk/ranges.js';
import { splunk } from '../../src/targets/splunk/render.js';
import { app } from '../helpers/sources.js';
import { childrenNamed, findAll, parseXml, textOf, type XmlElement } from '../helpers/xml.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const conformance = path.resolve(repo, '..', 'shared', 'conformance', 'check.mjs');
const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

const render = (d: DashboardDef) => {
  const r = splunk.render(d, {});
  return { xml: r.artifacts[0]!.content, path: r.artifacts[0]!.path, doc: parseXml(r.artifacts[0]!.content), panels: r.panels };
};
const options = (e: XmlElement): Record<string, string> => Object.fromEntries(childrenNamed(e, 'option').map((o) => [o.attrs.name!, textOf(o)]));

describe('Splunk target (Simple XML)', () => {
  describe('the seed dashboard', () => {
    const { doc, path: file } = render(seed);

    it('is a version 1.1 form (it has a variable) written to splunk/<uid>.xml', () => {
      assert.equal(file, 'splunk/twistlock-overview.xml');
      assert.equal(doc.name, 'form');
      assert.equal(doc.attrs.version, '1.1');
      assert.equal(textOf(childrenNamed(doc, 'label')[0]!), 'Twistlock - Overview');
    });

    it('turns the host variable into a populated dropdown next to a time picker', () => {
      const inputs = findAll(childrenNamed(doc, 'fieldset')[0]!, 'input');
      assert.deepEqual(inputs.map((i) => [i.attrs.type, i.attrs.token]), [['time', 'global_time'], ['dropdown', 'host']]);
      const host = inputs[1]!;
      assert.deepEqual(childrenNamed(host, 'choice').map((c) => [c.attrs.value, textOf(c)]), [['*', 'All']]);
      assert.equal(textOf(childrenNamed(host, 'default')[0]!), '*');
      assert.equal(textOf(childrenNamed(host, 'fieldForValue')[0]!), 'host');
      assert.equal(
        textOf(findAll(host, 'query')[0]!),
        'index="twistlock" sourcetype="twistlock:syslog" | stats count AS count by host | sort 0 -count | head 1000',
      );
      const time = inputs[0]!;
      assert.deepEqual([textOf(findAll(time, 'earliest')[0]!), textOf(findAll(time, 'latest')[0]!)], ['-24h', 'now']);
    });

    it('keeps panels that share a grid row in one <row>', () => {
      const rows = childrenNamed(doc, 'row').map((r) =>
        childrenNamed(r, 'panel').map((p) => {
          const viz = p.children.find((c): c is XmlElement => typeof c !== 'string')!;
          return `${viz.name}:${textOf(childrenNamed(viz, 'title')[0]!)}`;
        }),
      );
      assert.deepEqual(rows, [
        ['single:Violations (last 24 hours)', 'single:Network Violations', 'single:Process Violations'],
        ['chart:Violations by day'],
        ['chart:Top Users with Violations', 'table:Top Violation by Types'],
        ['chart:Process violations per host'],
      ]);
    });

    it('shares a base search between panels that read the same events', () => {
      const bases = childrenNamed(doc, 'search');
      assert.deepEqual(
        bases.map((b) => [b.attrs.id, textOf(childrenNamed(b, 'query')[0]!), textOf(childrenNamed(b, 'earliest')[0]!)]),
        [
          ['base1', 'index="twistlock" sourcetype="twistlock:syslog" host=$host|s$ "violation" | fields _time, _raw', '$global_time.earliest$'],
          ['base2', 'index="twistlock" sourcetype="twistlock:syslog" host=$host|s$ "Process" "violation" | fields _time, _raw, host', '$global_time.earliest$'],
        ],
      );
      const searches = findAll(doc, 'row').flatMap((r) => findAll(r, 'search'));
      assert.deepEqual(
        searches.map((s) => [s.attrs.base ?? '', textOf(childrenNamed(s, 'query')[0]!)]),
        [
          ['base1', 'bin _time span=24h | stats count AS count by _time | sort 0 -_time | head 1'],
          ['', 'index="twistlock" sourcetype="twistlock:syslog" host=$host|s$ "Network" "violation" | bin _time span=24h | stats count AS count by _time | sort 0 -_time | head 1'],
          ['base2', 'bin _time span=24h | stats count AS count by _time | sort 0 -_time | head 1'],
          ['base1', 'bin _time span=1d | stats count AS count by _time | sort 0 +_time'],
          [
            '',
            `index="twistlock" sourcetype="twistlock:syslog" host=$host|s$ "Denied" | rex field=_raw "The command (?<command>.*?) (?<action>.*?) for user (?<user>.*?) by rule (?<rulename>.*?)'" | stats count AS count by user | sort 0 +user`,
          ],
          ['base1', 'rex field=_raw "\\\\.go:(?<linenumber>.*?) (?<violation_type>.*?) violation " | stats count AS count by violation_type | sort 0 -count'],
          ['base2', 'timechart span=5m limit=0 useother=false usenull=false count AS count by host'],
        ],
      );
      for (const s of searches.filter((x) => !x.attrs.base)) {
        assert.equal(textOf(childrenNamed(s, 'earliest')[0]!), '$global_time.earliest$');
        assert.equal(textOf(childrenNamed(s, 'latest')[0]!), '$global_time.latest$');
      }
    });

    it('maps colour ranges to rangeValues and one more rangeColors', () => {
      const single = findAll(doc, 'single')[0]!;
      const o = options(single);
      assert.equal(o.rangeValues, '[0,30,70]');
      assert.equal(o.rangeColors, '["0x708794","0x53a051","0xf1813f","0xdc4e41"]');
      assert.equal(o.useColors, '1');
    });

    it('sets the chart kinds', () => {
      const charts = findAll(doc, 'chart').map((c) => options(c)['charting.chart']);
      assert.deepEqual(charts, ['area', 'column', 'line']);
    });
  });

  it('uses <dashboard> with fixed times when there are no variables, and renders every panel kind', () => {
    const { doc, panels } = render(
      dashboard({
        uid: 'kinds',
        title: 'Kinds',
        time: { last: '7d' },
        refresh: '5m',
        panels: [
          text({ title: 'About', markdown: '**Bold** <b>not html</b>' }),
          gauge({ title: 'g', query: from(app).count(), min: 0, max: 100, ranges: [{ to: 50, color: 'green' }, { from: 50, to: 80, color: 'yellow' }, { from: 80, color: 'red' }] }),
          pie({ title: 'p', donut: true, query: from(app).count().by('user') }),
          table({ title: 't', pageSize: 25, query: from(app).count().by('user') }),
          events({ title: 'e', query: from(app).search('error') }),
          timeSeries({ title: 's', style: 'stacked', query: from(app).timeslice('1h').count().by('host') }),
        ],
      }),
    );
    assert.equal(doc.name, 'dashboard');
    assert.equal(doc.attrs.refresh, '300');
    assert.equal(childrenNamed(doc, 'fieldset').length, 0);
    const html = findAll(doc, 'html')[0]!;
    assert.equal(html.attrs.tokens, 'false');
    assert.deepEqual(html.children.filter((c) => typeof c !== 'string').map((c) => (c as XmlElement).name), ['p']);
    assert.equal(textOf(html).trim(), 'Bold <b>not html</b>');
    const gaugeOpts = options(findAll(doc, 'chart')[0]!);
    assert.deepEqual([gaugeOpts['charting.chart'], gaugeOpts['charting.chart.rangeValues'], gaugeOpts['charting.gaugeColors']], ['radialGauge', '[0,50,80,100]', '["0x53a051","0xf8be34","0xdc4e41"]']);
    assert.equal(options(findAll(doc, 'table')[0]!).count, '25');
    assert.equal(options(findAll(doc, 'event')[0]!).type, 'list');
    const series = findAll(doc, 'chart')[2]!;
    assert.equal(options(series)['charting.chart.stackMode'], 'stacked');
    assert.match(textOf(findAll(series, 'query')[0]!), /(^|\| )timechart span=1h limit=0 useother=false usenull=false count AS count by host$/);
    assert.deepEqual(textOf(findAll(doc, 'earliest')[0]!), '-7d');
    assert.ok(panels.find((p) => p.title === 'p')!.diagnostics.some((d) => d.code === 'splunk.donut'));
  });

  it('round-trips queries holding <, >, &, quotes and ]]> through an XML parser', () => {
    const nasty = 'a<b>&c"d\'e]]>f$g';
    const env = variable({ name: 'env', values: ['prod', 'dev'], multi: true });
    const d = dashboard({
      uid: 'escapes',
      title: `T ${nasty}`,
      description: nasty,
      time: { last: '1h' },
      variables: [env],
      panels: [table({ title: nasty, query: from(app).where('user', '=', nasty).where('namespace', '=', env).count().by('host') })],
    });
    const { xml, doc } = render(d);
    assert.doesNotMatch(xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''), /]]>/);
    assert.equal(textOf(childrenNamed(doc, 'label')[0]!), `T ${nasty}`);
    assert.equal(textOf(childrenNamed(doc, 'description')[0]!), nasty);
    const query = textOf(findAll(findAll(doc, 'table')[0]!, 'query')[0]!);
    assert.equal(query, compileQuery(d.panels[0]!.kind === 'panel' && 'query' in d.panels[0]! ? d.panels[0].query : from(app).build(), 'splunk').output);
    assert.equal(query, 'index="main" sourcetype="app:log" user="a<b>&c\\"d\'e]]>f$$g" namespace IN ($env$) | stats count AS count by host');
    const multi = findAll(doc, 'input').find((i) => i.attrs.token === 'env')!;
    assert.equal(multi.attrs.type, 'multiselect');
    assert.deepEqual(['valuePrefix', 'valueSuffix', 'delimiter'].map((n) => textOf(childrenNamed(multi, n)[0]!)), ['"', '"', ', ']);
  });

  it('replaces a panel Splunk cannot express by an html panel saying why', () => {
    const { doc, panels } = render(dashboard({ uid: 'u', title: 'U', time: { last: '1h' }, panels: [singleValue({ title: 'n', query: from(app).json({ x: ['a b'] }).count() })] }));
    assert.match(textOf(findAll(doc, 'html')[0]!), /n cannot be shown on Splunk: JSON key "a b" contains characters that an spath path cannot express/);
    assert.equal(panels[0]!.fidelity, 'unsupported');
  });

  describe('colour ranges', () => {
    it('uses from - 1 for whole-number measures, so the mapping is exact', () => {
      assert.deepEqual(splunkRanges([{ from: 1, to: 31, color: 'green' }, { from: 31, to: 71, color: 'orange' }, { from: 71, color: 'red' }], true), {
        values: [0, 30, 70],
        colors: ['0x708794', '0x53a051', '0xf1813f', '0xdc4e41'],
        exact: true,
      });
    });
    it('leaves gaps and the ends uncoloured', () => {
      assert.deepEqual(splunkRanges([{ from: 1, to: 10, color: 'green' }, { from: 20, to: 30, color: 'red' }], true), {
        values: [0, 9, 19, 29],
        colors: ['0x708794', '0x53a051', '0x708794', '0xdc4e41', '0x708794'],
        exact: true,
      });
    });
    it('says when boundaries are inexact (fractional measures)', () => {
      const r = splunkRanges([{ to: 0.5, color: 'green' }, { from: 0.5, color: 'red' }], false);
      assert.deepEqual([r.values, r.exact], [[0.5], false]);
    });
    it('cuts gauge bands at every range boundary inside min..max', () => {
      assert.deepEqual(gaugeBands([{ to: 50, color: 'green' }, { from: 50, color: 'red' }], 0, 100), { values: [0, 50, 100], colors: ['0x53a051', '0xdc4e41'] });
    });
  });

  it('produces files that xmllint and the vendor conformance checker accept', { skip: !existsSync(conformance) && 'shared/conformance is not here' }, () => {
    const lint = spawnSync('xmllint', ['--version']);
    assert.equal(lint.error, undefined, 'xmllint is required (Debian package libxml2-utils)');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'polydash-splunk-'));
    temps.push(dir);
    mkdirSync(path.join(dir, 'splunk'));
    for (const d of [seed]) writeFileSync(path.join(dir, 'splunk', `${d.uid}.xml`), splunk.render(d, {}).artifacts[0]!.content);
    const out = execFileSync(process.execPath, [conformance, dir], { encoding: 'utf8' });
    assert.match(out, / 0 failed\n$/);
  });
});
