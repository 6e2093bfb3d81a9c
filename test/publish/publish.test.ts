import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GRAFANA_DEFAULT_CREDENTIALS, KIBANA_DEFAULT_CREDENTIALS, kibanaApiKeyHeader, SPLUNK_DEFAULT_USERS, SUMO_DEFAULT_CREDENTIALS } from '../emulators/index.js';
import { CREDENTIAL_ENV, configFor, world, type World } from './world.js';

const PRODUCTS = ['sumologic', 'kibana', 'splunk', 'grafana'] as const;

/** The dashboards polydash built, as the definitions say (uid → title). */
function definedUids(w: World): string[] {
  return readdirSync(path.join(w.dir, 'dashboards'))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [.../uid: '([^']+)'/.exec(readFileSync(path.join(w.dir, 'dashboards', f), 'utf8'))?.slice(1, 2) ?? []]);
}

/** How many copies of each polydash dashboard each product holds. */
function copies(w: World): Record<string, Record<string, number>> {
  const count = (titles: string[]) => titles.reduce<Record<string, number>>((m, t) => ((m[t] = (m[t] ?? 0) + 1), m), {});
  return {
    sumologic: count(w.emu.sumologic.state.list().filter((d) => /polydash:/.test(String(d.description ?? ''))).map((d) => /polydash:([^:]+):/.exec(String(d.description))![1]!)),
    kibana: count(w.emu.kibana.state.inSpace('security').filter((o) => o.type === 'dashboard' && /polydash:/.test(String(o.attributes.description ?? ''))).map((o) => /polydash:([^:]+):/.exec(String(o.attributes.description))![1]!)),
    splunk: count(definedUids(w).filter((uid) => w.emu.splunk.state.find(uid, { app: 'security_dashboards' })?.eaiData.includes('polydash:'))),
    grafana: count(definedUids(w).filter((uid) => (w.emu.grafana.state.get(uid)?.tags as string[] | undefined)?.includes('polydash'))),
  };
}

function assertEachOnce(w: World): void {
  const expected = Object.fromEntries(definedUids(w).map((u) => [u, 1]));
  for (const [product, found] of Object.entries(copies(w))) assert.deepEqual(found, expected, product);
}

