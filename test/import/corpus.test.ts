// Round trip of every real dashboard in ../shared/corpus: import, type-check the generated
// TypeScript (one tsc run), build it for all four products, run the vendors' conformance checker,
// then read each product's own build back with the same reader and compare panel count, titles,
// kinds and layout order. Prints the share of queries recognised per product.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importDocument, type ImportResult } from '../../src/import/index.js';
import type { ImportedDashboard, Product } from '../../src/import/model.js';
import { addCounts, type Counts, countsOf, summary } from '../../src/import/report.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const CONFORMANCE = path.resolve(REPO, '..', 'shared', 'conformance', 'check.mjs');
const CLI = path.join(REPO, 'lib', 'cli', 'main.js');
const PRODUCTS: readonly Product[] = ['sumologic', 'kibana', 'splunk', 'grafana'];
/** Files that are not dashboards: importing them must say so. */
const NOT_DASHBOARDS: Record<string, RegExp> = { 'kibana/falco-logs.index-pattern.json': /no dashboard found: the file holds an index-pattern \(logs-falco\*\)/ };

interface Imported {
  readonly corpusFile: string;
  readonly product: Product;
  readonly result: ImportResult;
  readonly definition: string;
}

const haveCorpus = existsSync(CORPUS) && existsSync(CLI);
const project = mkdtempSync(path.join(os.tmpdir(), 'polydash-import-'));
const imported: Imported[] = [];
const refused: { file: string; message: string }[] = [];
let tsc: { code: number; output: string };
let build: { code: number; output: string };
const conformance = new Map<string, { ok: boolean; reason?: string }>();

after(() => (process.env.POLYDASH_KEEP_IMPORT ? process.stdout.write(`kept ${project}\n`) : rmSync(project, { recursive: true, force: true })));

function corpusFiles(): string[] {
  return PRODUCTS.flatMap((p) => readdirSync(path.join(CORPUS, p)).sort().map((f) => `${p}/${f}`));
}

function artifactPath(product: Product, uid: string): string {
  const ext = { sumologic: 'json', kibana: 'ndjson', splunk: 'xml', grafana: 'json' }[product];
  return path.join(project, 'dist', product, `${uid}.${ext}`);
}

/** The own-product build of a dashboard, read back by the same reader. */
function readBack(product: Product, d: ImportedDashboard): ImportedDashboard {
  const file = artifactPath(product, d.uid);
  const again = importDocument(readFileSync(file, 'utf8'), { from: product, origin: path.basename(file) });
  return again.file.dashboards[0]!;
}

