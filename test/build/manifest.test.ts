// The manifest merge: partial builds keep what they did not touch, byte for byte; full builds
// drop what is gone; the file is read back whether or not its layout is polydash's own.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { type Manifest, MANIFEST_FILE, mergeManifest, readManifest, serializeManifest } from '../../src/build/manifest.js';
import type { DashboardOutcome } from '../../src/build/build.js';

const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

const caveat = { code: 'logql.term-regex', severity: 'approximate' as const, message: 'keywords are matched as a regex' };
const outcome = (uid: string, note = caveat): DashboardOutcome => ({
  uid,
  title: `Dashboard ${uid}`,
  file: `dashboards/${uid}.ts`,
  targets: [
    { target: 'grafana', panels: [{ key: 'a', title: 'A', fidelity: 'approximate', language: 'loki', diagnostics: [note] }] },
    { target: 'sumologic', panels: [{ key: 'a', title: 'A', fidelity: 'exact', language: 'sumologic', diagnostics: [] }] },
  ],
});
const artifacts = (uid: string) => ['grafana', 'sumologic'].map((target) => ({ path: `${target}/${uid}.json`, target, dashboard: uid, sha256: `${uid}-${target}` }));
const targets = ['grafana', 'sumologic'];

async function roundTrip(m: Manifest, text = serializeManifest(m)): Promise<Manifest> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polydash-manifest-'));
  temps.push(dir);
  writeFileSync(path.join(dir, MANIFEST_FILE), text);
  const { manifest: read } = await readManifest(dir);
  assert.ok(read);
  return read;
}

describe('manifest', () => {
  const full = mergeManifest(undefined, { targets, artifacts: ['a', 'b', 'c'].flatMap(artifacts), dashboards: ['a', 'b', 'c'].map((u) => outcome(u)), replaceAll: true });

  it('stores each distinct note once', () => {
    assert.deepEqual(full.manifest.notes, [caveat]);
    assert.deepEqual(full.manifest.dashboards.map((d) => ('line' in d ? 'line' : d.targets[0]!.panels[0]!.notes)), [[0], [0], [0]]);
  });

  it('a partial build rewrites its own dashboard and keeps the others as they were', async () => {
    const text = serializeManifest(full.manifest);
    const previous = await roundTrip(full.manifest, text);
    const other = { ...caveat, message: 'a different caveat' };
    const { manifest, stale } = mergeManifest(previous, { targets, artifacts: artifacts('b'), dashboards: [outcome('b', other)], replaceAll: false });
    assert.deepEqual(stale, []);
    const after = serializeManifest(manifest);
    const lines = (t: string) => t.split('\n').filter((l) => l.startsWith('    {"uid"'));
    assert.equal(lines(after)[0], lines(text)[0]);
    assert.equal(lines(after)[2], lines(text)[2]);
    const b = JSON.parse(lines(after)[1]!.replace(/,$/, ''));
    assert.deepEqual(manifest.notes[b.targets[0].panels[0].notes[0]], other);
    assert.deepEqual(JSON.parse(after).dashboards.map((d: { uid: string }) => d.uid), ['a', 'b', 'c']);
  });

  it('a full build drops dashboards that are gone, their artifacts and their notes', async () => {
    const previous = await roundTrip(full.manifest);
    const { manifest, stale } = mergeManifest(previous, { targets, artifacts: artifacts('a'), dashboards: [outcome('a', { ...caveat, message: 'new' })], replaceAll: true });
    assert.deepEqual(stale.sort(), ['grafana/b.json', 'grafana/c.json', 'sumologic/b.json', 'sumologic/c.json']);
    assert.deepEqual(manifest.dashboards.map((d) => d.uid), ['a']);
    assert.deepEqual(manifest.notes.map((n) => n.message), ['new']);
  });

  it('keeps the targets a build did not redo', async () => {
    const previous = await roundTrip(full.manifest);
    const grafanaOnly = { ...outcome('a'), targets: outcome('a').targets.filter((t) => t.target === 'grafana') };
    const { manifest } = mergeManifest(previous, { targets: ['grafana'], artifacts: artifacts('a').slice(0, 1), dashboards: [grafanaOnly], replaceAll: true });
    const a = JSON.parse(serializeManifest(manifest)).dashboards.find((d: { uid: string }) => d.uid === 'a');
    assert.deepEqual(a.targets.map((t: { target: string }) => t.target), ['grafana', 'sumologic']);
    assert.equal(manifest.dashboards.length, 3, 'dashboards built only for sumologic stay');
  });

  it('reads a manifest laid out by someone else (pretty-printed)', async () => {
    const read = await roundTrip(full.manifest, JSON.stringify(JSON.parse(serializeManifest(full.manifest)), null, 2));
    assert.deepEqual(read.dashboards.map((d) => d.uid), ['a', 'b', 'c']);
    assert.equal(read.artifacts.length, 6);
  });
});
