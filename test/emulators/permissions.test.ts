// The emulators' permission endpoints (README "Permissions"): Grafana's team search and
// dashboard / folder permissions, Sumo Logic's roles and content permissions, Splunk's view
// ACL and roles, Kibana's spaces. Raw fetch, as in emulators.test.ts; small hand-written
// payloads and no payload validators, since these tests are about access, not content.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basic, call } from './raw-http.js';
import { type GrafanaEmulator, startGrafanaEmulator } from './grafana.js';
import { kibanaApiKeyHeader, type KibanaEmulator, startKibanaEmulator } from './kibana.js';
import { type SplunkEmulator, startSplunkEmulator } from './splunk.js';
import { startSumoEmulator, SUMO_DEFAULT_CREDENTIALS, type SumoEmulator } from './sumologic.js';


describe('Grafana permissions', () => {
  let gf: GrafanaEmulator;
  const ADMIN = { authorization: 'Bearer glsa_admin' };
  const EDITOR = { authorization: 'Bearer glsa_editor' };
  const VIEWER = { authorization: 'Bearer glsa_viewer' };
  const ALICE = { authorization: basic('alice', 'pw') };
  const BOB = { authorization: basic('bob', 'pw') };
  let team: Record<string, number>;
  before(async () => {
    gf = await startGrafanaEmulator({
      credentials: [
        { login: 'admin', password: 'pw', role: 'Admin' },
        { login: 'alice', password: 'pw', role: 'Viewer' },
        { login: 'bob', password: 'pw', role: 'Editor' },
        { token: 'glsa_admin', role: 'Admin' },
        { token: 'glsa_editor', role: 'Editor' },
        { token: 'glsa_viewer', role: 'Viewer' },
      ],
      users: [{ login: 'carol', role: 'Viewer' }],
      teams: ['auditors', { name: 'secops', email: 'secops@example.com', members: ['alice'] }, 'secops-admins'],
      folders: { security: 'Security' },
    });
    team = Object.fromEntries([...gf.state.teams.values()].map((t) => [t.name, t.id]));
  });
  after(() => gf.close());
  const save = (uid: string, folderUid: string | undefined, headers = ADMIN, extra: Record<string, unknown> = {}) =>
    call(gf.url, '/api/dashboards/db', { method: 'POST', headers, json: { dashboard: { id: null, uid, title: uid, tags: [], panels: [], schemaVersion: 39, ...extra }, ...(folderUid ? { folderUid } : {}), overwrite: true } });
  const perms = (uid: string, headers = ADMIN) => call(gf.url, `/api/dashboards/uid/${uid}/permissions`, { headers });
  const setPerms = (uid: string, items: unknown, headers = ADMIN) => call(gf.url, `/api/dashboards/uid/${uid}/permissions`, { method: 'POST', headers, json: { items } });
  const summary = (items: { userLogin: string; team: string; role?: string; permission: number }[]) => items.map((i) => `${i.role ? `role:${i.role}` : i.team ? `team:${i.team}` : `user:${i.userLogin}`}=${i.permission}`).sort();

  it('searches teams (exact name, substring query, paging) and shows a member only their own', async () => {
    const byName = await call(gf.url, '/api/teams/search?name=secops', { headers: ADMIN });
    assert.equal(byName.status, 200);
    assert.deepEqual({ ...byName.body, teams: undefined }, { totalCount: 1, teams: undefined, page: 1, perPage: 1000 });
    const t = byName.body.teams[0];
    assert.deepEqual([t.id, t.orgId, t.name, t.email, t.memberCount, t.permission], [team.secops, 1, 'secops', 'secops@example.com', 1, 0]);
    assert.match(t.avatarUrl, /^\/avatar\/[0-9a-f]{32}$/);
    assert.deepEqual((await call(gf.url, '/api/teams/search?query=SEC', { headers: ADMIN })).body.teams.map((x: { name: string }) => x.name), ['secops', 'secops-admins']);
    const paged = await call(gf.url, '/api/teams/search?query=sec&perpage=1&page=2', { headers: ADMIN });
    assert.deepEqual([paged.body.totalCount, paged.body.teams.map((x: { name: string }) => x.name), paged.body.perPage], [2, ['secops-admins'], 1]);
    assert.deepEqual((await call(gf.url, '/api/teams/search?name=nope', { headers: ADMIN })).body.teams, []);
    assert.equal((await call(gf.url, `/api/teams/${team.secops}`, { headers: ADMIN })).body.name, 'secops');
    assert.deepEqual((await call(gf.url, '/api/teams/99', { headers: ADMIN })).body, { message: 'Team not found' });
    assert.deepEqual((await call(gf.url, '/api/teams/search', { headers: ALICE })).body.teams.map((x: { name: string }) => x.name), ['secops']);
    assert.equal((await call(gf.url, `/api/teams/${team.auditors}`, { headers: ALICE })).status, 403);
    assert.equal((await call(gf.url, '/api/teams/search')).status, 401);
  });

  it('gives a new dashboard its creator as Admin, plus Editor/Viewer defaults at the top level only', async () => {
    assert.equal((await save('root-dash', undefined)).status, 200);
    const root = await perms('root-dash');
    assert.equal(root.status, 200);
    assert.deepEqual(summary(root.body), ['role:Editor=2', 'role:Viewer=1', 'user:sa-1-emulator-admin=4']);
    const item = root.body.find((i: { role?: string }) => i.role === 'Viewer');
    assert.deepEqual(
      Object.keys(item).sort(),
      ['created', 'dashboardId', 'inherited', 'isFolder', 'permission', 'permissionName', 'role', 'slug', 'team', 'teamAvatarUrl', 'teamEmail', 'teamId', 'teamUid', 'title', 'uid', 'updated', 'url', 'userAvatarUrl', 'userEmail', 'userId', 'userLogin', 'userUid'],
      'folderId is omitted at the top level, role only on role items',
    );
    assert.deepEqual([item.permissionName, item.uid, item.isFolder, item.inherited, item.url, item.teamId, item.userId], ['View', 'root-dash', false, false, '/d/root-dash/root-dash', 0, 0]);

    assert.equal((await save('editor-dash', 'security', EDITOR)).status, 200);
    const own = await perms('editor-dash', EDITOR);
    assert.equal(own.status, 200, 'the creator holds Admin, so it may read the permissions');
    assert.deepEqual(summary(own.body), ['user:sa-1-emulator-editor=4']);
    assert.equal(own.body[0].folderId, gf.state.folders.get('security')!.id);
    const denied = await perms('editor-dash', VIEWER);
    assert.equal(denied.status, 403);
    assert.match(denied.body.message, /dashboards\.permissions:read/);
    assert.equal((await perms('editor-dash', BOB)).status, 403, 'an Editor that is not Admin on the dashboard');
  });

  it('replaces all own permissions on POST and refuses bad items with Grafana status codes', async () => {
    await save('replace-me', undefined);
    const ok = await setPerms('replace-me', [{ teamId: team.secops, permission: 1 }, { role: 'Editor', permission: 2 }]);
    assert.deepEqual([ok.status, ok.body], [200, { message: 'Dashboard permissions updated' }]);
    assert.deepEqual(summary((await perms('replace-me')).body), ['role:Editor=2', 'team:secops=1'], 'the creator and Viewer were left out, so they are gone');

    assert.deepEqual((await setPerms('replace-me', [{ userId: 1, teamId: team.secops, permission: 1 }])).body, { message: 'team and user permissions cannot have an associated role' });
    const roleAndTeam = await setPerms('replace-me', [{ teamId: team.secops, role: 'Viewer', permission: 1 }]);
    assert.deepEqual([roleAndTeam.status, roleAndTeam.body.message], [400, 'permissions cannot have both a user and team']);
    assert.deepEqual([(await setPerms('replace-me', [{ role: 'Owner', permission: 1 }])).status, (await setPerms('replace-me', 'x')).body.message], [400, 'bad request data']);
    const raw = await call(gf.url, '/api/dashboards/uid/replace-me/permissions', { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: '{not json' });
    assert.deepEqual([raw.status, raw.body], [400, { message: 'bad request data' }]);
    const unknownTeam = await setPerms('replace-me', [{ role: 'Viewer', permission: 1 }, { teamId: 99, permission: 1 }]);
    assert.deepEqual([unknownTeam.status, unknownTeam.body], [500, { message: 'Failed to update permissions' }]);
    assert.equal((await setPerms('replace-me', [{ permission: 1 }])).status, 500, 'an item naming nobody');
    assert.deepEqual(summary((await perms('replace-me')).body), ['role:Editor=2', 'team:secops=1'], 'a failed update writes nothing');

    assert.equal((await setPerms('replace-me', [{ role: 'viewer', permission: 1 }, { role: 'Editor', permission: 2 }, { teamId: team.secops, permission: 3 }])).status, 200);
    assert.deepEqual(summary((await perms('replace-me')).body), ['role:Editor=2', 'role:Viewer=1'], 'role names are title-cased; a permission other than 1/2/4 removes');
    assert.equal((await setPerms('replace-me', [])).status, 200);
    assert.deepEqual((await perms('replace-me')).body, []);

    assert.deepEqual([(await setPerms('nope', [])).status, (await setPerms('nope', [])).body], [404, { message: 'Dashboard not found' }]);
    const viewer = await setPerms('replace-me', [], VIEWER);
    assert.equal(viewer.status, 403);
    assert.match(viewer.body.message, /dashboards\.permissions:write/);
  });

  it('has folder permissions with defaults, inherited by the dashboards (and subfolders) below', async () => {
    const folder = await call(gf.url, '/api/folders/security/permissions', { headers: ADMIN });
    assert.deepEqual(summary(folder.body), ['role:Editor=2', 'role:Viewer=1']);
    assert.deepEqual([folder.body[0].isFolder, folder.body[0].uid, folder.body[0].dashboardId, folder.body[0].url], [true, 'security', gf.state.folders.get('security')!.id, '/dashboards/f/security/security']);
    assert.equal((await call(gf.url, '/api/folders', { method: 'POST', headers: ADMIN, json: { uid: 'made', title: 'Made' } })).status, 200);
    assert.deepEqual(summary((await call(gf.url, '/api/folders/made/permissions', { headers: ADMIN })).body), ['role:Editor=2', 'role:Viewer=1', 'user:sa-1-emulator-admin=4']);
    assert.deepEqual((await call(gf.url, '/api/folders/nope/permissions', { headers: ADMIN })).body, { message: 'folder not found', status: 'not-found' });

    await save('in-sec', 'security');
    const restrict = await call(gf.url, '/api/folders/security/permissions', { method: 'POST', headers: ADMIN, json: { items: [{ teamId: team.secops, permission: 1 }, { teamId: team['secops-admins'], permission: 4 }] } });
    assert.deepEqual(restrict.body, { message: 'Folder permissions updated' });
    assert.deepEqual(summary((await perms('in-sec')).body), ['user:sa-1-emulator-admin=4'], 'Grafana 9+ lists own permissions only');

    const access = gf.state.effectiveAccess('in-sec');
    assert.deepEqual(access.grants.find((g) => g.principal === 'team:secops'), { principal: 'team:secops', permission: 1, permissionName: 'View', inherited: true, from: 'folder:security' });
    assert.deepEqual(access.view, ['role:Admin', 'team:secops', 'team:secops-admins', 'user:sa-1-emulator-admin']);
    assert.deepEqual(access.edit, ['role:Admin', 'team:secops-admins', 'user:sa-1-emulator-admin']);
    assert.equal(gf.state.accessOf('dashboard', 'in-sec', 'alice'), 1, 'alice is in secops');
    assert.equal(gf.state.accessOf('dashboard', 'in-sec', 'bob'), 0, 'Editors lost the folder grant');

    assert.equal((await call(gf.url, '/api/dashboards/uid/in-sec', { headers: ALICE })).status, 200);
    assert.equal((await call(gf.url, '/api/dashboards/uid/in-sec', { headers: BOB })).status, 403);
    assert.deepEqual((await save('in-sec', 'security', BOB)).body, { message: 'Access denied to save dashboard' });
    assert.deepEqual((await call(gf.url, '/api/search?query=in-sec', { headers: VIEWER })).body, [], 'search hides what one may not see');
    assert.equal((await call(gf.url, '/api/search?query=in-sec', { headers: ALICE })).body.length, 1);

    assert.equal((await call(gf.url, '/api/folders', { method: 'POST', headers: ADMIN, json: { uid: 'sub', title: 'Sub', parentUid: 'security' } })).status, 200);
    assert.deepEqual(summary((await call(gf.url, '/api/folders/sub/permissions', { headers: ADMIN })).body), ['user:sa-1-emulator-admin=4'], 'nested folders get no role defaults');
    await save('in-sub', 'sub');
    assert.equal(gf.state.accessOf('dashboard', 'in-sub', 'alice'), 1, 'inherited through two folders');
    assert.equal((await call(gf.url, '/api/folders/security/permissions', { method: 'POST', headers: VIEWER, json: { items: [] } })).status, 403);
  });

  it('lets a test edit permissions by hand and read what a principal can do', async () => {
    await save('hand', undefined);
    gf.state.setDashboardPermissions('hand', [{ team: 'auditors', permission: 2 }]);
    assert.deepEqual(summary((await perms('hand')).body), ['team:auditors=2']);
    gf.state.addDashboardPermission('hand', { user: 'carol', permission: 1 });
    gf.state.addDashboardPermission('hand', { team: 'auditors', permission: 4 });
    assert.deepEqual(gf.state.dashboardPermissions('hand'), [{ userId: gf.state.userByLogin('carol')!.id, permission: 1 }, { teamId: team.auditors, permission: 4 }]);
    assert.equal(gf.state.accessOf('dashboard', 'hand', 'carol'), 1);
    assert.equal(gf.state.accessOf('dashboard', 'hand', 'admin'), 4, 'org Admins hold everything');
    assert.deepEqual(gf.state.effectiveAccess('hand').edit, ['role:Admin', 'team:auditors']);
    gf.state.addFolderPermission('security', { role: 'Viewer', permission: 1 });
    assert.equal(gf.state.accessOf('dashboard', 'in-sec', 'carol'), 1);
    assert.throws(() => gf.state.addDashboardPermission('hand', { team: 'ghosts', permission: 1 }), /no Grafana team ghosts/);
  });

  it('lists the folders\' permissions as inherited when emulating Grafana 8 (listInheritedPermissions)', async () => {
    const old = await startGrafanaEmulator({ folders: { f: 'F' }, listInheritedPermissions: true });
    try {
      const auth = { authorization: `Bearer ${old.credentials[0]!.token}` };
      await call(old.url, '/api/dashboards/db', { method: 'POST', headers: auth, json: { dashboard: { uid: 'd', title: 'D' }, folderUid: 'f' } });
      const items = (await call(old.url, '/api/dashboards/uid/d/permissions', { headers: auth })).body as { inherited: boolean; uid: string; isFolder: boolean; permission: number }[];
      assert.deepEqual(items.map((i) => [i.inherited, i.uid, i.isFolder, i.permission]), [[true, 'f', true, 2], [true, 'f', true, 1], [false, 'd', false, 4]]);
    } finally {
      await old.close();
    }
  });
});