describe('import: the corpus round trip', { skip: !haveCorpus && 'needs ../shared/corpus and a compiled lib/ (npm test compiles it)' }, () => {
  before(() => {
    mkdirSync(path.join(project, 'dashboards'), { recursive: true });
    for (const file of corpusFiles()) {
      const product = file.split('/')[0] as Product;
      const text = readFileSync(path.join(CORPUS, file), 'utf8');
      try {
        const result = importDocument(text, { origin: path.basename(file) });
        const definition = path.join('dashboards', product, `${path.basename(file).replace(/\.(json|ndjson|xml)$/, '').replace(/\./g, '-')}.ts`);
        mkdirSync(path.join(project, path.dirname(definition)), { recursive: true });
        writeFileSync(path.join(project, definition), result.code);
        imported.push({ corpusFile: file, product, result, definition });
      } catch (e) {
        refused.push({ file, message: (e as Error).message });
      }
    }
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [path.join(REPO, 'node_modules', '@types')],
          paths: { polydash: [path.join(REPO, 'src', 'index.ts')] },
        },
        include: ['dashboards'],
      }),
    );
    const t = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(project, 'tsconfig.json')], { encoding: 'utf8' });
    tsc = { code: t.status ?? -1, output: `${t.stdout}${t.stderr}` };
    const b = spawnSync(process.execPath, [CLI, 'build', '--out', 'dist'], { cwd: project, encoding: 'utf8' });
    build = { code: b.status ?? -1, output: `${b.stdout}${b.stderr}` };
    for (const p of PRODUCTS) {
      const dir = path.join(project, 'dist', p);
      if (!existsSync(dir)) continue;
      const c = spawnSync(process.execPath, [CONFORMANCE, '--quiet', `--vendor=${p}`, dir], { encoding: 'utf8', cwd: path.dirname(CONFORMANCE) });
      for (const line of c.stdout.split('\n')) {
        const m = /^(OK|FAIL) (\S+?)(?:: (.*))?$/.exec(line);
        if (m) conformance.set(path.resolve(dir, m[2]!), { ok: m[1] === 'OK', ...(m[3] ? { reason: m[3] } : {}) });
      }
    }
  });

  it('imports every dashboard file of the corpus; the data view on its own is refused with the reason', () => {
    assert.equal(imported.length + refused.length, corpusFiles().length);
    for (const r of refused) assert.match(r.message, NOT_DASHBOARDS[r.file] ?? /^$/, `${r.file} was refused: ${r.message}`);
    assert.deepEqual(refused.map((r) => r.file), Object.keys(NOT_DASHBOARDS));
    assert.equal(imported.length, 45);
  });

  it('writes definitions that type-check against the public API (one tsc run)', () => {
    assert.equal(tsc.code, 0, tsc.output);
  });

  it('builds every imported dashboard for all four products, and the conformance checker accepts every file', () => {
    assert.equal(build.code, 0, build.output);
    const uids = imported.flatMap((i) => i.result.file.dashboards.map((d) => d.uid));
    assert.equal(new Set(uids).size, uids.length, 'uids are unique across the corpus');
    for (const i of imported) {
      for (const d of i.result.file.dashboards) {
        for (const p of PRODUCTS) {
          const verdict = conformance.get(artifactPath(p, d.uid));
          assert.ok(verdict, `${i.corpusFile} › ${d.uid}: no ${p} artifact was checked`);
          assert.ok(verdict.ok, `${i.corpusFile} › ${d.uid} built for ${p}: ${verdict.reason}`);
        }
      }
    }
  });

  it('keeps panel count, titles, kinds and layout order on its own product', () => {
    for (const i of imported) {
      for (const d of i.result.file.dashboards) {
        const back = readBack(i.product, d);
        const where = `${i.corpusFile} › ${d.uid}`;
        assert.deepEqual(back.panels.map((p) => p.title), d.panels.map((p) => p.title), `${where}: titles in layout order`);
        assert.deepEqual(back.panels.map((p) => p.kind), d.panels.map((p) => p.kind), `${where}: kinds in layout order`);
        // every kind the import changed is reported: a lost query, or the closest kind named
        for (const p of d.panels) {
          const natural = p.query?.kind !== 'lost' && !p.lost.some((l) => /closest|heading|controls panel/.test(l));
          if (!natural) assert.ok(p.query?.kind === 'lost' || p.lost.length, `${where} › ${p.title}: changed kind without a reason`);
        }
      }
    }
  });

  it('reports the share of queries recognised into the neutral model, per product', () => {
    const per = new Map<Product, Counts>();
    for (const i of imported) per.set(i.product, addCounts(per.get(i.product) ?? { queries: 0, recognised: 0, approximate: 0, raw: 0, lost: 0 }, i.result.report.counts));
    const lines = PRODUCTS.map((p) => `${p}: ${summary(per.get(p)!)}`);
    const files = imported.map((i) => `${i.corpusFile}: ${i.result.file.dashboards.map((d) => summary(countsOf(i.result.report.dashboards.find((x) => x.uid === d.uid)!.panels))).join(' | ')}`);
    process.stdout.write(`\nRecognised queries per product:\n  ${lines.join('\n  ')}\nPer file:\n  ${files.join('\n  ')}\n`);
    for (const p of PRODUCTS) {
      const c = per.get(p)!;
      assert.equal(c.recognised + c.approximate + c.raw + c.lost, c.queries);
      assert.ok(c.recognised + c.approximate > 0, `${p}: some queries are recognised`);
    }
  });
});
