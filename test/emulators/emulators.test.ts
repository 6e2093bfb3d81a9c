// The emulators against the product facts of vendor-formats.md (§1.10, §2.7, §3.8, §4.7), with
// the payloads polydash builds. A raw HTTP client (fetch) so the tests see exactly what the
// wire carries; `redirect: 'manual'` to see Sumo's 301.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Answer, basic, call } from './raw-http.js';
import { FaultInjector } from './faults.js';
import { startGrafanaEmulator, type GrafanaEmulator } from './grafana.js';
import { kibanaApiKeyHeader, startKibanaEmulator, type KibanaEmulator } from './kibana.js';
import { type BuiltArtifact, buildAll, grafanaBody, kibanaNdjson } from './payloads.js';
import { startSplunkEmulator, type SplunkEmulator } from './splunk.js';
import { startSumoEmulator, type SumoEmulator } from './sumologic.js';
import { startEmulators } from './index.js';
import { basicValidators, conformanceValidators, type Validators } from './validate.js';
import { checkXml } from './xml-wellformed.js';


let validators: Validators;
let built: BuiltArtifact[];
before(async () => {
  [validators, built] = await Promise.all([conformanceValidators(), buildAll()]);
});

/** The seed dashboard's artifact for a target. */
const artifact = (target: string) => {
  const a = built.find((x) => x.target === target && x.dashboard === 'twistlock-overview');
  assert.ok(a, `no ${target} artifact was built`);
  return a;
};