describe('Sumo Logic permissions', () => {
  let sumo: SumoEmulator;
  const admin = { authorization: basic(SUMO_DEFAULT_CREDENTIALS[0]!.accessId, SUMO_DEFAULT_CREDENTIALS[0]!.accessKey) };
  const viewer = { authorization: basic(SUMO_DEFAULT_CREDENTIALS[1]!.accessId, SUMO_DEFAULT_CREDENTIALS[1]!.accessKey) };
  const analyst = { authorization: basic('suAnalyst', 'analyst-key') };
  const request = (title: string, folderId?: string) => ({ title, timeRange: { type: 'BeginBoundedTimeRange', from: { type: 'RelativeTimeRangeBoundary', relativeTime: '-15m' } }, ...(folderId ? { folderId } : {}) });
  let role: Record<string, string>;
  let folderId: string;
  let dash: { id: string; contentId: string };
  before(async () => {
    sumo = await startSumoEmulator({
      rateLimits: false,
      roles: [{ name: 'Administrator', capabilities: ['manageContent'] }, 'Analyst', 'Auditor', 'SecOps'],
      users: [{ email: 'auditor@example.com', roles: ['Auditor'] }],
      credentials: [...SUMO_DEFAULT_CREDENTIALS, { accessId: 'suAnalyst', accessKey: 'analyst-key', email: 'analyst@example.com', roles: ['Analyst'] }],
    });
    role = Object.fromEntries([...sumo.state.roles.values()].map((r) => [r.name, r.id]));
    const personal = (await call(sumo.url, '/api/v2/content/folders/personal', { headers: admin })).body.id;
    folderId = (await call(sumo.url, '/api/v2/content/folders', { method: 'POST', headers: admin, json: { name: 'Shared', parentId: personal } })).body.id;
    dash = (await call(sumo.url, '/api/v2/dashboards', { method: 'POST', headers: admin, json: request('Perm dash', folderId) })).body;
  });
  after(() => sumo.close());
  const permsOf = (id: string, query = '', headers: Record<string, string> = admin) => call(sumo.url, `/api/v2/content/${id}/permissions${query}`, { headers });
  const change = (id: string, verb: 'add' | 'remove', assignments: unknown[], headers: Record<string, string> = admin, extra: Record<string, unknown> = {}) =>
    call(sumo.url, `/api/v2/content/${id}/permissions/${verb}`, { method: 'PUT', headers, json: { contentPermissionAssignments: assignments, notifyRecipients: false, notificationMessage: '', ...extra } });
  const of = (list: { permissionName: string; sourceType: string; sourceId: string }[], sourceId: string) => list.filter((a) => a.sourceId === sourceId).map((a) => a.permissionName).sort();

  it('gives dashboards a hex contentId, linked to a content item in their folder', async () => {
    assert.match(dash.contentId, /^[0-9A-F]{16}$/);
    assert.equal((await call(sumo.url, `/api/v2/dashboards/${dash.id}`, { headers: admin })).body.contentId, dash.contentId);
    const listed = (await call(sumo.url, '/api/v2/dashboards?limit=100', { headers: admin })).body.dashboards.find((d: { id: string }) => d.id === dash.id);
    assert.equal(listed.contentId, dash.contentId);
    const children = (await call(sumo.url, `/api/v2/content/folders/${folderId}`, { headers: admin })).body.children;
    assert.deepEqual(children.map((c: { id: string; itemType: string }) => [c.id, c.itemType]), [[dash.contentId, 'Dashboard']]);
    assert.deepEqual((await call(sumo.url, `/api/v2/content/${dash.contentId}/path`, { headers: admin })).body, { path: '/Library/Users/dev@example.com/Shared/Perm dash' });
  });

  it('lists roles (paged, exact name filter) and users by email', async () => {
    const all = await call(sumo.url, '/api/v1/roles', { headers: admin });
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.data.map((r: { name: string }) => r.name), ['Administrator', 'Analyst', 'Auditor', 'SecOps']);
    assert.equal(all.body.next, null);
    const auditor = all.body.data[2];
    assert.deepEqual(Object.keys(auditor).sort(), ['capabilities', 'createdAt', 'createdBy', 'description', 'filterPredicate', 'id', 'modifiedAt', 'modifiedBy', 'name', 'systemDefined', 'users']);
    assert.deepEqual(auditor.users, [sumo.state.user('auditor@example.com').id]);
    assert.deepEqual((await call(sumo.url, '/api/v1/roles?name=Auditor', { headers: admin })).body.data.map((r: { id: string }) => r.id), [role.Auditor]);
    assert.deepEqual((await call(sumo.url, '/api/v1/roles?name=Audit', { headers: admin })).body.data, []);
    const first = await call(sumo.url, '/api/v1/roles?limit=3&sortBy=name', { headers: admin });
    assert.equal(first.body.data.length, 3);
    const rest = await call(sumo.url, `/api/v1/roles?limit=3&token=${first.body.next}`, { headers: admin });
    assert.deepEqual([rest.body.data.map((r: { name: string }) => r.name), rest.body.next], [['SecOps'], null]);
    assert.equal((await call(sumo.url, '/api/v1/roles?limit=0', { headers: admin })).status, 400);
    assert.equal((await call(sumo.url, `/api/v1/roles/${role.SecOps}`, { headers: admin })).body.name, 'SecOps');
    const missing = await call(sumo.url, '/api/v1/roles/00000000000000AA', { headers: admin });
    assert.equal(missing.status, 404);
    assert.match(missing.body.id, /^[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    const users = await call(sumo.url, '/api/v1/users?email=auditor@example.com', { headers: admin });
    assert.deepEqual(users.body.data.map((u: { email: string; roleIds: string[] }) => [u.email, u.roleIds]), [['auditor@example.com', [role.Auditor]]]);
  });

  it('answers explicit and implicit permissions; the folder\'s reach the dashboard', async () => {
    const creator = sumo.state.user('dev@example.com').id;
    const initial = await permsOf(dash.contentId);
    assert.equal(initial.status, 200);
    assert.deepEqual(of(initial.body.explicitPermissions, creator), ['Edit', 'GrantEdit', 'GrantManage', 'GrantView', 'Manage', 'View'], 'the creator holds everything');
    assert.ok(initial.body.explicitPermissions.every((a: { contentId: string; sourceType: string }) => a.contentId === dash.contentId && a.sourceType === 'user'));

    const shared = await change(folderId, 'add', [{ permissionName: 'View', sourceType: 'role', sourceId: role.Auditor, contentId: folderId }], admin, { notifyRecipients: true, notificationMessage: 'for the audit' });
    assert.equal(shared.status, 200, shared.text);
    assert.deepEqual(of(shared.body.explicitPermissions, role.Auditor!), ['View']);
    assert.deepEqual(sumo.state.notifications.at(-1), { contentId: folderId, by: 'dev@example.com', assignments: [{ permissionName: 'View', sourceType: 'role', sourceId: role.Auditor }], message: 'for the audit' });
    const inherited = (await permsOf(dash.contentId, '?explicitOnly=false')).body;
    assert.deepEqual(inherited.implicitPermissions, [{ permissionName: 'View', sourceType: 'role', sourceId: role.Auditor, contentId: folderId }]);
    assert.deepEqual((await permsOf(dash.contentId, '?explicitOnly=true')).body.implicitPermissions, []);
    assert.deepEqual(sumo.state.permissionsOf(dash.contentId, 'auditor@example.com'), ['View']);
    assert.equal((await permsOf(dash.contentId, '?explicitOnly=maybe')).status, 400);
  });

  it('adds the lower levels with a higher one, and removing a level removes what needs it', async () => {
    const edit = await change(dash.contentId, 'add', [{ permissionName: 'Edit', sourceType: 'role', sourceId: role.SecOps, contentId: dash.contentId }]);
    assert.deepEqual(of(edit.body.explicitPermissions, role.SecOps!), ['Edit', 'View'], 'Edit brings View');
    const grant = await change(dash.contentId, 'add', [{ permissionName: 'GrantEdit', sourceType: 'role', sourceId: role.SecOps, contentId: dash.contentId }]);
    assert.deepEqual(of(grant.body.explicitPermissions, role.SecOps!), ['Edit', 'GrantEdit', 'GrantView', 'View']);
    const again = await change(dash.contentId, 'add', [{ permissionName: 'View', sourceType: 'role', sourceId: role.SecOps, contentId: dash.contentId }]);
    assert.equal(of(again.body.explicitPermissions, role.SecOps!).length, 4, 'adding what is there changes nothing');
    const removed = await change(dash.contentId, 'remove', [{ permissionName: 'View', sourceType: 'role', sourceId: role.SecOps, contentId: dash.contentId }]);
    assert.deepEqual(of(removed.body.explicitPermissions, role.SecOps!), [], 'without View nothing above it stays');
    const inheritedOnly = await change(dash.contentId, 'remove', [{ permissionName: 'View', sourceType: 'role', sourceId: role.Auditor, contentId: dash.contentId }]);
    assert.equal(inheritedOnly.status, 200);
    assert.equal(inheritedOnly.body.implicitPermissions.length, 1, 'an inherited permission cannot be removed on the item');
    const org = await change(dash.contentId, 'add', [{ permissionName: 'View', sourceType: 'org', sourceId: sumo.state.orgId, contentId: dash.contentId }]);
    assert.deepEqual(of(org.body.explicitPermissions, sumo.state.orgId), ['View']);
    assert.deepEqual(sumo.state.permissionsOf(dash.contentId, 'analyst@example.com'), ['View'], 'the org reaches everyone');
    await change(dash.contentId, 'remove', [{ permissionName: 'View', sourceType: 'org', sourceId: sumo.state.orgId, contentId: dash.contentId }]);
  });

  it('refuses bad requests with Sumo\'s error body (400, 404, 415)', async () => {
    const a = (over: Record<string, unknown> = {}) => ({ permissionName: 'View', sourceType: 'role', sourceId: role.Auditor, contentId: dash.contentId, ...over });
    const bad = await change(dash.contentId, 'add', [a({ permissionName: 'Own' })]);
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors[0].message, /must be one of the following: `View`, `GrantView`/);
    assert.match((await change(dash.contentId, 'add', [a({ sourceType: 'group' })])).body.errors[0].message, /must be one of the following: `user`, `role`, `org`/);
    assert.equal((await change(dash.contentId, 'add', [a({ contentId: folderId })])).status, 400, 'contentId must name the item');
    assert.equal((await change(dash.contentId, 'add', [a({ sourceId: '00000000000000AA' })])).status, 400, 'no such role');
    assert.equal((await call(sumo.url, `/api/v2/content/${dash.contentId}/permissions/add`, { method: 'PUT', headers: admin, json: { contentPermissionAssignments: [a()], notifyRecipients: false } })).status, 400, 'notificationMessage is required');
    const form = await call(sumo.url, `/api/v2/content/${dash.contentId}/permissions/add`, { method: 'PUT', headers: admin, form: { x: '1' } });
    assert.deepEqual([form.status, form.body.errors[0].code], [415, 'contenttype.invalid']);
    const none = await permsOf('00000000000000AA');
    assert.deepEqual([none.status, none.body.errors[0].code], [404, 'content:not_found']);
    assert.equal((await permsOf('not-hex')).status, 400);
  });

  it('checks who may share: a read-only key (403), the Grant permissions, and Admin Mode', async () => {
    const give = (name: string, headers: Record<string, string>, extra: Record<string, string> = {}) => change(dash.contentId, 'add', [{ permissionName: name, sourceType: 'role', sourceId: role.Auditor, contentId: dash.contentId }], { ...headers, ...extra });
    const ro = await give('View', viewer);
    assert.deepEqual([ro.status, ro.body.errors[0].code], [403, 'forbidden']);
    assert.equal((await give('View', analyst)).status, 404, 'in dev\'s Personal folder and not shared: the analyst cannot see it');
    sumo.state.addPermission(dash.contentId, { permissionName: 'GrantView', role: 'Analyst' });
    assert.equal((await call(sumo.url, `/api/v2/dashboards/${dash.id}`, { headers: analyst })).status, 200, 'shared with the analyst now');
    assert.equal((await give('View', analyst)).status, 200, 'GrantView lets one share View');
    assert.equal((await give('Edit', analyst)).status, 403, 'but not Edit');
    assert.equal((await give('Edit', analyst, { isAdminMode: 'true' })).status, 403, 'Admin Mode needs manageContent');
    assert.equal((await give('Edit', admin, { isAdminMode: 'true' })).status, 200);
    assert.deepEqual(sumo.state.permissionsOf(dash.contentId, 'auditor@example.com'), ['View', 'Edit']);
  });

  it('lets a test share by hand and read the effective access', async () => {
    sumo.state.addPermission(folderId, { permissionName: 'Manage', user: 'auditor@example.com' });
    const access = sumo.state.effectiveAccess(dash.contentId);
    const auditor = access.grants.find((g) => g.principal === 'user:auditor@example.com')!;
    assert.deepEqual([auditor.own, auditor.inherited], [[], ['View', 'Edit', 'Manage']]);
    assert.ok(access.manage.includes('user:auditor@example.com') && access.view.includes('role:Auditor'));
    sumo.state.removePermission(folderId, { permissionName: 'Edit', user: 'auditor@example.com' });
    assert.deepEqual(sumo.state.permissionsOf(dash.contentId, 'auditor@example.com'), ['View', 'Edit'], 'Manage went with Edit; View and the role\'s Edit stay');
    assert.throws(() => sumo.state.addPermission('00000000000000AA', { permissionName: 'View', org: true }), /no Sumo content item/);
  });

  it('counts the permission endpoints against the rate limits', async () => {
    const limited = await startSumoEmulator({ rateLimits: { perSecond: 1, burst: 2 } });
    try {
      const h = { authorization: basic(limited.credentials[0]!.accessId, limited.credentials[0]!.accessKey) };
      const personal = (await call(limited.url, '/api/v2/content/folders/personal', { headers: h })).body.id;
      const second = await call(limited.url, `/api/v2/content/${personal}/permissions`, { headers: h });
      assert.equal(second.status, 200);
      const third = await call(limited.url, `/api/v2/content/${personal}/permissions`, { headers: h });
      assert.deepEqual([third.status, third.body.errors[0].code], [429, 'rate.limit.exceeded']);
    } finally {
      await limited.close();
    }
  });
});

