// Access control end to end, on the four emulators: grant, revoke, a permission added by hand
// (drift, and a grant polydash does not manage), and the refusal to widen.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { configFor, world, type World } from './world.js';

const AUDIT = 'kubernetes-audit';

function sumoContentId(w: World, uid: string): string {
  const d = w.emu.sumologic.state.list().find((x) => String(x.description).includes(`polydash:${uid}:`));
  assert.ok(d, `no Sumo Logic dashboard for ${uid}`);
  return String((d as { contentId?: string }).contentId);
}

/** Who can view and edit the audit dashboard, per product, as the emulators work it out. */
function audience(w: World): Record<string, { view: string[]; edit: string[] }> {
  const grafana = w.emu.grafana.state.effectiveAccess(AUDIT);
  const sumo = w.emu.sumologic.state.effectiveAccess(sumoContentId(w, AUDIT));
  const splunk = w.emu.splunk.state.effectiveAccess(AUDIT, { app: 'security_dashboards' });
  const roles = (list: readonly string[], prefix: string) => list.filter((p) => p.startsWith(prefix)).sort();
  return {
    grafana: { view: roles(grafana.view, 'team:'), edit: roles(grafana.edit, 'team:') },
    sumologic: { view: roles(sumo.view, 'role:'), edit: roles(sumo.edit, 'role:') },
    splunk: { view: [...splunk.read].sort(), edit: [...splunk.write].sort() },
  };
}

function editDefinition(w: World, file: string, edit: (text: string) => string): void {
  const p = path.join(w.dir, 'dashboards', file);
  writeFileSync(p, edit(readFileSync(p, 'utf8')));
}

