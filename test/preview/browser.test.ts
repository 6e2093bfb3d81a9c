// The preview in headless Chromium: every dashboard loads, every panel draws a non-empty chart
// or table, nothing is logged as an error, and a screenshot per dashboard is written under
// test-output/preview/. Skips, saying why, when Chromium (Debian's /usr/bin/chromium) or
// playwright-core is not installed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type PreviewServer, startPreviewServer } from '../../src/preview/server.js';
import { writeStaticPreview } from '../../src/preview/static.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const fixture = path.join(here, 'fixtures', 'project');
const shots = path.join(repo, 'test-output', 'preview');

// The few playwright-core calls used, typed here so type-checking does not need the package.
interface Page {
  on(event: 'console', fn: (m: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', fn: (e: Error) => void): void;
  goto(url: string): Promise<unknown>;
  evaluate<T>(fn: string): Promise<T>;
  click(selector: string): Promise<void>;
  selectOption(selector: string, value: string): Promise<unknown>;
  textContent(selector: string): Promise<string | null>;
  screenshot(options: { path: string; fullPage: boolean }): Promise<unknown>;
  close(): Promise<void>;
}
interface Browser {
  newPage(options: { viewport: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}
type Chromium = { launch(options: { executablePath: string; args: string[]; headless: boolean }): Promise<Browser> };

async function loadChromium(): Promise<Chromium | string> {
  if (!existsSync(CHROMIUM)) return `headless Chromium is not installed (${CHROMIUM}); install it with: apt-get install chromium chromium-driver`;
  const name = 'playwright-core';
  try {
    return ((await import(name)) as { chromium: Chromium }).chromium;
  } catch {
    return 'playwright-core is not installed; run npm install';
  }
}

const chromium = await loadChromium();
const skip = typeof chromium === 'string' ? chromium : false;
if (skip) process.stderr.write(`preview browser test skipped: ${skip}\n`);

interface PanelState {
  key: string;
  type: string;
  state: string;
  points: string;
}

/**
 * Waits until a page expression is true, polling from here: Playwright's own waitForFunction
 * evaluates strings inside the page, which the preview's Content-Security-Policy forbids.
 */
async function until(page: Page, expression: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    // During a reload the page has no context for a moment: that is "not yet".
    if (await page.evaluate<boolean>(expression).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens a page, waits until its script has drawn it, and returns what each panel says. */
async function openPage(page: Page, url: string, errors: string[]): Promise<PanelState[]> {
  errors.length = 0;
  await page.goto(url);
  await until(page, "document.body.classList.contains('index') || document.body.dataset.rendered !== undefined || !document.getElementById('preview-data')");
  return page.evaluate<PanelState[]>(
    "[...document.querySelectorAll('.panel')].map((p) => ({ key: p.dataset.key, type: p.dataset.type, state: p.dataset.state, points: p.dataset.points ?? '' }))",
  );
}

/** What is wrong with a drawn page: panels not drawn, console errors. */
function pageProblems(uid: string, panels: PanelState[], errors: string[]): string[] {
  if (panels.length === 0) return [`${uid}: no panels`];
  return [
    // A hand-written (raw) query cannot be evaluated: the panel says so, which is not a failure.
    ...panels.filter((p) => p.state !== 'rendered' && p.state !== 'raw').map((p) => `${uid}: panel ${p.key} (${p.type}) is ${p.state}`),
    ...errors.map((e) => `${uid}: console error: ${e}`),
  ];
}

function assertAllDrawn(uid: string, panels: PanelState[], errors: string[]): void {
  assert.deepEqual(pageProblems(uid, panels, errors), []);
}

/**
 * The pack with its sample events: the files in dashboards/samples/ when they were generated,
 * else generated now into a temporary folder by the pack's generator; without a generator, the
 * seed dashboard with the fixture events.
 */
function packInputs(temps: string[]): { inputs: string[]; eventsDir: string; note?: string } {
  const samples = path.join(repo, 'dashboards', 'samples');
  if (existsSync(samples) && readdirSync(samples).some((f) => f.endsWith('.ndjson'))) return { inputs: [], eventsDir: 'dashboards/samples' };
  const generator = path.join(samples, 'generate.ts');
  if (existsSync(generator)) {
    const out = mkdtempSync(path.join(os.tmpdir(), 'polydash-samples-'));
    temps.push(out);
    const r = spawnSync(process.execPath, ['--import', 'tsx', generator, '--out', out], { cwd: repo, encoding: 'utf8' });
    if (r.status === 0) return { inputs: [], eventsDir: out, note: `sample events generated into ${out} by dashboards/samples/generate.ts` };
    return { inputs: [], eventsDir: 'dashboards/samples', note: `dashboards/samples/generate.ts failed: ${r.stderr}` };
  }
  return {
    inputs: ['dashboards/twistlock-overview.ts'],
    eventsDir: path.relative(repo, path.join(fixture, 'dashboards', 'samples')),
    note: 'the pack has no sample events or generator: previewing the seed dashboard with the test fixture events',
  };
}

describe('polydash preview in headless Chromium', { skip }, () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const temps: string[] = [];
  const servers: PreviewServer[] = [];

  before(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await (chromium as Chromium).launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  after(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
    for (const t of temps) rmSync(t, { recursive: true, force: true });
  });

  test('every dashboard of the pack loads and every panel draws', async (t) => {
    const { inputs, eventsDir, note } = packInputs(temps);
    if (note) t.diagnostic(note);
    const server = await startPreviewServer({ root: repo, inputs, eventsDir, now: 'latest', port: 0, watch: false });
    servers.push(server);
    const snapshot = server.current();
    assert.deepEqual(snapshot.problems, [], 'definitions load');
    assert.ok(snapshot.dashboards.length > 0);

    await openPage(page, server.url, errors);
    const links = await page.evaluate<number>("document.querySelectorAll('.dashboards a').length");
    assert.equal(links, snapshot.dashboards.length);
    assert.deepEqual(errors, [], 'index: console errors');

    // Every dashboard is visited (and photographed) before the problems are reported together.
    const problems: string[] = [];
    for (const d of snapshot.dashboards) {
      const panels = await openPage(page, `${server.url}d/${d.def.uid}.html`, errors);
      await page.screenshot({ path: path.join(shots, `${d.def.uid}.png`), fullPage: true });
      problems.push(...pageProblems(d.def.uid, panels, errors));
      // The per-panel switch shows each product's compiled query and verdict.
      const first = panels.find((p) => p.type !== 'text')!;
      await page.click(`#panel-${first.key} .queries-toggle`);
      const products = await page.evaluate<string[]>(`[...document.querySelectorAll('#queries-${first.key} .tab')].map((b) => b.textContent)`);
      if (!products.includes('Sumo Logic') || !products.includes('Splunk')) problems.push(`${d.def.uid}: the Queries switch shows ${products.join(', ') || 'nothing'}`);
      const verdict = (await page.textContent(`#queries-${first.key} .product-query:not([hidden]) .verdict`)) ?? '';
      if (!/exact|approximate|unsupported/.test(verdict)) problems.push(`${d.def.uid}: no verdict in the Queries switch`);
    }
    assert.deepEqual(problems, [], `screenshots in ${path.relative(repo, shots)}/`);
  });

  test('every panel kind, the variables and the time range (fixture project, served)', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'polydash-preview-browser-'));
    temps.push(root);
    cpSync(fixture, root, { recursive: true, filter: (src) => !src.includes(`${path.sep}.polydash`) });
    const server = await startPreviewServer({ root, inputs: [], eventsDir: 'dashboards/samples', now: 'latest', port: 0 });
    servers.push(server);
    const url = `${server.url}d/preview-demo.html`;
    const panels = await openPage(page, url, errors);
    assert.deepEqual(panels.map((p) => p.type).sort(), ['bar', 'events', 'gauge', 'pie', 'singleValue', 'table', 'text', 'timeSeries']);
    await page.screenshot({ path: path.join(shots, 'preview-demo.png'), fullPage: true });
    assertAllDrawn('preview-demo', panels, errors);
    // Hand-computed from the fixture events (now = 2025-01-03T01:06:00Z, the newest): on
    // 2025-01-03, lines 10, 11, 12 and 14 hold the word "violation"; 12 and 14 are node-b's,
    // and only 14 (01:05) is in the last 15 minutes.
    assert.equal(await page.textContent('#panel-violations-latest-day .value'), '4');
    await page.selectOption('select[name="var-host"]', 'node-b');
    await until(page, "document.body.dataset.rendered === '2'");
    assert.equal(await page.textContent('#panel-violations-latest-day .value'), '2');
    assert.equal(await page.evaluate<string>("document.getElementById('panel-denied-commands-2').dataset.state"), 'empty');
    await page.selectOption('#time-range', 'last:15m');
    await until(page, "document.body.dataset.rendered === '3'");
    assert.equal(await page.textContent('#panel-violations-latest-day .value'), '1');
    assert.match(await page.evaluate<string>('location.search'), /range=last%3A15m/);
    assert.deepEqual(errors, []);
    // Editing the definition reloads the open page, which keeps the chosen range and host.
    const demo = path.join(root, 'dashboards', 'preview-demo.ts');
    writeFileSync(demo, readFileSync(demo, 'utf8').replace("title: 'Violations, latest day'", "title: 'Violations today'"));
    // (The panel's key is a slug of its title, so it changes with it.)
    await until(page, "document.querySelector('#panel-violations-today h2')?.textContent === 'Violations today' && document.body.dataset.rendered === '1'", 20_000);
    assert.equal(await page.textContent('#panel-violations-today .value'), '1');
    assert.equal(await page.evaluate<string>("document.getElementById('time-range').value"), 'last:15m');
    assert.deepEqual(errors, []);
  });

  test('the static export draws the same from files', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'polydash-preview-static-'));
    const out = mkdtempSync(path.join(os.tmpdir(), 'polydash-preview-static-out-'));
    temps.push(root, out);
    cpSync(fixture, root, { recursive: true, filter: (src) => !src.includes(`${path.sep}.polydash`) });
    await writeStaticPreview({ root, inputs: [], eventsDir: 'dashboards/samples', now: 'latest' }, out);
    const panels = await openPage(page, pathToFileURL(path.join(out, 'd', 'preview-demo.html')).href, errors);
    assertAllDrawn('preview-demo (static)', panels, errors);
  });
});
