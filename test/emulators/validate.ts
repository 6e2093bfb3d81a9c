// Payload validators for the emulators. With ../shared/conformance next to the repository, the
// payload is written to a temporary file and the conformance checker of that product runs on it
// in-process (the same rules as `node check.mjs`). Without it, basic structural checks written
// here stand in: required fields, JSON-in-string fields that parse, XML well-formedness. They
// are much weaker than the conformance checkers, and `source` says which ones are in use.

import { existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkXml } from './xml-wellformed.js';

export type ProductName = 'sumologic' | 'kibana' | 'splunk' | 'grafana';

/**
 * Reasons the payload would be refused; empty when it is fine. Payloads: Sumo the
 * DashboardRequest JSON, Kibana the NDJSON import file, Splunk the eai:data XML, Grafana the
 * POST /api/dashboards/db body. Kibana reasons that start with `line <n>` concern the object on
 * line n of the file; others concern the whole file.
 */
export type PayloadValidator = (payload: string) => Promise<string[]>;

export interface Validators {
  readonly source: 'conformance' | 'basic';
  readonly sumologic: PayloadValidator;
  readonly kibana: PayloadValidator;
  readonly splunk: PayloadValidator;
  readonly grafana: PayloadValidator;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the conformance checker lives when the repository sits next to `shared/`. */
export const CONFORMANCE_DIR = path.resolve(repoRoot, '..', 'shared', 'conformance');

export function conformanceAvailable(dir = CONFORMANCE_DIR): boolean {
  return existsSync(path.join(dir, 'check.mjs'));
}

interface ConformanceReport {
  readonly errors: unknown[];
}
type Checker = (file: string, report: ConformanceReport) => unknown;

const EXTENSIONS: Record<ProductName, string> = { sumologic: '.json', kibana: '.ndjson', splunk: '.xml', grafana: '.json' };
const CHECKERS: Record<ProductName, [module: string, name: string]> = {
  sumologic: ['sumologic.mjs', 'checkSumo'],
  kibana: ['kibana.mjs', 'checkKibana'],
  splunk: ['splunk.mjs', 'checkSplunk'],
  grafana: ['grafana.mjs', 'checkGrafana'],
};

/**
 * The conformance checkers when `dir/check.mjs` exists, otherwise the basic checks (see
 * `source`). Modules are imported by file URL, so they resolve their own dependencies from the
 * conformance folder's node_modules.
 */
export async function conformanceValidators(dir = CONFORMANCE_DIR): Promise<Validators> {
  if (!conformanceAvailable(dir)) return basicValidators();
  const lib = (name: string) => pathToFileURL(path.join(dir, 'lib', name)).href;
  const { Report } = (await import(lib('util.mjs'))) as { Report: new () => ConformanceReport };
  let tmp: string | undefined;
  let n = 0;
  const tempFile = (ext: string) => {
    if (!tmp) {
      const dirName = mkdtempSync(path.join(os.tmpdir(), 'polydash-emulator-'));
      tmp = dirName;
      process.once('exit', () => rmSync(dirName, { recursive: true, force: true }));
    }
    return path.join(tmp, `payload-${++n}${ext}`);
  };
  const make = async (product: ProductName): Promise<PayloadValidator> => {
    const [file, name] = CHECKERS[product];
    const check = ((await import(lib(file))) as Record<string, Checker>)[name]!;
    return async (payload) => {
      const f = tempFile(EXTENSIONS[product]);
      writeFileSync(f, payload);
      try {
        const report = new Report();
        await check(f, report);
        return report.errors.map((e) => String(e).replace(/\s+/g, ' '));
      } finally {
        unlinkSync(f);
      }
    };
  };
  return {
    source: 'conformance',
    sumologic: await make('sumologic'),
    kibana: await make('kibana'),
    splunk: await make('splunk'),
    grafana: await make('grafana'),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function parseJsonText(text: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function embedded(out: string[], where: string, v: unknown, expect: 'object' | 'array'): unknown {
  if (typeof v !== 'string') {
    out.push(`${where} must be a JSON string`);
    return undefined;
  }
  const { value, error } = parseJsonText(v);
  if (error) out.push(`${where} is not valid JSON: ${error}`);
  else if (expect === 'array' ? !Array.isArray(value) : !isObject(value)) out.push(`${where} must encode a JSON ${expect}`);
  return value;
}

function basicSumo(payload: string): string[] {
  const out: string[] = [];
  const { value: doc, error } = parseJsonText(payload);
  if (error || !isObject(doc)) return [`not a JSON object${error ? `: ${error}` : ''}`];
  if (typeof doc.title !== 'string' || doc.title.length < 1 || doc.title.length > 255) out.push('/title: required, 1-255 characters');
  if (!isObject(doc.timeRange) || typeof doc.timeRange.type !== 'string') out.push('/timeRange: required, with a type');
  if (doc.folderId !== undefined && !(typeof doc.folderId === 'string' && /^[0-9A-Fa-f]+$/.test(doc.folderId))) out.push('/folderId: must be hexadecimal');
  const keys = new Set<string>();
  const panels = Array.isArray(doc.panels) ? doc.panels : [];
  panels.forEach((p, i) => {
    if (!isObject(p) || typeof p.key !== 'string' || typeof p.panelType !== 'string') return out.push(`/panels/${i}: needs key and panelType`);
    keys.add(p.key);
    if (p.visualSettings !== undefined) embedded(out, `/panels/${i}/visualSettings`, p.visualSettings, 'object');
    if (p.panelType === 'SumoSearchPanel') {
      const qs = Array.isArray(p.queries) ? p.queries : undefined;
      if (!qs) out.push(`/panels/${i}/queries: required`);
      qs?.forEach((q, k) => {
        if (!isObject(q) || typeof q.queryKey !== 'string' || typeof q.queryString !== 'string' || typeof q.queryType !== 'string') out.push(`/panels/${i}/queries/${k}: needs queryKey, queryString and queryType`);
      });
    }
    if (p.panelType === 'TextPanel' && typeof p.text !== 'string') out.push(`/panels/${i}/text: required`);
  });
  if (doc.layout !== undefined) {
    const l = doc.layout;
    if (!isObject(l) || l.layoutType !== 'Grid' || !Array.isArray(l.layoutStructures)) out.push('/layout: needs layoutType Grid and layoutStructures');
    else {
      l.layoutStructures.forEach((s, i) => {
        if (!isObject(s) || typeof s.key !== 'string') return out.push(`/layout/layoutStructures/${i}: needs key and structure`);
        if (!keys.has(s.key)) out.push(`/layout/layoutStructures/${i}: no panel has key "${s.key}"`);
        embedded(out, `/layout/layoutStructures/${i}/structure`, s.structure, 'object');
      });
    }
  }
  return out;
}

function basicKibana(payload: string): string[] {
  const out: string[] = [];
  payload.split('\n').forEach((line, n) => {
    if (!line.trim()) return;
    const at = `line ${n + 1}`;
    const { value: o, error } = parseJsonText(line);
    if (error || !isObject(o)) return out.push(`${at}: not a JSON object`);
    if (o.type === undefined && 'exportedCount' in o) return;
    if (typeof o.id !== 'string' || !o.id) out.push(`${at}: needs a string id`);
    if (typeof o.type !== 'string') out.push(`${at}: needs a type`);
    if (!isObject(o.attributes)) return out.push(`${at}: attributes must be an object`);
    if (!Array.isArray(o.references)) out.push(`${at}: references must be an array`);
    if (o.type === 'dashboard') {
      const a = o.attributes;
      if (typeof a.title !== 'string' || !a.title) out.push(`${at}: attributes.title required`);
      if (a.panelsJSON !== undefined) embedded(out, `${at}: attributes.panelsJSON`, a.panelsJSON, 'array');
      if (a.optionsJSON !== undefined) embedded(out, `${at}: attributes.optionsJSON`, a.optionsJSON, 'object');
      const meta = a.kibanaSavedObjectMeta;
      if (isObject(meta) && meta.searchSourceJSON !== undefined) embedded(out, `${at}: attributes.kibanaSavedObjectMeta.searchSourceJSON`, meta.searchSourceJSON, 'object');
    }
  });
  return out;
}

function basicSplunk(payload: string): string[] {
  const r = checkXml(payload);
  if (!r.ok) return [`line ${r.line}: XML not well-formed: ${r.message}`];
  const root = r.summary.root;
  if (root !== 'dashboard' && root !== 'form') return [`root element must be <dashboard> or <form>, got <${root}>`];
  if (root === 'dashboard' && /<fieldset[\s>]/.test(payload)) return ['<fieldset> is only allowed in <form>'];
  return [];
}

function basicGrafana(payload: string): string[] {
  const out: string[] = [];
  const { value: body, error } = parseJsonText(payload);
  if (error || !isObject(body)) return [`not a JSON object${error ? `: ${error}` : ''}`];
  const dash = isObject(body.dashboard) ? body.dashboard : undefined;
  if (!dash) return ['/dashboard: required object'];
  if ('meta' in body) out.push('/meta: do not post the "meta" block back');
  if (typeof dash.title !== 'string' || !dash.title.trim()) out.push('/dashboard/title: required');
  if (dash.uid !== undefined && !(typeof dash.uid === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(dash.uid))) out.push('/dashboard/uid: 1-40 characters [A-Za-z0-9_-]');
  const ids = new Set<unknown>();
  const panels = Array.isArray(dash.panels) ? dash.panels : [];
  panels.forEach((p, i) => {
    if (!isObject(p) || typeof p.type !== 'string') return out.push(`/dashboard/panels/${i}: needs a type`);
    if (p.id !== undefined && ids.has(p.id)) out.push(`/dashboard/panels/${i}: duplicate id ${String(p.id)}`);
    ids.add(p.id);
    const g = p.gridPos;
    if (!isObject(g) || [g.x, g.y, g.w, g.h].some((v) => typeof v !== 'number')) out.push(`/dashboard/panels/${i}/gridPos: needs x, y, w, h`);
    else if ((g.x as number) + (g.w as number) > 24) out.push(`/dashboard/panels/${i}/gridPos: wider than 24 columns`);
  });
  return out;
}

/** Structural checks written for the emulators, used when the conformance checker is absent. */
export function basicValidators(): Validators {
  const wrap = (f: (p: string) => string[]): PayloadValidator => async (p) => f(p);
  return { source: 'basic', sumologic: wrap(basicSumo), kibana: wrap(basicKibana), splunk: wrap(basicSplunk), grafana: wrap(basicGrafana) };
}