describe('access control (emulated)', () => {
  it('grants on push, shows revocations as plan lines, and revokes them', async () => {
    const w = await world();
    try {
      const first = await w.cli(['push', '--env', 'test']);
      assert.equal(first.code, 0, first.stdout + first.stderr);
      assert.deepEqual(audience(w), {
        grafana: { view: ['team:auditors', 'team:secops', 'team:secops-admins'], edit: ['team:secops-admins'] },
        sumologic: { view: ['role:Auditor', 'role:SecOps', 'role:SecOps Admin'], edit: ['role:SecOps Admin'] },
        splunk: { view: ['auditor', 'secops', 'secops_admin'], edit: ['secops_admin'] },
      });
      assert.equal(w.emu.grafana.state.effectiveAccess(AUDIT).view.includes('role:Viewer'), false, 'the folder polydash created lets no Viewer in');
      // a dashboard without access keeps what the product gives it
      assert.equal(w.emu.grafana.state.effectiveAccess('twistlock-overview').grants.some((g) => g.principal.startsWith('team:')), false);

      const again = await w.cli(['plan', '--env', 'test', '--detailed-exitcode']);
      assert.equal(again.code, 0, again.stdout);
      assert.doesNotMatch(again.stdout, /permissions/);

      editDefinition(w, 'kubernetes-audit.ts', (t) => t.replace("view: ['auditors', 'secops']", "view: ['secops']"));
      const plan = await w.cli(['plan', '--env', 'test', '--detailed-exitcode']);
      assert.equal(plan.code, 2, plan.stdout + plan.stderr);
      assert.match(plan.stdout, /~ permissions +kubernetes-audit .*\n +access: view secops; edit secops-admins\n +- team:auditors view/);
      assert.match(plan.stdout, /- Auditor view/);
      assert.match(plan.stdout, /- auditor view/);

      const revoked = await w.cli(['push', '--env', 'test']);
      assert.equal(revoked.code, 0, revoked.stdout + revoked.stderr);
      const after = audience(w);
      assert.deepEqual(after.grafana.view, ['team:secops', 'team:secops-admins']);
      assert.deepEqual(after.sumologic.view, ['role:SecOps', 'role:SecOps Admin']);
      assert.deepEqual(after.splunk.view, ['secops', 'secops_admin']);
      assert.equal((await w.cli(['plan', '--env', 'test', '--detailed-exitcode'])).code, 0);
    } finally {
      await w.close();
    }
  });

  it('keeps a permission changed by hand (drift) and one polydash did not grant, until --force', async () => {
    const w = await world();
    try {
      assert.equal((await w.cli(['push', '--env', 'test'])).code, 0);
      // by hand: auditors may now edit (a managed principal), and a user is given view (not managed)
      w.emu.grafana.state.addDashboardPermission(AUDIT, { team: 'auditors', permission: 2 });
      w.emu.grafana.state.addUser({ login: 'bob' });
      w.emu.grafana.state.addDashboardPermission(AUDIT, { user: 'bob', permission: 1 });
      w.emu.sumologic.state.addPermission(sumoContentId(w, AUDIT), { permissionName: 'Edit', role: 'Auditor' });
      w.emu.splunk.state.setAclInUi(AUDIT, { read: ['auditor', 'secops', 'secops_admin', 'contractor'], write: ['secops_admin'] }, { app: 'security_dashboards' });

      const plan = await w.cli(['plan', '--env', 'test']);
      assert.equal(plan.code, 0, plan.stdout + plan.stderr);
      assert.match(plan.stdout, /! permissions-drifted kubernetes-audit[^\n]*\n +permissions polydash manages were changed in the product since the last push[^\n]*\n +~ team:auditors edit -> view\n +=? ?user:bob view: not granted by polydash, kept/);
      assert.match(plan.stdout, /! permissions-drifted kubernetes-audit[\s\S]*~ Auditor edit -> view/);
      assert.match(plan.stdout, /~ permissions +kubernetes-audit[\s\S]*= contractor view: not granted by polydash, kept \(--force removes it\)/);

      const push = await w.cli(['push', '--env', 'test']);
      assert.equal(push.code, 1, 'drift is refused');
      assert.match(push.stderr, /kubernetes-audit: skipped \(permissions polydash manages were changed/);
      assert.ok(w.emu.grafana.state.effectiveAccess(AUDIT).edit.includes('team:auditors'), 'the hand change stays');
      assert.ok(w.emu.splunk.state.effectiveAccess(AUDIT, { app: 'security_dashboards' }).read.includes('contractor'), 'a grant polydash did not make stays');

      const forced = await w.cli(['push', '--env', 'test', '--force']);
      assert.equal(forced.code, 0, forced.stdout + forced.stderr);
      const grafana = w.emu.grafana.state.effectiveAccess(AUDIT);
      assert.equal(grafana.edit.includes('team:auditors'), false);
      assert.equal(grafana.view.includes('user:bob'), false);
      assert.equal(w.emu.splunk.state.effectiveAccess(AUDIT, { app: 'security_dashboards' }).read.includes('contractor'), false);
      assert.deepEqual(audience(w).sumologic.edit, ['role:SecOps Admin']);
      assert.equal((await w.cli(['plan', '--env', 'test', '--detailed-exitcode'])).code, 0);
    } finally {
      await w.close();
    }
  });

  it('never widens in silence: unmapped groups, a folder open to Viewers, groups in two Kibana spaces', async () => {
    const w = await world();
    try {
      editDefinition(w, 'kubernetes-audit.ts', (t) => t.replace("view: ['auditors', 'secops']", "view: ['auditors', 'secops', 'legal']"));
      const unmapped = await w.cli(['plan', '--env', 'test']);
      assert.equal(unmapped.code, 1, unmapped.stdout);
      for (const product of ['sumologic', 'splunk', 'grafana', 'kibana']) {
        assert.match(unmapped.stdout, new RegExp(`x refused +kubernetes-audit[^\\n]*\\n +its access cannot be given here: "legal" has no ${product} principal in environment test \\(add it to environments\\.test\\.${product}\\.groups\\)`));
      }
      const refused = await w.cli(['push', '--env', 'test']);
      assert.equal(refused.code, 1);
      assert.equal(w.emu.grafana.state.get(AUDIT), undefined, 'a refused dashboard is not pushed at all');
      editDefinition(w, 'kubernetes-audit.ts', (t) => t.replace(", 'legal']", ']'));

      // a Grafana folder that lets every Viewer in cannot hold a restricted dashboard
      w.emu.grafana.state.addFolder('security', 'Security');
      w.emu.grafana.state.setFolderPermissions('security', [{ role: 'Viewer', permission: 1 }]);
      const open = await w.cli(['plan', '--env', 'test', '--target', 'grafana']);
      assert.equal(open.code, 1);
      assert.match(open.stdout, /x refused +kubernetes-audit[^\n]*\n +its access \(dashboard\) is narrower than the product allows here: role:Viewer view through folder security; narrow that, or set allowWiderAccess for grafana to accept it/);

      // groups in two Kibana spaces: one dashboard cannot live in both
      w.emu.kibana.state.spaces.set('audit', { id: 'audit', name: 'Audit' } as never);
      const twoSpaces = configFor(w.emu).replace(/kibana: \{([^}]*)groups: \{[^}]*\}/, (_m, head) => `kibana: {${head}groups: {"auditors":"audit","secops":"security","secops-admins":"security"}`);
      writeFileSync(path.join(w.dir, 'polydash.config.ts'), twoSpaces);
      const split = await w.cli(['plan', '--env', 'test', '--target', 'kibana']);
      assert.equal(split.code, 1, split.stdout);
      assert.match(split.stdout, /its groups map to different Kibana spaces \(audit, security\), and a dashboard lives in one space/);

      // allowWiderAccess: said out loud, then done
      writeFileSync(path.join(w.dir, 'polydash.config.ts'), configFor(w.emu).replace("folderUid: 'security',", "folderUid: 'security', allowWiderAccess: true,"));
      const allowed = await w.cli(['push', '--env', 'test', '--target', 'grafana']);
      assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
      const plan = await w.cli(['plan', '--env', 'test', '--target', 'grafana']);
      assert.match(plan.stdout, /wider: role:Viewer view through folder security \(allowWiderAccess\)/);
    } finally {
      await w.close();
    }
  });

  it('places a Kibana dashboard in the space its groups map to, and moves it when its access changes', async () => {
    const w = await world();
    try {
      w.emu.kibana.state.spaces.set('audit', { id: 'audit', name: 'Audit' } as never);
      const mapping = configFor(w.emu).replace(/kibana: \{([^}]*)groups: \{[^}]*\}/, (_m, head) => `kibana: {${head}groups: {"auditors":"audit","secops":"security","secops-admins":"security"}`);
      writeFileSync(path.join(w.dir, 'polydash.config.ts'), mapping);
      editDefinition(w, 'kubernetes-audit.ts', (t) => t.replace("access: { view: ['auditors', 'secops'], edit: ['secops-admins'] }", "access: { view: ['auditors'] }"));
      const only = ['--env', 'test', '--target', 'kibana', '--only', 'kubernetes-audit,twistlock-overview'];
      const push = await w.cli(['push', ...only]);
      assert.equal(push.code, 0, push.stdout + push.stderr);
      const titles = (space: string) => w.emu.kibana.state.inSpace(space).filter((o) => o.type === 'dashboard').map((o) => String(o.attributes.title)).sort();
      assert.ok(titles('audit').includes('Kubernetes - Audit and kAudit findings'));
      assert.equal(titles('security').includes('Kubernetes - Audit and kAudit findings'), false);
      assert.ok(titles('security').includes('Twistlock - Overview'), 'dashboards without access stay in the environment space');

      editDefinition(w, 'kubernetes-audit.ts', (t) => t.replace("access: { view: ['auditors'] }", "access: { view: ['secops'], edit: ['secops-admins'] }"));
      const plan = await w.cli(['plan', ...only]);
      assert.match(plan.stdout, /\+ create +kubernetes-audit[^\n]*\n +Kibana controls access by space: it goes to space security/);
      assert.match(plan.stdout, /- duplicate +kubernetes-audit[^\n]*\n +a second copy of a dashboard polydash manages \(left by an interrupted push, or in a place its access no longer allows\)/);
      const moved = await w.cli(['push', ...only]);
      assert.equal(moved.code, 0, moved.stdout + moved.stderr);
      assert.equal(titles('audit').includes('Kubernetes - Audit and kAudit findings'), false, 'the copy in the old space is removed');
      assert.ok(titles('security').includes('Kubernetes - Audit and kAudit findings'));
    } finally {
      await w.close();
    }
  });
});
