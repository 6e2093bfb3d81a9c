// The product-neutral access rules: groups resolve to principals, nothing widens silently,
// polydash changes only what it manages, and a hand change to a managed grant is drift.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessHash, managedPrincipals, planAccess, resolveAccess } from '../../src/publish/access.js';

const where = { product: 'grafana', environment: 'prod' };
const mapping = { groups: { auditors: 'team:auditors', secops: 'team:secops', 'secops-admins': 'team:secops-admins' } };

describe('resolving access', () => {
  it('maps groups to principals; editors are listed once, as edit', () => {
    const r = resolveAccess({ view: ['auditors', 'secops'], edit: ['secops-admins', 'secops'] }, undefined, mapping, where);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.desired?.grants, [
      { principal: 'team:auditors', level: 'view' },
      { principal: 'team:secops', level: 'edit' },
      { principal: 'team:secops-admins', level: 'edit' },
    ]);
    assert.equal(r.desired?.from, 'dashboard');
    assert.equal(r.desired?.hash, accessHash(r.desired!.grants));
  });

  it("falls back to the environment's default, and manages nothing when neither says anything", () => {
    assert.equal(resolveAccess(undefined, { view: ['secops'] }, mapping, where).desired?.from, 'environment default');
    assert.deepEqual(resolveAccess(undefined, undefined, mapping, where), { problems: [], notes: [] });
  });

  it('refuses a group with no principal, naming where to add it', () => {
    const r = resolveAccess({ view: ['auditors', 'legal'] }, undefined, mapping, where);
    assert.equal(r.desired, undefined);
    assert.deepEqual(r.problems, ['"legal" has no grafana principal in environment prod (add it to environments.prod.grafana.groups)']);
  });

  it('leaves the permissions alone, and says so, when the environment allows wider access', () => {
    const r = resolveAccess({ view: ['legal'] }, undefined, { ...mapping, allowWiderAccess: true }, where);
    assert.deepEqual(r.problems, []);
    assert.equal(r.desired, undefined);
    assert.match(r.notes[0]!, /"legal" has no grafana principal .*: its permissions are left as they are \(allowWiderAccess\)/);
  });
});

describe('planning access', () => {
  const desired = resolveAccess({ view: ['auditors'], edit: ['secops-admins'] }, undefined, mapping, where).desired!;
  const managed = managedPrincipals(mapping);

  it('grants what is missing and revokes managed grants that are no longer wanted', () => {
    const p = planAccess(desired, { own: [{ principal: 'team:secops', level: 'view' }, { principal: 'team:auditors', level: 'edit' }], inherited: [] }, managed, undefined);
    assert.deepEqual(p.changes, [
      { principal: 'team:auditors', from: 'edit', to: 'view' },
      { principal: 'team:secops', from: 'view' },
      { principal: 'team:secops-admins', to: 'edit' },
    ]);
    assert.equal(p.drifted, false);
    assert.deepEqual(p.next, desired.grants);
  });

  it('keeps grants to principals it does not manage, unless forced', () => {
    const p = planAccess(desired, { own: [...desired.grants, { principal: 'user:bob', level: 'edit' }], inherited: [] }, managed, desired.hash);
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.foreign, [{ principal: 'user:bob', level: 'edit' }]);
    assert.deepEqual(p.next, [...desired.grants, { principal: 'user:bob', level: 'edit' }]);
    assert.deepEqual(p.nextForced, desired.grants);
    assert.equal(p.drifted, false, 'a foreign grant is reported, not drift');
  });

  it('calls a changed managed grant drift when the definition is what polydash applied last', () => {
    const live = { own: [{ principal: 'team:auditors', level: 'edit' as const }, { principal: 'team:secops-admins', level: 'edit' as const }], inherited: [] };
    assert.equal(planAccess(desired, live, managed, desired.hash).drifted, true);
    assert.equal(planAccess(desired, live, managed, 'deadbeef').drifted, false, 'the definition changed: applying it is not drift');
  });

  it('finds inherited grants that reach beyond the desired access', () => {
    const p = planAccess(desired, { own: desired.grants, inherited: [{ principal: 'role:Viewer', level: 'view', from: 'folder security' }, { principal: 'team:auditors', level: 'view', from: 'folder security' }] }, managed, desired.hash);
    assert.deepEqual(p.wider, [{ principal: 'role:Viewer', level: 'view', from: 'folder security' }]);
  });
});
