import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(repo, 'lib', 'cli', 'main.js');
const conformance = path.resolve(repo, '..', 'shared', 'conformance');
const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function polydash(args: string[], cwd = repo): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A throwaway project whose dashboards/ holds the given files. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polydash-test-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const SOURCE = `import { defineSource } from 'polydash';
export const app = defineSource({ id: 'app', sumologic: { sourceCategory: 'prod/app' }, fields: { host: { sumologic: '_sourceHost' } } });
`;

const noStack = (s: string) => assert.doesNotMatch(s, /^\s+at .+:\d+:\d+\)?$/m, `a stack trace was printed:\n${s}`);

describe('polydash CLI', () => {
  it('builds the seed dashboard, writes the manifest, and skips unchanged files on the next run', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'polydash-dist-'));
    temps.push(out);
    const first = polydash(['build', '--target', 'sumologic', '--out', out]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Built \d+ dashboards? for sumologic into .* \(\d+ written, 0 unchanged\)/);
    const artifact = path.join(out, 'sumologic', 'twistlock-overview.json');
    const manifest = JSON.parse(readFileSync(path.join(out, '.manifest.json'), 'utf8'));
    const entry = manifest.artifacts.find((a: { path: string }) => a.path === 'sumologic/twistlock-overview.json');
    assert.equal(entry.sha256, createHash('sha256').update(readFileSync(artifact)).digest('hex'));
    const seed = manifest.dashboards.find((d: { uid: string }) => d.uid === 'twistlock-overview');
    assert.equal(seed.file, 'dashboards/twistlock-overview.ts');
    assert.deepEqual(
      seed.targets[0].panels.map((p: { fidelity: string }) => p.fidelity),
      ['exact', 'exact', 'exact', 'exact', 'exact', 'exact', 'exact'],
    );
    const mtime = statSync(artifact).mtimeMs;
    const second = polydash(['build', '--target', 'sumologic', '--out', out]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /\(0 written, \d+ unchanged\)/);
    assert.equal(statSync(artifact).mtimeMs, mtime);
  });

  it('reports a validation error with file › dashboard › panel › path, exits 1, prints no stack, writes nothing', () => {
    const dir = project({
      'dashboards/sources.ts': SOURCE,
      'dashboards/bad.ts': `import { dashboard, from, table } from 'polydash';
import { app } from './sources.js';
export default dashboard({ uid: 'bad', title: 'Bad', time: { last: '24h' }, panels: [
  table({ title: 'Top users', query: from(app).count().by('usr') }),
] });
`,
    });
    const r = polydash(['build'], dir);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'dashboards/bad.ts › bad › panel 1 "Top users" › query.aggregate.by[0]\n' +
        '  field "usr" is not defined by source "app" or extracted by the query; expected one of: host\n\n' +
        '1 problem found; nothing was written.\n',
    );
    assert.equal(existsSync(path.join(dir, 'dist')), false);
  });

  it('reports a builder misuse at its line in the definition file', () => {
    const dir = project({
      'dashboards/sources.ts': SOURCE,
      'dashboards/typo.ts': `import { dashboard, from, table } from 'polydash';
import { app } from './sources.js';

const q = from(app).timeslice('5 min').count();
export default dashboard({ uid: 'typo', title: 'T', time: { last: '1h' }, panels: [table({ title: 't', query: q })] });
`,
    });
    const r = polydash(['validate'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^dashboards\/typo\.ts:4:\d+\n {2}timeslice: invalid duration "5 min": expected a positive whole number and a unit s, m, h, d or w/);
    noStack(r.stderr);
  });

  it('reports a TypeScript syntax error at its line', () => {
    const dir = project({ 'dashboards/broken.ts': `import { dashboard } from 'polydash';\nexport default dashboard({ uid: 'x', \n` });
    const r = polydash(['build'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^dashboards\/broken\.ts:3:1\n {2}Expected identifier but found end of file/);
    noStack(r.stderr);
  });

  it('leaves an existing dist/ untouched when validation fails', () => {
    const dir = project({
      'dashboards/sources.ts': SOURCE,
      'dashboards/ok.ts': `import { dashboard, from, table } from 'polydash';
import { app } from './sources.js';
export default dashboard({ uid: 'ok', title: 'OK', time: { last: '24h' }, panels: [table({ title: 't', query: from(app).count().by('host') })] });
`,
    });
    assert.equal(polydash(['build'], dir).code, 0);
    const file = path.join(dir, 'dist', 'sumologic', 'ok.json');
    const before = readFileSync(file, 'utf8');
    writeFileSync(path.join(dir, 'dashboards', 'ok.ts'), readFileSync(path.join(dir, 'dashboards', 'ok.ts'), 'utf8').replace("by('host')", "by('nope')").replace("title: 'OK'", "title: 'Changed'"));
    assert.equal(polydash(['build'], dir).code, 1);
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('removes artifacts of dashboards that no longer exist on a full build', () => {
    const dash = (uid: string) => `import { dashboard, from, table } from 'polydash';
import { app } from './sources.js';
export default dashboard({ uid: '${uid}', title: '${uid}', time: { last: '24h' }, panels: [table({ title: 't', query: from(app).count().by('host') })] });
`;
    const dir = project({ 'dashboards/sources.ts': SOURCE, 'dashboards/a.ts': dash('a'), 'dashboards/b.ts': dash('b') });
    assert.equal(polydash(['build', '--target', 'sumologic'], dir).code, 0);
    rmSync(path.join(dir, 'dashboards', 'b.ts'));
    const r = polydash(['build', '--target', 'sumologic'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 removed/);
    assert.equal(existsSync(path.join(dir, 'dist', 'sumologic', 'b.json')), false);
    assert.equal(existsSync(path.join(dir, 'dist', 'sumologic', 'a.json')), true);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'dist', '.manifest.json'), 'utf8'));
    assert.deepEqual(manifest.dashboards.map((d: { uid: string }) => d.uid), ['a']);
  });

  it('emits machine-readable results with --json', () => {
    const dir = project({ 'dashboards/sources.ts': SOURCE, 'dashboards/x.ts': `import { dashboard, from, pie } from 'polydash';
import { app } from './sources.js';
export default dashboard({ uid: 'x', title: 'X', time: { last: '24h' }, panels: [pie({ title: 'p', query: from(app).count() })] });
` });
    const r = polydash(['validate', '--json'], dir);
    assert.equal(r.code, 1);
    const body = JSON.parse(r.stdout);
    assert.equal(body.ok, false);
    assert.deepEqual(body.issues, [
      { file: 'dashboards/x.ts', dashboard: 'x', panel: { index: 0, key: 'p', title: 'p' }, path: 'query', message: 'a pie needs exactly one measure, one .by() field and no .timeslice()' },
    ]);
  });

  it('rejects unknown targets and commands with exit code 1', () => {
    const r = polydash(['build', '--target', 'datadog']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown target "datadog"; expected one of: sumologic/);
    assert.equal(polydash(['frobnicate']).code, 1);
  });

  it('answers --help for every command', () => {
    for (const args of [['--help'], ['build', '--help'], ['validate', '--help']]) {
      const r = polydash(args);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /polydash/);
    }
  });

  it('produces Sumo Logic files that the vendor conformance checker accepts', { skip: !existsSync(path.join(conformance, 'node_modules')) && 'shared/conformance is not installed here' }, () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'polydash-dist-'));
    temps.push(out);
    assert.equal(polydash(['build', '--out', out]).code, 0);
    const result = execFileSync(process.execPath, [path.join(conformance, 'check.mjs'), out], { encoding: 'utf8' });
    assert.match(result, / 0 failed\n$/);
  });
});
