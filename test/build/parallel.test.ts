// Builds spread over worker threads must write exactly what the single-thread build writes,
// report the same problems, and leave nothing behind when they fail.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { splitShares } from '../../src/build/parallel.js';
import { workerCount } from '../../src/build/workers.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(repo, 'lib', 'cli', 'main.js');
const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

const SOURCE = `import { defineSource } from 'polydash';
export const app = defineSource({
  id: 'app',
  sumologic: { sourceCategory: 'prod/app' },
  splunk: { index: 'main', sourcetype: 'app' },
  elastic: { dataView: 'logs-app-*', timeField: '@timestamp', messageField: 'message' },
  loki: { selector: { job: 'app' }, labels: ['host'] },
  fields: { host: { sumologic: '_sourceHost', splunk: 'host', elastic: 'host.name', loki: 'host' } },
});
`;

function dashboardFile(i: number, extra = ''): string {
  return `import { bar, dashboard, from, singleValue, table } from 'polydash';
import { app } from './sources.js';
${extra}
const base = from(app).search('svc${i}');
export default dashboard({
  uid: 'd-${i}',
  title: 'Dashboard ${i}',
  time: { last: '24h' },
  panels: [
    singleValue({ title: 'Errors', query: base.search('error').timeslice('1h').count().orderBy('timeslice', 'desc'), ranges: [{ from: 1, color: 'red' }] }),
    bar({ title: 'Users', query: base.parse('user=* ', ['user']).count().by('user').orderBy('count', 'desc').limit(5) }),
    table({ title: 'Hosts', query: base.count().by('host').orderBy('count', 'desc') }),
  ],
});
`;
}

function project(count: number, override: Record<number, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polydash-parallel-'));
  temps.push(dir);
  mkdirSync(path.join(dir, 'dashboards'), { recursive: true });
  writeFileSync(path.join(dir, 'dashboards', 'sources.ts'), SOURCE);
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, 'dashboards', `d${String(i).padStart(3, '0')}.ts`), override[i] ?? dashboardFile(i));
  return dir;
}

function polydash(cwd: string, workers: number, args: string[] = []): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'build', ...args], { cwd, encoding: 'utf8', env: { ...process.env, POLYDASH_WORKERS: String(workers) } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir` (hidden ones too), by relative path. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.set(path.relative(dir, path.join(e.parentPath, e.name)), readFileSync(path.join(e.parentPath, e.name), 'utf8'));
  }
  return out;
}

describe('parallel build', () => {
  it('writes the same files, byte for byte, as the single-thread build', () => {
    const dir = project(12);
    const serial = polydash(dir, 1, ['--out', 'serial']);
    assert.equal(serial.code, 0, serial.stderr);
    const parallel = polydash(dir, 3, ['--out', 'parallel']);
    assert.equal(parallel.code, 0, parallel.stderr);
    const a = tree(path.join(dir, 'serial'));
    const b = tree(path.join(dir, 'parallel'));
    assert.equal(a.size, 12 * 4 + 1);
    assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
    for (const [file, content] of a) assert.equal(b.get(file), content, file);
    assert.equal(parallel.stdout.replace('parallel/', 'serial/'), serial.stdout);
  });

  it('reports the same validation problems, and writes nothing', () => {
    const broken = dashboardFile(4).replace(".by('host')", ".by('nope')");
    const dir = project(9, { 4: broken, 7: dashboardFile(2) });
    const serial = polydash(dir, 1);
    const parallel = polydash(dir, 3);
    assert.equal(serial.code, 1);
    assert.equal(parallel.code, 1);
    assert.equal(parallel.stderr, serial.stderr);
    assert.match(parallel.stderr, /dashboards\/d004\.ts/);
    assert.match(parallel.stderr, /duplicate dashboard uid "d-2" \(also in dashboards\/d002\.ts\)/);
    assert.deepEqual(readdirSync(dir).filter((f) => f !== '.polydash').sort(), ['dashboards']);
  });

  it('names the file and line of a definition that throws, as the single-thread build does', () => {
    const dir = project(6, { 3: dashboardFile(3, "if (Date.now() > 0) throw new Error('boom from d003');") });
    const serial = polydash(dir, 1);
    const parallel = polydash(dir, 2);
    assert.equal(parallel.code, 1);
    assert.equal(parallel.stderr, serial.stderr);
    assert.match(parallel.stderr, /dashboards\/d003\.ts:3:\d+\n {2}boom from d003/);
  });

  it('leaves the previous outputs untouched, with no temporary files, when a render fails part-way', () => {
    const dir = project(8);
    assert.equal(polydash(dir, 2).code, 0);
    const before = tree(path.join(dir, 'dist'));
    // Grafana refuses the last dashboard's variable name while rendering, after the other
    // dashboards have been staged.
    for (let i = 0; i < 8; i++) {
      const file = path.join(dir, 'dashboards', `d00${i}.ts`);
      writeFileSync(file, readFileSync(file, 'utf8').replace(`title: 'Dashboard ${i}'`, `title: 'Renamed ${i}'`));
    }
    const last = path.join(dir, 'dashboards', 'd007.ts');
    const withVariable = readFileSync(last, 'utf8')
      .replace("import { bar,", "import { variable, bar,")
      .replace("time: { last: '24h' },", "time: { last: '24h' },\n  variables: [variable({ name: 'ds_loki', label: 'Host', values: from(app), field: 'host' })],");
    writeFileSync(last, withVariable);
    for (const workers of [1, 2]) {
      const r = polydash(dir, workers);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /the variable name "ds_loki" is taken by the Grafana target/);
      assert.doesNotMatch(r.stderr, /^\s+at /m);
      assert.deepEqual(tree(path.join(dir, 'dist')), before);
    }
  });

  it('stores each distinct diagnostic once in the manifest', () => {
    const dir = project(5);
    assert.equal(polydash(dir, 1).code, 0);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'dist', '.manifest.json'), 'utf8'));
    assert.equal(manifest.version, 2);
    const keys = manifest.notes.map((n: { code: string; severity: string; message: string }) => `${n.severity} ${n.code} ${n.message}`);
    assert.equal(new Set(keys).size, keys.length);
    const grafana = manifest.dashboards[0].targets.find((t: { target: string }) => t.target === 'grafana');
    const noted = grafana.panels.find((p: { notes?: number[] }) => p.notes?.length);
    assert.ok(noted, 'a Loki panel carries a note');
    for (const i of noted.notes) assert.ok(manifest.notes[i], `note ${i} exists`);
  });
});

describe('worker count', () => {
  it('stays in one thread for small builds and honours POLYDASH_WORKERS', () => {
    assert.equal(workerCount(10, {}, 16), 1);
    assert.equal(workerCount(1000, {}, 2), 1, 'two cores: no spare core for the main thread');
    assert.equal(workerCount(1000, {}, 4), 3);
    assert.equal(workerCount(120, {}, 16), 2, 'at least 50 files per worker');
    assert.equal(workerCount(1000, { POLYDASH_WORKERS: '3' }), 3);
    assert.equal(workerCount(2, { POLYDASH_WORKERS: '3' }), 2);
    assert.throws(() => workerCount(10, { POLYDASH_WORKERS: 'many' }), /POLYDASH_WORKERS="many": expected a whole number/);
  });

  it('splits files into contiguous, nearly equal shares', () => {
    assert.deepEqual(splitShares([1, 2, 3, 4, 5, 6, 7], 3), [[1, 2, 3], [4, 5], [6, 7]]);
    assert.deepEqual(splitShares([1], 3), [[1]]);
  });
});