describe('Sumo Logic emulator', () => {
  let sumo: SumoEmulator;
  let auth: string;
  before(async () => {
    sumo = await startSumoEmulator({ rateLimits: false, validate: validators.sumologic, pageSize: 2 });
    auth = basic(sumo.credentials[0]!.accessId, sumo.credentials[0]!.accessKey);
  });
  after(() => sumo.close());
  const sumoCall = (path: string, init: Parameters<typeof call>[2] = {}) => call(sumo.url, path, { ...init, headers: { authorization: auth, ...(init.headers as Record<string, string>) } });

  it('answers 401 without valid credentials and 403 to a key that may not write', async () => {
    const none = await call(sumo.url, '/api/v2/dashboards');
    assert.equal(none.status, 401);
    assert.match(none.body.id, /^[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    assert.deepEqual(none.body.errors.map((e: { code: string }) => e.code), ['unauthorized']);
    const viewer = sumo.credentials[1]!;
    const headers = { authorization: basic(viewer.accessId, viewer.accessKey) };
    assert.equal((await call(sumo.url, '/api/v2/dashboards', { headers })).status, 200);
    const denied = await call(sumo.url, '/api/v2/dashboards', { method: 'POST', headers, json: JSON.parse(artifact('sumologic').content) });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.errors[0].code, 'forbidden');
  });

  it('assigns ids on create, never upserts, pages with limit/token/next, replaces on PUT, deletes with 204', async () => {
    const request = JSON.parse(artifact('sumologic').content);
    const a = await sumoCall('/api/v2/dashboards', { method: 'POST', json: request });
    assert.equal(a.status, 200, a.text);
    assert.match(a.body.id, /^[A-Za-z0-9]{60}$/);
    assert.match(a.body.contentId, /^[0-9A-F]{16}$/);
    assert.match(a.body.folderId, /^[0-9A-F]{16}$/);
    assert.ok(a.body.panels.every((p: { id: string }) => /^[0-9A-F]{16}$/.test(p.id)));
    assert.equal(a.body.title, request.title);
    const b = await sumoCall('/api/v2/dashboards', { method: 'POST', json: request });
    assert.notEqual(b.body.id, a.body.id, 'a second POST is a second dashboard');
    await sumoCall('/api/v2/dashboards', { method: 'POST', json: { ...request, title: 'Third' } });

    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page: Answer = await sumoCall(`/api/v2/dashboards?limit=100${token ? `&token=${token}` : ''}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.dashboards.length <= 2, 'pageSize caps a page below limit');
      seen.push(...page.body.dashboards.map((d: { id: string }) => d.id));
      token = page.body.next;
      pages++;
    } while (token);
    assert.equal(pages, 2);
    assert.equal(new Set(seen).size, 3);
    assert.equal((await sumoCall('/api/v2/dashboards?limit=101')).status, 400);

    const put = await sumoCall(`/api/v2/dashboards/${a.body.id}`, { method: 'PUT', json: { ...request, title: 'Renamed' } });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.id, a.body.id);
    assert.equal(put.body.contentId, a.body.contentId);
    assert.deepEqual(put.body.panels.map((p: { id: string }) => p.id), a.body.panels.map((p: { id: string }) => p.id), 'panel ids survive by key');
    assert.equal((await sumoCall(`/api/v2/dashboards/${a.body.id}`)).body.title, 'Renamed');
    const del = await sumoCall(`/api/v2/dashboards/${a.body.id}`, { method: 'DELETE' });
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    const gone = await sumoCall(`/api/v2/dashboards/${a.body.id}`);
    assert.equal(gone.status, 404);
    assert.equal((await sumoCall('/api/v2/dashboards/nope', { method: 'PUT', json: request })).status, 404);
  });

  it('refuses payloads that fail the conformance rules, non-JSON bodies and decimal folder ids', async () => {
    const request = JSON.parse(artifact('sumologic').content);
    const bad = structuredClone(request);
    bad.panels[0].visualSettings = JSON.parse(bad.panels[0].visualSettings);
    const r = await sumoCall('/api/v2/dashboards', { method: 'POST', json: bad });
    assert.equal(r.status, 400);
    assert.match(JSON.stringify(r.body.errors[0]), /visualSettings/);
    const text = await sumoCall('/api/v2/dashboards', { method: 'POST', body: JSON.stringify(request), headers: { 'content-type': 'text/plain' } });
    assert.equal(text.status, 415);
    assert.equal(text.body.errors[0].code, 'contenttype.invalid');
    assert.equal((await sumoCall('/api/v2/dashboards', { method: 'POST', json: { ...request, folderId: '12345678' } })).status, 404);
    assert.equal((await sumoCall('/api/v2/dashboards', { method: 'POST', json: { ...request, folderId: 'folder-9' } })).status, 400);
  });

  it('has Personal and created folders holding dashboards, paths, and an asynchronous content import', async () => {
    const personal = await sumoCall('/api/v2/content/folders/personal');
    assert.equal(personal.status, 200);
    const folder = await sumoCall('/api/v2/content/folders', { method: 'POST', json: { name: 'polydash', parentId: personal.body.id } });
    assert.equal(folder.status, 200, folder.text);
    assert.equal((await sumoCall('/api/v2/content/folders', { method: 'POST', json: { name: 'polydash', parentId: personal.body.id } })).status, 400);
    const request = JSON.parse(artifact('sumologic').content);
    const d = await sumoCall('/api/v2/dashboards', { method: 'POST', json: { ...request, folderId: folder.body.id } });
    const listed = await sumoCall(`/api/v2/content/folders/${folder.body.id}`);
    assert.deepEqual(listed.body.children.map((c: { id: string; itemType: string }) => [c.itemType, c.id]), [['Dashboard', d.body.contentId]]);
    const byPath = await sumoCall(`/api/v2/content/path?path=${encodeURIComponent(`/Library/Users/${sumo.credentials[0]!.email}/polydash`)}`);
    assert.equal(byPath.body.id, folder.body.id);

    const def = { type: 'DashboardV2SyncDefinition', name: 'Imported', ...request, title: 'Imported' };
    const job = await sumoCall(`/api/v2/content/folders/${folder.body.id}/import`, { method: 'POST', json: def });
    const status = (id: string) => sumoCall(`/api/v2/content/folders/${folder.body.id}/import/${id}/status`);
    assert.equal((await status(job.body.id)).body.status, 'InProgress');
    assert.equal((await status(job.body.id)).body.status, 'Success');
    const again = await sumoCall(`/api/v2/content/folders/${folder.body.id}/import`, { method: 'POST', json: def });
    await status(again.body.id);
    const failed = (await status(again.body.id)).body;
    assert.equal(failed.status, 'Failed');
    assert.equal(failed.error.code, 'content:duplicate_content');
    const over = await sumoCall(`/api/v2/content/folders/${folder.body.id}/import?overwrite=true`, { method: 'POST', json: def });
    await status(over.body.id);
    assert.equal((await status(over.body.id)).body.status, 'Success');
    assert.equal(sumo.state.findByTitle('Imported').length, 1);
  });

  it('rate-limits to 4 requests/s per user with Retry-After, and to 10 requests in flight per key', async () => {
    const limited = await startSumoEmulator({});
    try {
      const headers = { authorization: basic(limited.credentials[0]!.accessId, limited.credentials[0]!.accessKey) };
      const burst = await Promise.all(Array.from({ length: 10 }, () => call(limited.url, '/api/v2/dashboards', { headers })));
      assert.equal(burst.filter((r) => r.status === 200).length, 4);
      const throttled = burst.filter((r) => r.status === 429);
      assert.equal(throttled.length, 6);
      assert.ok(throttled.every((r) => Number(r.headers.get('retry-after')) >= 1 && r.body.errors[0].code === 'rate.limit.exceeded'));
      assert.equal(limited.counters.tooManyRequests, 6);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await call(limited.url, '/api/v2/dashboards', { headers })).status, 200, 'a token is back after 1/4 s');
    } finally {
      await limited.close();
    }
    const slow = await startSumoEmulator({ latencyMs: 250, rateLimits: { perSecond: 1000 } });
    try {
      const headers = { authorization: basic(slow.credentials[0]!.accessId, slow.credentials[0]!.accessKey) };
      const burst = await Promise.all(Array.from({ length: 14 }, () => call(slow.url, '/api/v2/dashboards', { headers })));
      assert.equal(burst.filter((r) => r.status === 200).length, 10);
      assert.equal(burst.filter((r) => r.status === 429).length, 4);
      assert.ok(slow.counters.peakConcurrency > 10, `peak ${slow.counters.peakConcurrency}`);
    } finally {
      await slow.close();
    }
  });

  it('answers 301 with the right deployment for a key that lives elsewhere', async () => {
    const moved = await startSumoEmulator({ movedTo: 'https://api.eu.sumologic.com/api' });
    try {
      const r = await call(moved.url, '/api/v2/dashboards?limit=5', { headers: { authorization: auth } });
      assert.equal(r.status, 301);
      assert.equal(r.headers.get('location'), 'https://api.eu.sumologic.com/api/v2/dashboards?limit=5');
      assert.equal(r.body.errors[0].code, 'moved');
      assert.equal((await call(moved.url, '/api/v2/dashboards')).status, 401);
    } finally {
      await moved.close();
    }
  });

  it('lets a test edit a dashboard the way the UI saves it', async () => {
    const d = sumo.state.create(sumo.state.user('dev@example.com'), JSON.parse(artifact('sumologic').content));
    const edited = sumo.state.editInUi(String(d.id), (doc) => (doc.title = 'Edited in the UI'));
    assert.equal(edited.title, 'Edited in the UI');
    assert.equal((await sumoCall(`/api/v2/dashboards/${d.id}`)).body.title, 'Edited in the UI');
  });
});

describe('Kibana emulator', () => {
  let kb: KibanaEmulator;
  let headers: Record<string, string>;
  before(async () => {
    kb = await startKibanaEmulator({ spaces: ['team'], validate: validators.kibana });
    headers = { authorization: kibanaApiKeyHeader(kb.credentials[0]!), 'kbn-xsrf': 'true' };
  });
  after(() => kb.close());

  const importFile = (text: string, query = '', opts: { space?: string; filename?: string; headers?: Record<string, string> } = {}) => {
    const form = new FormData();
    form.append('file', new Blob([text]), opts.filename ?? 'polydash.ndjson');
    const prefix = opts.space ? `/s/${opts.space}` : '';
    return call(kb.url, `${prefix}/api/saved_objects/_import${query}`, { method: 'POST', body: form, headers: opts.headers ?? headers });
  };

  it('checks credentials (401), write permission (403) and the kbn-xsrf header (400)', async () => {
    const ndjson = kibanaNdjson('auth-dash', 'Auth');
    assert.equal((await importFile(ndjson, '', { headers: { 'kbn-xsrf': 'true' } })).status, 401);
    const viewer = kb.credentials.find((c) => c.canWrite === false)!;
    const denied = await importFile(ndjson, '', { headers: { authorization: basic(viewer.username!, viewer.password!), 'kbn-xsrf': 'true' } });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.message, 'Unable to bulk_create dashboard');
    const noXsrf = await importFile(ndjson, '', { headers: { authorization: headers.authorization! } });
    assert.equal(noXsrf.status, 400);
    assert.equal(noXsrf.body.message, 'Request must contain a kbn-xsrf header.');
    assert.equal((await call(kb.url, '/api/saved_objects/dashboard/auth-dash', { headers: { authorization: headers.authorization! } })).status, 404);
  });

  it('imports, stores server fields and raises migration versions to this Kibana', async () => {
    const r = await importFile(kibanaNdjson('dash-1', 'First'), '?overwrite=true');
    assert.equal(r.status, 200);
    assert.deepEqual({ success: r.body.success, successCount: r.body.successCount, errors: r.body.errors }, { success: true, successCount: 1, errors: undefined });
    const got = await call(kb.url, '/api/saved_objects/dashboard/dash-1', { headers });
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.namespaces, ['default']);
    assert.equal(got.body.managed, false);
    assert.equal(got.body.coreMigrationVersion, '8.19.0');
    assert.equal(got.body.typeMigrationVersion, '10.3.0');
    assert.match(got.body.updated_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal(typeof got.body.version, 'string');
    const again = await importFile(kibanaNdjson('dash-1', 'First'), '?overwrite=true');
    assert.equal(again.body.successResults[0].overwrite, true);
    const conflict = await importFile(kibanaNdjson('dash-1', 'First'));
    assert.equal(conflict.status, 200);
    assert.equal(conflict.body.success, false);
    assert.equal(conflict.body.errors[0].error.type, 'conflict');
  });

  it('answers 200 with errors for missing references and invalid objects, 400 for bad requests', async () => {
    const missing = await importFile(kibanaNdjson('dash-missing', 'Missing', 'no-such-view'));
    assert.equal(missing.status, 200);
    assert.equal(missing.body.success, false);
    assert.equal(missing.body.successCount, 0);
    assert.deepEqual(missing.body.errors[0].error, { type: 'missing_references', references: [{ type: 'index-pattern', id: 'no-such-view' }] });
    assert.equal(kb.state.get('dashboard', 'dash-missing'), undefined, 'nothing stored');
    const shipped = await importFile(kibanaNdjson('dash-2', 'With its view', 'app-view', true));
    assert.equal(shipped.body.successCount, 2);

    const broken = JSON.parse(kibanaNdjson('dash-bad', 'Bad'));
    broken.attributes.panelsJSON = JSON.parse(broken.attributes.panelsJSON);
    const invalid = await importFile(JSON.stringify(broken) + '\n');
    assert.equal(invalid.status, 200);
    assert.equal(invalid.body.errors[0].error.type, 'unknown');
    assert.equal(invalid.body.errors[0].error.statusCode, 400);
    assert.match(invalid.body.errors[0].error.message, /panelsJSON/);

    const ext = await importFile(kibanaNdjson('x', 'X'), '', { filename: 'export.json' });
    assert.deepEqual([ext.status, ext.body.message], [400, 'Invalid file extension .json']);
    assert.equal((await importFile(kibanaNdjson('x', 'X'), '?overwrite=true&createNewCopies=true')).body.message, 'cannot use [overwrite] with [createNewCopies]');
    assert.equal((await importFile('{"type": "dashboard",\n')).status, 400);
    const newer = JSON.parse(kibanaNdjson('dash-new', 'Newer'));
    newer.typeMigrationVersion = '99.0.0';
    assert.match((await importFile(JSON.stringify(newer))).body.errors[0].error.message, /more recent version of Kibana/);
  });

  it('keeps ids unique across spaces: an id taken elsewhere gets a new id whose origin is the old one', async () => {
    await importFile(kibanaNdjson('shared-id', 'Default copy'), '?overwrite=true');
    const first = await importFile(kibanaNdjson('shared-id', 'Team copy'), '?overwrite=true', { space: 'team' });
    assert.equal(first.body.success, true);
    const dest = first.body.successResults[0].destinationId;
    assert.ok(dest && dest !== 'shared-id');
    assert.equal(kb.state.get('dashboard', dest, 'team')?.attributes.title, 'Team copy');
    assert.equal(kb.state.get('dashboard', dest, 'team')?.originId, 'shared-id', 'checkConflicts keeps the origin (§2.7)');
    const second = await importFile(kibanaNdjson('shared-id', 'Team copy'), '?overwrite=true', { space: 'team' });
    assert.deepEqual([second.body.successResults[0].destinationId, second.body.successResults[0].overwrite], [dest, true], 'the origin finds the earlier copy');
    assert.equal(kb.state.inSpace('team').filter((o) => o.originId === 'shared-id').length, 1);
    assert.equal((await call(kb.url, `/s/team/api/saved_objects/dashboard/${dest}`, { headers })).status, 200);
    assert.equal((await call(kb.url, `/api/saved_objects/dashboard/${dest}`, { headers })).status, 404);
    assert.equal((await importFile(kibanaNdjson('y', 'Y'), '', { space: 'nowhere' })).status, 404);
    const created = await call(kb.url, '/api/spaces/space', { method: 'POST', headers, json: { id: 'ops', name: 'Ops' } });
    assert.equal(created.status, 200);
    assert.equal((await call(kb.url, '/api/spaces/space', { method: 'POST', headers, json: { id: 'ops', name: 'Ops' } })).status, 409);
    assert.equal((await importFile(kibanaNdjson('ops-dash', 'Ops'), '', { space: 'ops' })).body.success, true);
  });

  it('exports NDJSON that imports again, finds by title and reference, deletes', async () => {
    await importFile(kibanaNdjson('round-trip', 'Round trip', 'rt-view', true), '?overwrite=true');
    const exp = await call(kb.url, '/api/saved_objects/_export', { method: 'POST', headers, json: { objects: [{ type: 'dashboard', id: 'round-trip' }], includeReferencesDeep: true } });
    assert.equal(exp.status, 200);
    assert.match(exp.headers.get('content-type') ?? '', /ndjson/);
    const lines = exp.text.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.slice(0, 2).map((o) => `${o.type}:${o.id}`), ['index-pattern:rt-view', 'dashboard:round-trip'], 'references first');
    assert.deepEqual(Object.keys(lines[1]), [...Object.keys(lines[1])].sort(), 'keys in alphabetical order');
    assert.equal(lines[1].namespaces, undefined);
    assert.equal(lines[2].exportedCount, 2);
    assert.equal((await call(kb.url, '/api/saved_objects/_export', { method: 'POST', headers, json: { objects: [{ type: 'dashboard', id: 'nope' }] } })).status, 400);

    const other = await startKibanaEmulator({ validate: validators.kibana });
    try {
      const form = new FormData();
      form.append('file', new Blob([exp.text]), 'export.ndjson');
      const r = await call(other.url, '/api/saved_objects/_import', { method: 'POST', body: form, headers: { ...headers, authorization: kibanaApiKeyHeader(other.credentials[0]!) } });
      assert.equal(r.body.success, true, r.text);
      assert.deepEqual(other.state.get('dashboard', 'round-trip')?.attributes, kb.state.get('dashboard', 'round-trip')?.attributes);
    } finally {
      await other.close();
    }

    const found = await call(kb.url, `/api/saved_objects/_find?type=dashboard&search_fields=title&search=${encodeURIComponent('"Round trip"')}`, { headers });
    assert.deepEqual(found.body.saved_objects.map((o: { id: string }) => o.id), ['round-trip']);
    const byRef = await call(kb.url, `/api/saved_objects/_find?type=dashboard&has_reference=${encodeURIComponent('{"type":"index-pattern","id":"rt-view"}')}`, { headers });
    assert.equal(byRef.body.total, 1);
    const paged = await call(kb.url, '/api/saved_objects/_find?type=dashboard&per_page=1&page=2', { headers });
    assert.equal(paged.body.saved_objects.length, 1);
    assert.ok(paged.body.total > 1);
    assert.equal((await call(kb.url, '/api/saved_objects/dashboard/round-trip', { method: 'DELETE', headers })).status, 200);
    assert.equal((await call(kb.url, '/api/saved_objects/dashboard/round-trip', { method: 'DELETE', headers })).status, 404);
  });

  it('lets a test edit an object the way the UI saves it', async () => {
    await importFile(kibanaNdjson('ui-edit', 'Before'), '?overwrite=true');
    const before = kb.state.get('dashboard', 'ui-edit')!;
    await new Promise((r) => setTimeout(r, 5));
    const after = kb.state.editInUi('dashboard', 'ui-edit', (a) => (a.title = 'After'));
    assert.equal(after.attributes.title, 'After');
    assert.notEqual(after.version, before.version);
    assert.ok(after.updated_at > before.updated_at);
  });
});

describe('Splunk emulator', () => {
  let sp: SplunkEmulator;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  let xml: string;
  before(async () => {
    sp = await startSplunkEmulator({ validate: validators.splunk, apps: ['search'] });
    admin = { authorization: `Bearer ${sp.users[0]!.tokens![0]}` };
    viewer = { authorization: `Bearer ${sp.users[1]!.tokens![0]}` };
    xml = artifact('splunk').content;
  });
  after(() => sp.close());
  const views = '/servicesNS/nobody/search/data/ui/views';

  it('authenticates with Bearer, a session key from /services/auth/login, or Basic', async () => {
    const none = await call(sp.url, `${views}?output_mode=json`);
    assert.equal(none.status, 401);
    assert.deepEqual(none.body.messages, [{ type: 'WARN', text: 'call not properly authenticated' }]);
    const login = await call(sp.url, '/services/auth/login?output_mode=json', { method: 'POST', form: { username: 'admin', password: sp.users[0]!.password } });
    assert.equal(login.status, 200);
    assert.equal((await call(sp.url, `${views}?output_mode=json`, { headers: { authorization: `Splunk ${login.body.sessionKey}` } })).status, 200);
    assert.equal((await call(sp.url, `${views}?output_mode=json`, { headers: { authorization: basic('admin', sp.users[0]!.password) } })).status, 200);
    assert.equal((await call(sp.url, '/services/auth/login', { method: 'POST', form: { username: 'admin', password: 'wrong' } })).status, 401);
  });

  it('creates from form fields (201), refuses an existing name (409) and a resent name on update (400)', async () => {
    const created = await call(sp.url, `${views}?output_mode=json`, { method: 'POST', headers: admin, form: { name: 'twistlock', 'eai:data': xml } });
    assert.equal(created.status, 201, created.text);
    const entry = created.body.entry[0];
    assert.equal(entry.content['eai:data'], xml);
    assert.deepEqual([entry.acl.owner, entry.acl.sharing, entry.acl.app], ['nobody', 'app', 'search']);
    assert.equal(entry.content.label, 'Twistlock - Overview');
    assert.equal(entry.content.rootNode, 'form');
    const dup = await call(sp.url, `${views}?output_mode=json`, { method: 'POST', headers: admin, form: { name: 'twistlock', 'eai:data': xml } });
    assert.equal(dup.status, 409);
    assert.match(dup.body.messages[0].text, /already exists/);
    const resent = await call(sp.url, `${views}/twistlock?output_mode=json`, { method: 'POST', headers: admin, form: { name: 'twistlock', 'eai:data': xml } });
    assert.equal(resent.status, 400);
    assert.equal(resent.body.messages[0].text, 'Argument "name" is not supported by this handler.');
    const changed = xml.replace('Twistlock - Overview', 'Twistlock (edited)');
    const updated = await call(sp.url, `${views}/twistlock?output_mode=json`, { method: 'POST', headers: admin, form: { 'eai:data': changed } });
    assert.equal(updated.status, 200);
    const got = await call(sp.url, `${views}/twistlock?output_mode=json`, { headers: admin });
    assert.equal(got.body.entry[0].content['eai:data'], changed);
    const json = await call(sp.url, `${views}?output_mode=json`, { method: 'POST', headers: admin, json: { name: 'as-json', 'eai:data': xml } });
    assert.equal(json.status, 400, 'JSON bodies are not form fields');
  });

  it('answers Atom XML without output_mode=json', async () => {
    const r = await call(sp.url, `${views}/twistlock`, { headers: admin });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/xml/);
    assert.ok(checkXml(r.text).ok);
    assert.match(r.text, /<s:key name="eai:data">&lt;form version=&quot;1.1&quot;&gt;/);
    const missing = await call(sp.url, `${views}/nope`, { headers: admin });
    assert.equal(missing.status, 404);
    assert.match(missing.text, /<msg type="ERROR">Could not find object id=nope<\/msg>/);
  });

  it('refuses XML that does not parse or fails the view rules', async () => {
    const broken = await call(sp.url, `${views}?output_mode=json`, { method: 'POST', headers: admin, form: { name: 'broken', 'eai:data': '<dashboard><label>x</dashboard>' } });
    assert.equal(broken.status, 400);
    assert.match(broken.body.messages[0].text, /Error parsing XML on line 1/);
    const fieldset = '<dashboard version="1.1"><label>x</label><fieldset><input type="text" token="t"/></fieldset></dashboard>';
    assert.equal((await call(sp.url, `${views}?output_mode=json`, { method: 'POST', headers: admin, form: { name: 'fieldset', 'eai:data': fieldset } })).status, 400);
  });

  it('keeps private views private (404 to others), checks write permission (403), sets ACLs', async () => {
    const mine = await call(sp.url, '/servicesNS/admin/search/data/ui/views?output_mode=json', { method: 'POST', headers: admin, form: { name: 'private_view', 'eai:data': xml } });
    assert.equal(mine.status, 201);
    assert.equal(mine.body.entry[0].acl.sharing, 'user');
    assert.equal((await call(sp.url, '/servicesNS/viewer/search/data/ui/views/private_view?output_mode=json', { headers: viewer })).status, 404);
    assert.equal((await call(sp.url, '/servicesNS/-/search/data/ui/views/private_view?output_mode=json', { headers: viewer })).status, 404);
    const denied = await call(sp.url, `${views}/twistlock?output_mode=json`, { method: 'POST', headers: viewer, form: { 'eai:data': xml } });
    assert.equal(denied.status, 403);
    assert.equal((await call(sp.url, `${views}?output_mode=json`, { method: 'POST', headers: viewer, form: { name: 'v', 'eai:data': xml } })).status, 403);

    const noOwner = await call(sp.url, '/servicesNS/admin/search/data/ui/views/private_view/acl?output_mode=json', { method: 'POST', headers: admin, form: { sharing: 'app' } });
    assert.equal(noOwner.status, 400);
    const acl = await call(sp.url, '/servicesNS/admin/search/data/ui/views/private_view/acl?output_mode=json', { method: 'POST', headers: admin, form: { sharing: 'app', owner: 'admin', 'perms.read': '*', 'perms.write': 'admin,power' } });
    assert.equal(acl.status, 200, acl.text);
    assert.deepEqual(acl.body.entry[0].acl.perms, { read: ['*'], write: ['admin', 'power'] });
    assert.equal((await call(sp.url, '/servicesNS/viewer/search/data/ui/views/private_view?output_mode=json', { headers: viewer })).status, 200, 'shared now');
  });

  it('pages with count/offset, deletes, and manages apps', async () => {
    for (const n of ['a_one', 'a_two', 'a_three']) await call(sp.url, `${views}?output_mode=json`, { method: 'POST', headers: admin, form: { name: n, 'eai:data': xml } });
    const page = await call(sp.url, `${views}?output_mode=json&count=2&offset=1&search=a_`, { headers: admin });
    assert.deepEqual(page.body.entry.map((e: { name: string }) => e.name), ['a_three', 'a_two']);
    assert.deepEqual(page.body.paging, { total: 3, perPage: 2, offset: 1 });
    assert.equal((await call(sp.url, `${views}?output_mode=json&count=0`, { headers: admin })).body.entry.length, sp.state.views.length);
    assert.equal((await call(sp.url, `${views}/a_one?output_mode=json`, { method: 'DELETE', headers: admin })).status, 200);
    assert.equal((await call(sp.url, `${views}/a_one?output_mode=json`, { method: 'DELETE', headers: admin })).status, 404);

    assert.equal((await call(sp.url, '/services/apps/local/polydash?output_mode=json', { headers: admin })).status, 404);
    assert.equal((await call(sp.url, '/servicesNS/nobody/polydash/data/ui/views?output_mode=json', { headers: admin })).status, 404);
    assert.equal((await call(sp.url, '/services/apps/local?output_mode=json', { method: 'POST', headers: viewer, form: { name: 'polydash' } })).status, 403);
    assert.equal((await call(sp.url, '/services/apps/local?output_mode=json', { method: 'POST', headers: admin, form: { name: 'polydash', visible: 'true' } })).status, 201);
    assert.equal((await call(sp.url, '/services/apps/local?output_mode=json', { method: 'POST', headers: admin, form: { name: 'polydash' } })).status, 409);
    assert.equal((await call(sp.url, '/servicesNS/nobody/polydash/data/ui/views?output_mode=json', { method: 'POST', headers: admin, form: { name: 'x', 'eai:data': xml } })).status, 201);
  });

  it('lets a test edit a view the way the dashboard editor saves it', () => {
    const v = sp.state.editInUi('twistlock', (x) => x.replace('<label>', '<label>UI: '), { app: 'search' });
    assert.match(v.eaiData, /<label>UI: /);
  });
});

describe('Grafana emulator', () => {
  let gf: GrafanaEmulator;
  let admin: Record<string, string>;
  before(async () => {
    gf = await startGrafanaEmulator({ folders: { team: 'Team', other: 'Other' }, validate: validators.grafana });
    admin = { authorization: `Bearer ${gf.credentials[0]!.token}` };
  });
  after(() => gf.close());
  const save = (body: unknown, headers = admin) => call(gf.url, '/api/dashboards/db', { method: 'POST', headers, json: body });

  it('answers 401 without a token and 403 to a Viewer', async () => {
    assert.equal((await save(grafanaBody('auth', 'Auth', 'team'), {})).status, 401);
    assert.equal((await save(grafanaBody('auth', 'Auth', 'team'), { authorization: 'Bearer glsa_wrong' })).body.message, 'Invalid API key');
    assert.equal((await save(grafanaBody('auth', 'Auth', 'team'), { authorization: `Bearer ${gf.credentials[1]!.token}` })).status, 403);
    assert.equal((await call(gf.url, '/api/health')).status, 200);
  });

  it('versions every save and refuses stale versions (412 version-mismatch) unless overwrite', async () => {
    const first = await save(grafanaBody('svc', 'Service', 'team'));
    assert.equal(first.status, 200, first.text);
    assert.deepEqual({ ...first.body, id: 0 }, { id: 0, slug: 'service', status: 'success', uid: 'svc', url: '/d/svc/service', version: 1, folderUid: 'team' });
    const stale = await save(grafanaBody('svc', 'Service', 'team'));
    assert.deepEqual([stale.status, stale.body.status], [412, 'version-mismatch']);
    const body = grafanaBody('svc', 'Service', 'team') as { dashboard: Record<string, unknown> };
    body.dashboard.version = 1;
    assert.equal((await save(body)).body.version, 2);
    assert.equal((await save(grafanaBody('svc', 'Service', 'team', { overwrite: true }))).body.version, 3);
    const got = await call(gf.url, '/api/dashboards/uid/svc', { headers: admin });
    assert.equal(got.body.dashboard.version, 3);
    assert.deepEqual([got.body.meta.version, got.body.meta.folderUid, got.body.meta.folderTitle], [3, 'team', 'Team']);
    const versions = await call(gf.url, '/api/dashboards/uid/svc/versions', { headers: admin });
    assert.deepEqual(versions.body.versions.map((v: { version: number }) => v.version), [3, 2, 1]);

    gf.state.editInUi('svc', (d) => (d.title = 'Service (UI)'));
    const afterUi = await call(gf.url, '/api/dashboards/uid/svc', { headers: admin });
    assert.deepEqual([afterUi.body.dashboard.version, afterUi.body.dashboard.schemaVersion], [4, 41]);
    const body3 = grafanaBody('svc', 'Service', 'team') as { dashboard: Record<string, unknown> };
    body3.dashboard.version = 3;
    assert.equal((await save(body3)).status, 412, 'a UI edit makes the last known version stale');
  });

  it('refuses a second dashboard with the same title in a folder (412 name-exists) and an unknown id (404)', async () => {
    await save(grafanaBody('one', 'Same title', 'team'));
    const clash = await save(grafanaBody('two', 'Same title', 'team'));
    assert.deepEqual([clash.status, clash.body.status], [412, 'name-exists']);
    assert.equal((await save(grafanaBody('two', 'Same title', 'other'))).status, 200, 'another folder is fine');
    const body = grafanaBody('ghost', 'Ghost', 'team') as { dashboard: Record<string, unknown> };
    body.dashboard.id = 999;
    const ghost = await save(body);
    assert.deepEqual([ghost.status, ghost.body], [404, { message: 'Dashboard not found', status: 'not-found' }]);
    assert.equal((await save(grafanaBody('bad uid!', 'Bad'))).status, 400);
    assert.equal((await save(grafanaBody('nofolder', 'No folder', 'missing'))).status, 400);
  });

  it('moves a dashboard to the root when an update has no folderUid', async () => {
    await save(grafanaBody('mover', 'Mover', 'team'));
    assert.equal((await save(grafanaBody('mover', 'Mover', undefined, { overwrite: true }))).status, 200);
    const got = await call(gf.url, '/api/dashboards/uid/mover', { headers: admin });
    assert.deepEqual([got.body.meta.folderUid, got.body.meta.folderId, got.body.meta.folderTitle], ['', 0, 'General']);
  });

  it('creates folders (409 when one exists), searches by tag, folder and uid, deletes', async () => {
    const f = await call(gf.url, '/api/folders', { method: 'POST', headers: admin, json: { uid: 'pd', title: 'polydash' } });
    assert.equal(f.status, 200);
    assert.equal((await call(gf.url, '/api/folders', { method: 'POST', headers: admin, json: { uid: 'pd', title: 'polydash' } })).status, 409);
    assert.equal((await call(gf.url, '/api/folders/pd', { headers: admin })).body.title, 'polydash');
    assert.equal((await call(gf.url, '/api/folders/nope', { headers: admin })).status, 404);
    await save(grafanaBody('in-pd', 'In pd', 'pd'));
    const inFolder = await call(gf.url, '/api/search?type=dash-db&folderUIDs=pd', { headers: admin });
    assert.deepEqual(inFolder.body.map((h: { uid: string; folderUid: string }) => [h.uid, h.folderUid]), [['in-pd', 'pd']]);
    const tagged = await call(gf.url, '/api/search?type=dash-db&tag=polydash&limit=2&page=1', { headers: admin });
    assert.equal(tagged.body.length, 2);
    const byUid = await call(gf.url, '/api/search?dashboardUIDs=in-pd,svc', { headers: admin });
    assert.deepEqual(byUid.body.map((h: { uid: string }) => h.uid).sort(), ['in-pd', 'svc']);
    assert.equal((await call(gf.url, '/api/dashboards/uid/in-pd', { method: 'DELETE', headers: admin })).status, 200);
    assert.equal((await call(gf.url, '/api/dashboards/uid/in-pd', { method: 'DELETE', headers: admin })).status, 404);
  });
});

describe('fault injection', () => {
  let gf: GrafanaEmulator;
  let admin: Record<string, string>;
  before(async () => {
    gf = await startGrafanaEmulator({ folders: { team: 'Team' } });
    admin = { authorization: `Bearer ${gf.credentials[0]!.token}` };
  });
  after(() => gf.close());
  const save = (uid: string) => call(gf.url, '/api/dashboards/db', { method: 'POST', headers: admin, json: grafanaBody(uid, uid, 'team', { overwrite: true }) });

  it('plays a scripted queue: 429 with Retry-After, 503, a reset, a slow answer; faulted writes are not applied', async () => {
    gf.setFaults({ next: [{ status: 429, retryAfter: 2 }, { status: 503 }, { reset: true }, { delayMs: 300 }] });
    const throttled = await save('f1');
    assert.deepEqual([throttled.status, throttled.headers.get('retry-after')], [429, '2']);
    assert.equal((await save('f1')).status, 503);
    await assert.rejects(save('f1'));
    assert.equal(gf.state.dashboards.has('f1'), false, 'no faulted write was applied');
    const t = performance.now();
    assert.equal((await save('f1')).status, 200);
    assert.ok(performance.now() - t >= 290);
    assert.equal(gf.state.dashboards.has('f1'), true);
    assert.equal(gf.counters.faultsInjected, 4);
    assert.equal(gf.counters.tooManyRequests, 1);
    assert.deepEqual(gf.log.slice(-4).map((e) => [e.status, e.applied]), [[429, false], [503, false], [0, false], [200, true]]);
  });

  it('applies a write and then fails the answer with afterWrite, and can target writes only', async () => {
    gf.setFaults({ next: [{ reset: true, afterWrite: true, match: { writes: true } }, { status: 500, afterWrite: true, match: { writes: true } }] });
    assert.equal((await call(gf.url, '/api/search', { headers: admin })).status, 200, 'reads pass');
    await assert.rejects(save('aw1'));
    assert.equal(gf.state.dashboards.has('aw1'), true, 'stored although the client saw a reset');
    assert.equal((await save('aw2')).status, 500);
    assert.equal(gf.state.dashboards.get('aw2')?.version, 1);
    assert.equal((await save('aw2')).body.version, 2, 'the retry finds the first write');
  });

  it('draws the same random faults from the same seed', async () => {
    const plan = { random: { p429: 0.2, p5xx: 0.2, pReset: 0.1, pSlow: 0.1, seed: 7 } };
    const draw = () => {
      const f = new FaultInjector(plan);
      return Array.from({ length: 50 }, () => JSON.stringify(f.pick({ method: 'POST', path: '/x', write: true }) ?? null));
    };
    assert.deepEqual(draw(), draw());
    assert.ok(draw().some((f) => f.includes('429')) && draw().some((f) => f === 'null'));
    gf.setFaults({ random: { p5xx: 1, seed: 1, match: { path: '/api/dashboards/db' } } });
    assert.equal((await call(gf.url, '/api/search', { headers: admin })).status, 200);
    assert.ok((await save('r1')).status >= 500);
    gf.setFaults({});
    assert.equal((await save('r1')).status, 200);
  });
});

describe('every payload polydash builds', () => {
  it('is accepted by its emulator exactly when the conformance rules accept it', async () => {
    const [sumo, splunk, grafana, kibana] = await Promise.all([
      startSumoEmulator({ rateLimits: false, validate: validators.sumologic }),
      startSplunkEmulator({ validate: validators.splunk }),
      startGrafanaEmulator({ validate: validators.grafana }),
      startKibanaEmulator({ validate: validators.kibana }),
    ]);
    try {
      for (const a of built) {
        let status: number;
        let expectOk: boolean;
        if (a.target === 'sumologic') {
          expectOk = (await validators.sumologic(a.content)).length === 0;
          status = (await call(sumo.url, '/api/v2/dashboards', { method: 'POST', headers: { authorization: basic(sumo.credentials[0]!.accessId, sumo.credentials[0]!.accessKey) }, json: JSON.parse(a.content) })).status;
        } else if (a.target === 'splunk') {
          expectOk = (await validators.splunk(a.content)).length === 0;
          status = (await call(splunk.url, '/servicesNS/nobody/search/data/ui/views?output_mode=json', { method: 'POST', headers: { authorization: `Bearer ${splunk.users[0]!.tokens![0]}` }, form: { name: a.dashboard.replace(/\W/g, '_'), 'eai:data': a.content } })).status;
        } else if (a.target === 'grafana') {
          const parsed = JSON.parse(a.content);
          const body = parsed.dashboard ? parsed : { dashboard: parsed, overwrite: true, message: 'polydash' };
          expectOk = (await validators.grafana(JSON.stringify(body))).length === 0;
          status = (await call(grafana.url, '/api/dashboards/db', { method: 'POST', headers: { authorization: `Bearer ${grafana.credentials[0]!.token}` }, json: body })).status;
        } else if (a.target === 'kibana') {
          expectOk = (await validators.kibana(a.content)).length === 0;
          const form = new FormData();
          form.append('file', new Blob([a.content]), 'polydash.ndjson');
          const r = await call(kibana.url, '/api/saved_objects/_import?overwrite=true', { method: 'POST', body: form, headers: { authorization: kibanaApiKeyHeader(kibana.credentials[0]!), 'kbn-xsrf': 'true' } });
          status = r.body?.errors?.some((e: { error: { type: string } }) => e.error.type === 'unknown') ? 400 : r.status;
        } else continue;
        assert.equal(status < 300, expectOk, `${a.path}: the emulator answered ${status}`);
      }
      assert.ok(built.some((a) => a.target === 'sumologic') && built.some((a) => a.target === 'splunk'));
    } finally {
      await Promise.all([sumo.close(), splunk.close(), grafana.close(), kibana.close()]);
    }
  });
});

describe('startEmulators and the basic validators', () => {
  it('starts all four with one fault plan and per-product counters', async () => {
    const all = await startEmulators({ validate: 'basic' });
    try {
      assert.equal(all.validators?.source, 'basic');
      all.setFaults({ next: [{ status: 503 }] });
      assert.equal((await call(all.grafana.url, '/api/health')).status, 503);
      assert.equal((await call(all.kibana.url, '/api/status')).status, 503);
      const counters = all.counters();
      assert.deepEqual([counters.grafana.faultsInjected, counters.kibana.faultsInjected, counters.splunk.faultsInjected], [1, 1, 0]);
      all.resetCounters();
      assert.equal(all.counters().grafana.requests, 0);
    } finally {
      await all.close();
    }
  });

  it('catch structural problems without the conformance checker', async () => {
    const v = basicValidators();
    assert.deepEqual(await v.sumologic(artifact('sumologic').content), []);
    assert.deepEqual(await v.splunk(artifact('splunk').content), []);
    assert.deepEqual(await v.kibana(kibanaNdjson('d', 'D')), []);
    assert.deepEqual(await v.grafana(JSON.stringify(grafanaBody('g', 'G', 'f'))), []);
    const sumo = JSON.parse(artifact('sumologic').content);
    sumo.layout.layoutStructures[0].structure = JSON.parse(sumo.layout.layoutStructures[0].structure);
    assert.match((await v.sumologic(JSON.stringify(sumo)))[0]!, /structure must be a JSON string/);
    assert.match((await v.splunk('<form><label>a & b</label></form>'))[0]!, /not well-formed/);
    assert.match((await v.kibana('{"id":"x","type":"dashboard","attributes":{"title":"x","panelsJSON":[]},"references":[]}'))[0]!, /^line 1: .*panelsJSON/);
    assert.match((await v.grafana(JSON.stringify(grafanaBody('bad uid!', 'G'))))[0]!, /uid/);
  });
});