describe('Splunk view ACL', () => {
  let sp: SplunkEmulator;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  const views = '/servicesNS/nobody/search/data/ui/views';
  const xml = '<dashboard version="1.1"><label>ACL</label></dashboard>';
  before(async () => {
    sp = await startSplunkEmulator({ apps: ['search'], roles: ['secops', 'auditor'] });
    admin = { authorization: `Bearer ${sp.users[0]!.tokens![0]}` };
    viewer = { authorization: `Bearer ${sp.users[1]!.tokens![0]}` };
    assert.equal((await call(sp.url, `${views}?output_mode=json`, { method: 'POST', headers: admin, form: { name: 'acl_view', 'eai:data': xml } })).status, 201);
  });
  after(() => sp.close());
  const acl = (form: Record<string, string>, headers = admin) => call(sp.url, `${views}/acl_view/acl?output_mode=json`, { method: 'POST', headers, form });

  it('replaces perms.read and perms.write on every post; a list left out falls back to the app default', async () => {
    const set = await acl({ sharing: 'app', owner: 'nobody', 'perms.read': 'secops, auditor', 'perms.write': 'secops' });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(set.body.entry[0].acl.perms, { read: ['secops', 'auditor'], write: ['secops'] });
    const got = await call(sp.url, `${views}/acl_view/acl?output_mode=json`, { headers: admin });
    assert.deepEqual([got.body.entry[0].acl.perms, got.body.entry[0].acl.sharing, got.body.entry[0].acl.owner], [{ read: ['secops', 'auditor'], write: ['secops'] }, 'app', 'nobody']);
    assert.equal(got.body.entry[0].content['eai:acl'], null, 'JSON puts the ACL beside the content');
    const atom = await call(sp.url, `${views}/acl_view`, { headers: admin });
    assert.match(atom.text, /<s:key name="eai:acl">[\s\S]*<s:key name="perms">[\s\S]*<s:item>secops<\/s:item>/);
    const readOnly = await acl({ sharing: 'app', owner: 'nobody', 'perms.read': 'secops' });
    assert.deepEqual(readOnly.body.entry[0].acl.perms, { read: ['secops'], write: ['admin', 'power'] }, 'not merged with the previous write list');
    assert.deepEqual((await acl({ sharing: 'app', owner: 'nobody', 'perms.read': 'ghost', 'perms.write': '' })).body.entry[0].acl.perms, { read: ['ghost'], write: [] }, 'unknown roles are taken as given');
    assert.equal((await call(sp.url, `${views}/acl_view?output_mode=json`, { headers: viewer })).status, 404, 'the user role may no longer read it');
    assert.equal((await acl({ sharing: 'app', owner: 'nobody', 'perms.read': '*', 'perms.write': 'admin' })).status, 200);
    assert.equal((await call(sp.url, `${views}/acl_view?output_mode=json`, { headers: viewer })).status, 200, '* is every role');
  });

  it('requires sharing and owner, refuses others\' changes and unknown arguments', async () => {
    assert.deepEqual([(await acl({ sharing: 'app' })).status, (await acl({ sharing: 'app' })).body.messages[0].text], [400, 'Missing argument: owner']);
    assert.equal((await acl({ owner: 'nobody' })).status, 400);
    assert.equal((await acl({ sharing: 'everyone', owner: 'nobody' })).status, 400);
    assert.equal((await acl({ sharing: 'app', owner: 'nobody', 'perms.exec': 'x' })).body.messages[0].text, 'Argument "perms.exec" is not supported by this handler.');
    assert.equal((await acl({ sharing: 'app', owner: 'nobody', 'perms.read': '*' }, viewer)).status, 403);
    assert.equal((await call(sp.url, `${views}/nope/acl?output_mode=json`, { method: 'POST', headers: admin, form: { sharing: 'app', owner: 'nobody' } })).status, 404);
    const priv = await acl({ sharing: 'user', owner: 'admin' });
    assert.deepEqual([priv.body.entry[0].acl.sharing, priv.body.entry[0].acl.perms], ['user', null]);
    assert.equal((await call(sp.url, '/servicesNS/-/search/data/ui/views/acl_view?output_mode=json', { headers: viewer })).status, 404, 'private again');
    assert.equal((await call(sp.url, '/servicesNS/admin/search/data/ui/views/acl_view/acl?output_mode=json', { method: 'POST', headers: admin, form: { sharing: 'app', owner: 'nobody', 'perms.read': '*', 'perms.write': 'secops' } })).status, 200);
  });

  it('lists roles and lets a test edit an ACL by hand and read who can read and write', async () => {
    const roles = await call(sp.url, '/services/authorization/roles?output_mode=json', { headers: admin });
    assert.deepEqual(roles.body.entry.map((e: { name: string }) => e.name), ['admin', 'auditor', 'power', 'secops', 'user']);
    assert.equal((await call(sp.url, '/services/authorization/roles/nope?output_mode=json', { headers: admin })).status, 404);
    sp.state.setAclInUi('acl_view', { read: ['auditor', 'secops'], write: ['secops'] }, { app: 'search' });
    assert.deepEqual(sp.state.effectiveAccess('acl_view', { app: 'search' }), { sharing: 'app', owner: 'nobody', read: ['auditor', 'secops'], write: ['secops'], readers: ['admin', 'auditor', 'secops'], writers: ['admin', 'secops'] });
    sp.state.setAclInUi('acl_view', { read: ['*'] }, { app: 'search' });
    assert.deepEqual(sp.state.effectiveAccess('acl_view', { app: 'search' }).readers, ['admin', 'auditor', 'power', 'secops', 'user']);
    const live = await call(sp.url, `${views}/acl_view?output_mode=json`, { headers: admin });
    assert.deepEqual(live.body.entry[0].acl.perms, { read: ['*'], write: ['secops'] });
  });
});