describe('publishing to the four products (emulated)', () => {
  it('publishes every dashboard once; a second push writes nothing; plan then shows no change', async () => {
    const w = await world();
    try {
      const first = await w.cli(['push', '--env', 'test']);
      assert.equal(first.code, 0, first.stderr + first.stdout);
      assert.match(first.stdout, /Summary: \d+ created(, \d+ permissions set)?\./);
      assertEachOnce(w);
      for (const p of PRODUCTS) assert.equal(w.emu[p].counters.tooManyRequests, 0, `${p} was never throttled`);

      w.emu.resetCounters();
      const again = await w.cli(['push', '--env', 'test']);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /Summary: \d+ unchanged\./);
      for (const p of PRODUCTS) assert.equal(w.emu[p].counters.writes, 0, `${p}: ${JSON.stringify(w.emu[p].log.filter((l) => l.write))}`);
      // one read per dashboard or per listing page, plus the folder/space/app check; where
      // polydash manages permissions per dashboard (Grafana, Sumo Logic), one more read per
      // such dashboard and one listing of the teams or roles
      const dashboards = definedUids(w).length;
      const managed = 2;
      const perDashboardAcl = { sumologic: managed + 1, grafana: managed + 2, kibana: 0, splunk: 0 };
      for (const p of PRODUCTS) assert.ok(w.emu[p].counters.reads <= dashboards + 4 + perDashboardAcl[p], `${p}: ${w.emu[p].counters.reads} reads`);

      const plan = await w.cli(['plan', '--env', 'test', '--detailed-exitcode']);
      assert.equal(plan.code, 0, plan.stdout + plan.stderr);
      assert.match(plan.stdout, /Plan: \d+ unchanged\./);
    } finally {
      await w.close();
    }
  });

  it('refuses a dashboard changed in the product; --force saves it first, then overwrites it', async () => {
    const w = await world();
    try {
      assert.equal((await w.cli(['push', '--env', 'test'])).code, 0);
      const uid = 'twistlock-overview';
      const sumo = w.emu.sumologic.state.list().find((d) => String(d.description).includes(`polydash:${uid}:`))! as { id: string };
      w.emu.sumologic.state.editInUi(sumo.id, (d) => {
        d.title = 'Edited in Sumo';
      });
      const kibanaDashboard = w.emu.kibana.state.inSpace('security').find((o) => o.type === 'dashboard' && String(o.attributes.description).includes(`polydash:${uid}:`))!;
      w.emu.kibana.state.editInUi('dashboard', kibanaDashboard.id, (a) => (a.title = 'Edited in Kibana'), 'security');
      w.emu.splunk.state.editInUi(uid, (xml) => xml.replace('<label>Twistlock - Overview</label>', '<label>Edited in Splunk</label>'), { app: 'security_dashboards' });
      w.emu.grafana.state.editInUi(uid, (d) => (d.title = 'Edited in Grafana'));

      const plan = await w.cli(['plan', '--env', 'test', '--detailed-exitcode']);
      assert.equal(plan.code, 2);
      assert.equal(plan.stdout.match(/! drifted +twistlock-overview/g)?.length, 4, plan.stdout);
      assert.match(plan.stdout, /- {3}"title": "Edited in Grafana",\n\s+\+ {3}"title": "Twistlock - Overview",/);

      const refused = await w.cli(['push', '--env', 'test']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /twistlock-overview: skipped \(changed in the product since the last push; --force overwrites it after a backup\)/);
      assert.equal(String(w.emu.grafana.state.get(uid)!.title), 'Edited in Grafana');
      assert.equal(String(w.emu.sumologic.state.get(sumo.id)!.title), 'Edited in Sumo');

      const forced = await w.cli(['push', '--env', 'test', '--force']);
      assert.equal(forced.code, 0, forced.stderr);
      for (const p of PRODUCTS) {
        const dir = path.join(w.dir, '.polydash', 'backups', 'test', p);
        const files = readdirSync(dir);
        assert.equal(files.length, 1, p);
        assert.match(files[0]!, new RegExp(`^${uid}-\\d{4}-\\d{2}-\\d{2}T.*\\.json$`));
        assert.match(readFileSync(path.join(dir, files[0]!), 'utf8'), /Edited in/);
      }
      assert.equal(String(w.emu.grafana.state.get(uid)!.title), 'Twistlock - Overview');
      assert.equal(String(w.emu.sumologic.state.get(sumo.id)!.title), 'Twistlock - Overview');
      assert.equal((await w.cli(['plan', '--env', 'test', '--detailed-exitcode'])).code, 0);
      assertEachOnce(w);
    } finally {
      await w.close();
    }
  });

  it('prunes only dashboards polydash owns, after a backup', async () => {
    const w = await world();
    try {
      assert.equal((await w.cli(['push', '--env', 'test'])).code, 0);
      await handMadeDashboards(w);
      // The seed is no longer defined; another dashboard is.
      rmSync(path.join(w.dir, 'dashboards', 'twistlock-overview.ts'));
      writeFileSync(
        path.join(w.dir, 'dashboards', 'other.ts'),
        `import { dashboard, from, table } from 'polydash';
import { twistlock } from './sources/twistlock.js';
export default dashboard({ uid: 'other', title: 'Other', time: { last: '1h' }, panels: [table({ title: 'Hosts', query: from(twistlock).count().by('host') })] });
`,
      );
      const keep = await w.cli(['push', '--env', 'test']);
      assert.equal(keep.code, 0, keep.stderr);
      assert.equal(String(w.emu.grafana.state.get('twistlock-overview')?.title), 'Twistlock - Overview', 'without --prune nothing is deleted');

      const pruned = await w.cli(['push', '--env', 'test', '--prune']);
      assert.equal(pruned.code, 0, pruned.stderr);
      assert.equal(pruned.stdout.match(/twistlock-overview: deleted/g)?.length ?? pruned.stdout.match(/deleted/g)?.length, 4, pruned.stdout);
      assert.equal(w.emu.grafana.state.get('twistlock-overview'), undefined);
      assert.equal(w.emu.splunk.state.find('twistlock-overview', { app: 'security_dashboards' }), undefined);
      assert.equal(w.emu.sumologic.state.list().filter((d) => String(d.description).includes('polydash:twistlock-overview:')).length, 0);
      // hand-made dashboards are still there
      assert.ok(w.emu.grafana.state.get('handmade'));
      assert.ok(w.emu.splunk.state.find('handmade', { app: 'security_dashboards' }));
      assert.equal(w.emu.sumologic.state.findByTitle('Hand-made').length, 1);
      assert.ok(w.emu.kibana.state.get('dashboard', 'handmade', 'security'));
      for (const p of PRODUCTS) assert.equal(readdirSync(path.join(w.dir, '.polydash', 'backups', 'test', p)).length, 1, p);
      assertEachOnce(w);
    } finally {
      await w.close();
    }
  });

  it('ends a fault storm (429s, 5xx, resets, slow answers, writes whose answer is lost) where a clean run ends', async () => {
    const w = await world({ sumologic: { rateLimits: { perSecond: 4, concurrentPerKey: 10 } } });
    try {
      w.emu.setFaults({ random: { p429: 0.15, p5xx: 0.15, pReset: 0.1, pSlow: 0.1, slowMs: 300, pAfterWrite: 0.5, retryAfter: 1, seed: 7 } });
      const stormy = await w.cli(['push', '--env', 'test']);
      assert.equal(stormy.code, 0, stormy.stdout + stormy.stderr);
      const injected = PRODUCTS.reduce((n, p) => n + w.emu[p].counters.faultsInjected, 0);
      assert.ok(injected > 3, `faults were injected (${injected})`);
      w.emu.setFaults({});
      assertEachOnce(w);
      // The content equals what a clean run pushes: nothing to do, every dashboard unchanged.
      const plan = await w.cli(['plan', '--env', 'test', '--detailed-exitcode']);
      assert.equal(plan.code, 0, plan.stdout);
    } finally {
      await w.close();
    }
  });

  it('converges when an interrupted push is run again', async () => {
    const w = await world({ latencyMs: 150 });
    try {
      const child = w.start(['push', '--env', 'test']);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
      const again = await w.cli(['push', '--env', 'test']);
      assert.equal(again.code, 0, again.stderr);
      assertEachOnce(w);
      assert.equal((await w.cli(['plan', '--env', 'test', '--detailed-exitcode'])).code, 0);
    } finally {
      await w.close();
    }
  });

  it('writes nothing on --dry-run', async () => {
    const w = await world();
    try {
      const r = await w.cli(['push', '--env', 'test', '--dry-run']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /skipped \(dry run\)/);
      for (const p of PRODUCTS) assert.equal(w.emu[p].counters.writes, 0, p);
    } finally {
      await w.close();
    }
  });

  it('keeps secrets out of every output, including failures', async () => {
    const w = await world();
    try {
      const outputs = [
        await w.cli(['push', '--env', 'test', '--json']),
        await w.cli(['plan', '--env', 'test']),
        await w.cli(['plan', '--env', 'test', '--json']),
        // wrong secrets: they must not be echoed either
        await w.cli(['plan', '--env', 'test'], { GRAFANA_TOKEN: 'glsa_wrong_secret_token_123456', SUMOLOGIC_ACCESSKEY: 'wrong-sumo-secret-key', SPLUNK_TOKEN: 'wrong-splunk-secret', KIBANA_API_KEY: 'd3Jvbmc6a2liYW5h' }),
      ];
      const wrong = await w.cli(['push', '--env', 'test', '--target', 'grafana'], { GRAFANA_TOKEN: 'glsa_wrong_secret_token_123456' });
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /grafana[\s\S]*HTTP 401, the token was not accepted/);
      outputs.push(wrong);
      const secrets = [...Object.values(CREDENTIAL_ENV), 'glsa_wrong_secret_token_123456', 'wrong-sumo-secret-key', 'wrong-splunk-secret', 'd3Jvbmc6a2liYW5h'];
      const forms = secrets.flatMap((s) => [s, Buffer.from(s).toString('base64')]);
      forms.push(Buffer.from(`${CREDENTIAL_ENV.SUMOLOGIC_ACCESSID}:${CREDENTIAL_ENV.SUMOLOGIC_ACCESSKEY}`).toString('base64'));
      for (const o of outputs) for (const s of forms) assert.ok(!(o.stdout + o.stderr).includes(s), `a secret leaked: ${s}`);
    } finally {
      await w.close();
    }
  });

  it('says clearly when the Sumo Logic account belongs to another deployment', async () => {
    const w = await world({ sumologic: { movedTo: 'https://api.eu.sumologic.com/api' } });
    try {
      const r = await w.cli(['plan', '--env', 'test', '--target', 'sumologic']);
      assert.equal(r.code, 1);
      assert.match(r.stdout + r.stderr, /this account belongs to another Sumo Logic deployment \(the API redirects to https:\/\/api\.eu\.sumologic\.com\/api/);
    } finally {
      await w.close();
    }
  });

  it('explains missing credentials and an unknown environment', async () => {
    const w = await world();
    try {
      const noCreds = await w.cli(['plan', '--env', 'test', '--target', 'grafana'], { GRAFANA_TOKEN: undefined, GRAFANA_USERNAME: undefined });
      assert.equal(noCreds.code, 1);
      assert.match(noCreds.stdout + noCreds.stderr, /grafana: no credentials; set GRAFANA_TOKEN \(or GRAFANA_TOKEN_FILE\) in the environment/);
      const unknown = await w.cli(['plan', '--env', 'staging']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /unknown environment "staging"; polydash.config.ts defines: test/);
      writeFileSync(path.join(w.dir, 'polydash.config.ts'), configFor(w.emu).replace("space: 'security'", "space: 'Not A Space'"));
      const bad = await w.cli(['plan', '--env', 'test']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /environments\.test\.kibana\.space: expected a Kibana space id, got "Not A Space"/);
      assert.ok(!existsSync(path.join(w.dir, '.polydash', 'backups')));
    } finally {
      await w.close();
    }
  });
});

