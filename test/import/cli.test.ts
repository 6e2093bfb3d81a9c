// `polydash import` on the command line: from a file (format detected), to stdout with --json,
// refusing to overwrite, and pulling a dashboard through each product's API (the emulators)
// with the configuration and credentials that publishing uses.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { world } from '../publish/world.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');

describe('polydash import (command line)', () => {
  it('imports a file, detects its product, writes dashboards/<uid>.ts that validates, and refuses to overwrite it', async () => {
    const w = await world({ validate: false });
    try {
      writeFileSync(path.join(w.dir, 'overview.json'), readFileSync(path.join(CORPUS, 'grafana', 'sib-falco-security-overview.loki.json')));
      const r = await w.cli(['import', 'overview.json']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Wrote dashboards\/sib-security-overview\.ts from overview\.json\./);
      assert.match(r.stdout, /9 of 9 queries recognised \(100%; 8 exactly, 1 with differences\)/);
      const code = readFileSync(path.join(w.dir, 'dashboards', 'sib-security-overview.ts'), 'utf8');
      assert.match(code, /^import \{ dashboard, defineSource, events, from, pie, singleValue, timeSeries, variable \} from 'polydash';$/m);
      assert.match(code, /^const syscallEvents = from\(syscall\)\.where\('hostname', '=', hostnameVariable\);$/m);
      assert.match(code, /query: syscallEvents\.where\('priority', '=', 'Warning'\)\.count\(\),/);
      const v = await w.cli(['validate', 'dashboards/sib-security-overview.ts']);
      assert.equal(v.code, 0, v.stderr);
      const again = await w.cli(['import', 'overview.json']);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /dashboards\/sib-security-overview\.ts exists; choose another --out or add --force/);
      const json = await w.cli(['import', 'overview.json', '--print', '--json']);
      assert.equal(json.code, 0, json.stderr);
      const parsed = JSON.parse(json.stdout) as { ok: boolean; product: string; code: string; report: { counts: { queries: number } } };
      assert.equal(parsed.product, 'grafana');
      assert.equal(parsed.report.counts.queries, 9);
      assert.equal(parsed.code, code);
      const bad = await w.cli(['import', 'overview.json', '--from', 'splunk', '--print']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /^polydash: a Splunk view is XML or Dashboard Studio JSON/);
    } finally {
      await w.close();
    }
  });

  it('pulls a dashboard through each product API (emulated) and imports it', async () => {
    const w = await world({ validate: false });
    try {
      const push = await w.cli(['push', '--env', 'test', '--only', 'twistlock-overview']);
      assert.equal(push.code, 0, push.stderr + push.stdout);
      const sumoId = (w.emu.sumologic.state.list().find((d) => String(d.description ?? '').includes('polydash:twistlock-overview:')) as { id: string }).id;
      const kibanaId = w.emu.kibana.state.inSpace('security').find((o) => o.type === 'dashboard' && String(o.attributes.description ?? '').includes('polydash:twistlock-overview:'))!.id;
      const pulls: [string, string[]][] = [
        ['grafana', ['--uid', 'twistlock-overview']],
        ['sumologic', ['--id', sumoId]],
        ['kibana', ['--id', kibanaId]],
        ['splunk', ['--name', 'twistlock-overview']],
      ];
      for (const [product, id] of pulls) {
        const out = `imported/${product}.ts`;
        const r = await w.cli(['import', '--from', product, '--env', 'test', ...id, '--out', out]);
        assert.equal(r.code, 0, `${product}: ${r.stderr}`);
        // what polydash built reads back as neutral queries; Kibana's ES|QL panels stay raw (ES|QL is not read)
        const counts = /: (\d+) of (\d+) queries recognised .*, (\d+) kept raw, (\d+) lost/.exec(r.stdout)!;
        assert.equal(counts[4], '0', `${product}: nothing is lost\n${r.stdout}`);
        if (product !== 'kibana') assert.equal(counts[1], counts[2], `${product}: every query polydash built is recognised again\n${r.stdout}`);
        else assert.match(r.stdout, /kept raw\n\s+why: an ES\|QL \(textBased\) panel: kept as written/);
        const code = readFileSync(path.join(w.dir, out), 'utf8');
        assert.match(code, /title: 'Twistlock - Overview'/);
        const v = await w.cli(['validate', out]);
        assert.equal(v.code, 0, `${product}: ${v.stderr}`);
      }
      const missing = await w.cli(['import', '--from', 'grafana', '--env', 'test', '--uid', 'no-such-dashboard', '--print']);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /grafana: dashboard no-such-dashboard was not found \(HTTP 404\)/);
      const noId = await w.cli(['import', '--from', 'splunk', '--env', 'test']);
      assert.equal(noId.code, 1);
      assert.match(noId.stderr, /--from splunk --env test needs --name/);
    } finally {
      await w.close();
    }
  });
});