describe('Kibana spaces', () => {
  let kb: KibanaEmulator;
  let headers: Record<string, string>;
  before(async () => {
    kb = await startKibanaEmulator({ spaces: ['team'] });
    headers = { authorization: kibanaApiKeyHeader(kb.credentials[0]!), 'kbn-xsrf': 'true' };
  });
  after(() => kb.close());
  const ndjson = (id: string, title: string) => JSON.stringify({ type: 'dashboard', id, attributes: { title, panelsJSON: '[]' }, references: [] }) + '\n';
  const importInto = (space: string, text: string, query = '?overwrite=true') => {
    const form = new FormData();
    form.append('file', new Blob([text]), 'export.ndjson');
    return call(kb.url, `${space === 'default' ? '' : `/s/${space}`}/api/saved_objects/_import${query}`, { method: 'POST', headers, body: form });
  };
  const find = async (space: string) => ((await call(kb.url, `${space === 'default' ? '' : `/s/${space}`}/api/saved_objects/_find?type=dashboard`, { headers })).body.saved_objects as { id: string }[]).map((o) => o.id).sort();

  it('lists and creates spaces (409 when one exists, 403 without the privilege)', async () => {
    assert.deepEqual((await call(kb.url, '/api/spaces/space', { headers })).body.map((s: { id: string }) => s.id), ['default', 'team']);
    const ops = await call(kb.url, '/api/spaces/space', { method: 'POST', headers, json: { id: 'ops', name: 'Ops', description: 'Operations' } });
    assert.deepEqual([ops.status, ops.body], [200, { id: 'ops', name: 'Ops', description: 'Operations', disabledFeatures: [] }]);
    const dup = await call(kb.url, '/api/spaces/space', { method: 'POST', headers, json: { id: 'ops', name: 'Ops' } });
    assert.deepEqual([dup.status, dup.body.message], [409, 'A space with the identifier ops already exists.']);
    assert.equal((await call(kb.url, '/api/spaces/space', { method: 'POST', headers, json: { id: 'Bad Id', name: 'x' } })).status, 400);
    const viewer = kb.credentials.find((c) => c.canWrite === false)!;
    assert.equal((await call(kb.url, '/api/spaces/space', { method: 'POST', headers: { authorization: basic(viewer.username!, viewer.password!), 'kbn-xsrf': 'true' }, json: { id: 'x', name: 'x' } })).status, 403);
    assert.equal((await call(kb.url, '/api/spaces/space/ops', { headers })).body.name, 'Ops');
    assert.equal((await call(kb.url, '/api/spaces/space/nope', { headers })).status, 404);
  });

  it('imports into one space only, finds per space, and deletes in one space without touching another', async () => {
    assert.equal((await importInto('ops', ndjson('ops-dash', 'Ops dash'))).body.success, true);
    assert.deepEqual([await find('ops'), await find('team'), await find('default')], [['ops-dash'], [], []]);
    assert.equal((await call(kb.url, '/api/saved_objects/dashboard/ops-dash', { headers })).status, 404);

    const copy = await importInto('team', ndjson('ops-dash', 'Team copy'));
    const dest = copy.body.successResults[0].destinationId;
    assert.ok(dest && dest !== 'ops-dash', 'the id is taken in ops: a new one');
    assert.deepEqual([kb.state.get('dashboard', dest, 'team')?.originId, kb.state.get('dashboard', 'ops-dash', 'ops')?.attributes.title], ['ops-dash', 'Ops dash']);
    const conflict = await importInto('team', ndjson('ops-dash', 'Team copy'), '');
    assert.deepEqual([conflict.body.success, conflict.body.errors[0].error], [false, { type: 'conflict', destinationId: dest }], 'without overwrite the earlier copy is a conflict');

    assert.equal((await call(kb.url, '/s/team/api/saved_objects/dashboard/ops-dash', { method: 'DELETE', headers })).status, 404, 'not in team');
    assert.equal((await call(kb.url, `/s/team/api/saved_objects/dashboard/${dest}`, { method: 'DELETE', headers })).status, 200);
    assert.deepEqual([await find('team'), await find('ops')], [[], ['ops-dash']]);
    assert.equal((await importInto('nowhere', ndjson('x', 'X'))).status, 404);
  });
});