/** Dashboards a person made by hand in each product, in the folders polydash uses. */
async function handMadeDashboards(w: World): Promise<void> {
  const sumoAuth = `Basic ${Buffer.from(`${SUMO_DEFAULT_CREDENTIALS[0]!.accessId}:${SUMO_DEFAULT_CREDENTIALS[0]!.accessKey}`).toString('base64')}`;
  const folderId = w.emu.sumologic.state.list()[0]!.folderId;
  const ok = async (res: Promise<Response>) => {
    const r = await res;
    assert.ok(r.status < 300, `${r.status} ${await r.text()}`);
  };
  await ok(
    fetch(`${w.emu.sumologic.url}/api/v2/dashboards`, {
      method: 'POST',
      headers: { authorization: sumoAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Hand-made', folderId, timeRange: { type: 'BeginBoundedTimeRange', from: { type: 'RelativeTimeRangeBoundary', relativeTime: '-1h' } } }),
    }),
  );
  const grafanaToken = (GRAFANA_DEFAULT_CREDENTIALS[0] as { token: string }).token;
  await ok(
    fetch(`${w.emu.grafana.url}/api/dashboards/db`, {
      method: 'POST',
      headers: { authorization: `Bearer ${grafanaToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dashboard: { uid: 'handmade', title: 'Hand-made', schemaVersion: 41, panels: [], templating: { list: [] }, annotations: { list: [] } }, folderUid: 'security' }),
    }),
  );
  const splunkToken = SPLUNK_DEFAULT_USERS[0]!.tokens![0]!;
  await ok(
    fetch(`${w.emu.splunk.url}/servicesNS/nobody/security_dashboards/data/ui/views?output_mode=json`, {
      method: 'POST',
      headers: { authorization: `Bearer ${splunkToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'handmade', 'eai:data': '<dashboard version="1.1"><label>Hand-made</label><row><panel><html><p>hello</p></html></panel></row></dashboard>' }).toString(),
    }),
  );
  const form = new FormData();
  const dashboardObject = { type: 'dashboard', id: 'handmade', coreMigrationVersion: '8.8.0', typeMigrationVersion: '8.9.0', attributes: { title: 'Hand-made', description: '', panelsJSON: '[]', optionsJSON: '{}', kibanaSavedObjectMeta: { searchSourceJSON: '{"query":{"query":"","language":"kuery"},"filter":[]}' } }, references: [] };
  form.set('file', new Blob([`${JSON.stringify(dashboardObject)}\n`]), 'handmade.ndjson');
  await ok(fetch(`${w.emu.kibana.url}/s/security/api/saved_objects/_import?overwrite=true`, { method: 'POST', headers: { authorization: kibanaApiKeyHeader(KIBANA_DEFAULT_CREDENTIALS[0]!), 'kbn-xsrf': 'true' }, body: form }));
}
