// The preview server and static export on a throwaway copy of the fixture project: pages,
// escaping, located errors for bad definitions and bad events, and reloads on change.

import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PagePayload } from '../../src/preview/payload.js';
import { type PreviewServer, startPreviewServer } from '../../src/preview/server.js';
import { writeStaticPreview } from '../../src/preview/static.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'project');

function copyProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polydash-preview-'));
  cpSync(fixture, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.polydash`) });
  return dir;
}

async function get(url: string): Promise<{ status: number; type: string; body: string; csp?: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text(), csp: res.headers.get('content-security-policy') ?? undefined };
}

function payloadOf(html: string): PagePayload {
  const m = /<script type="application\/json" id="preview-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'the page carries its data');
  return JSON.parse(m[1]!) as PagePayload;
}

describe('polydash preview server', () => {
  let root: string;
  let server: PreviewServer;

  before(async () => {
    root = copyProject();
    server = await startPreviewServer({ root, inputs: [], eventsDir: 'dashboards/samples', now: 'latest', port: 0 });
  });
  after(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('lists the dashboards and serves each with its events and compiled queries', async () => {
    const index = await get(server.url);
    assert.equal(index.status, 200);
    assert.match(index.body, /href="d\/preview-demo\.html"/);
    const page = await get(`${server.url}d/preview-demo.html`);
    assert.equal(page.status, 200);
    assert.match(page.csp ?? '', /script-src 'self'/);
    const payload = payloadOf(page.body);
    assert.equal(payload.dashboard.uid, 'preview-demo');
    assert.equal(payload.events.twistlock?.length, 15);
    assert.equal(payload.now, Date.parse('2025-01-03T01:06:00Z'), 'now is the newest sample event');
    const products = payload.compiled['events-per-host']!.map((q) => q.target);
    assert.ok(products.includes('sumologic') && products.includes('splunk'), products.join());
    const sumo = payload.compiled['events-per-host']!.find((q) => q.target === 'sumologic')!;
    assert.match(sumo.text ?? '', /count as count by _sourceHost/);
    for (const asset of ['preview.js', 'preview.css', 'echarts.min.js']) assert.equal((await get(`${server.url}assets/${asset}`)).status, 200, asset);
  });

  test('escapes definition text everywhere; markdown stays inert', async () => {
    const page = (await get(`${server.url}d/preview-demo.html`)).body;
    assert.doesNotMatch(page, /<script>alert/);
    assert.match(page, /A &lt;fixture&gt; dashboard &amp; its &quot;escaped&quot; description\./);
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const data = /id="preview-data">([\s\S]*?)<\/script>/.exec(page)![1]!;
    assert.doesNotMatch(data, /[<>]/, 'the payload cannot close its script element');
  });

  test('refuses other Host names and methods', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(server.url);
      http.get({ host: u.hostname, port: u.port, path: '/', headers: { Host: 'attacker.example' } }, (res) => resolve(res.statusCode ?? 0)).on('error', reject);
    });
    assert.equal(status, 421);
    assert.equal((await fetch(server.url, { method: 'POST' })).status, 405);
  });

  test('a definition that fails validation is shown as its located errors; the rest still work', async () => {
    writeFileSync(
      path.join(root, 'dashboards', 'bad.ts'),
      `import { dashboard, from, table } from 'polydash';
import { twistlock } from './sources/twistlock.js';
export default dashboard({ uid: 'bad', title: 'Bad one', time: { last: '1h' }, panels: [table({ title: 'Users', query: from(twistlock).count().by('usr') })] });
`,
    );
    await server.refresh();
    const page = await get(`${server.url}d/bad.html`);
    assert.equal(page.status, 200);
    assert.match(page.body, /This dashboard does not validate/);
    assert.match(page.body, /dashboards\/bad\.ts › bad › panel 1 &quot;Users&quot;/);
    assert.match(page.body, /field &quot;usr&quot; is not defined by source &quot;twistlock&quot;/);
    assert.match((await get(server.url)).body, /1 problem/);
    assert.equal((await get(`${server.url}d/preview-demo.html`)).status, 200);
  });

  test('a definition that does not load is reported with its file and line', async () => {
    writeFileSync(path.join(root, 'dashboards', 'broken.ts'), "import { dashboard } from 'polydash';\nexport default dashboard({ uid: 'broken', title: \n");
    await server.refresh();
    const index = await get(server.url);
    assert.equal(index.status, 200);
    assert.match(index.body, /Definitions that could not be loaded/);
    assert.match(index.body, /dashboards\/broken\.ts:\d+/);
    rmSync(path.join(root, 'dashboards', 'broken.ts'));
    rmSync(path.join(root, 'dashboards', 'bad.ts'));
    await server.refresh();
    assert.doesNotMatch((await get(server.url)).body, /could not be loaded/);
  });

  test('events that do not parse are listed with their line numbers; the others are still drawn', async () => {
    const file = path.join(root, 'dashboards', 'samples', 'twistlock.ndjson');
    const before = readFileSync(file, 'utf8');
    appendFileSync(file, 'this is not json\n{"message":"no time"}\n{"@timestamp":"2025-01-03 01:00:00","message":"local time"}\n');
    await server.refresh();
    const page = await get(`${server.url}d/preview-demo.html`);
    assert.match(page.body, /Sample events that could not be read/);
    assert.match(page.body, /dashboards\/samples\/twistlock\.ndjson:16<\/span><span class="what">not JSON/);
    assert.match(page.body, /twistlock\.ndjson:17<\/span><span class="what">the event has no time \(key &quot;@timestamp&quot; or &quot;timestamp&quot;\)/);
    assert.match(page.body, /twistlock\.ndjson:18<\/span><span class="what">the time &quot;2025-01-03 01:00:00&quot; is not ISO-8601 with a zone/);
    assert.equal(payloadOf(page.body).events.twistlock?.length, 15);
    writeFileSync(file, before);
    await server.refresh();
  });

  test('a change on disk makes open pages reload (Server-Sent Events)', async () => {
    const generations: string[] = [];
    const controller = new AbortController();
    const res = await fetch(`${server.url}events`, { signal: controller.signal });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const next = async (): Promise<string> => {
      for (;;) {
        const m = /event: snapshot\ndata: (\d+)\n\n/.exec(buffer);
        if (m) {
          buffer = buffer.slice(m.index + m[0].length);
          return m[1]!;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    generations.push(await next());
    // Touch a definition: the watcher notices, a new snapshot is taken and announced. (An
    // announcement left over from an earlier test may come first: wait for the one that counts.)
    const demo = path.join(root, 'dashboards', 'preview-demo.ts');
    writeFileSync(demo, readFileSync(demo, 'utf8').replace('Preview demo: every panel kind', 'Preview demo, renamed'));
    const timeout = setTimeout(() => controller.abort(), 15_000);
    try {
      do generations.push(await next());
      while (!/Preview demo, renamed/.test((await get(server.url)).body));
    } finally {
      clearTimeout(timeout);
      controller.abort();
    }
    assert.ok(Number(generations.at(-1)) > Number(generations[0]), generations.join(' -> '));
  });
});

describe('polydash preview --static', () => {
  test('writes the index, one page per dashboard and the assets', async () => {
    const root = copyProject();
    const out = mkdtempSync(path.join(os.tmpdir(), 'polydash-preview-out-'));
    try {
      const { files, snapshot } = await writeStaticPreview({ root, inputs: [], eventsDir: 'dashboards/samples', now: 'latest' }, out);
      assert.deepEqual([...files].sort(), ['assets/echarts.min.js', 'assets/preview.css', 'assets/preview.js', 'd/preview-demo.html', 'index.html']);
      assert.equal(snapshot.dashboards.length, 1);
      const page = readFileSync(path.join(out, 'd', 'preview-demo.html'), 'utf8');
      assert.match(page, /<script src="\.\.\/assets\/preview\.js"><\/script>/);
      assert.equal(payloadOf(page).live, false);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
