// The preview's HTML pages, from the handlebars templates in templates/preview/. Templates
// escape every value; the only unescaped insertions are the payload (script-safe JSON) and
// text panels (markdown rendered by src/render/markdown.ts, which escapes all source text).

import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { LocatedIssue } from '../build/build.js';
import { formatIssue } from '../cli/format.js';
import { markdownToHtml } from '../render/markdown.js';
import { TEMPLATE_DIR } from './assets.js';
import { compiledQueries } from './compiled.js';
import type { EventProblem } from './events/ndjson.js';
import { type PagePayload, scriptSafeJson } from './payload.js';
import { type PreviewDashboard, type Snapshot, sourcesOf } from './snapshot.js';

export interface PageOptions {
  /** Served (with live reload) or written as static files. */
  readonly live: boolean;
  readonly eventsDir: string;
}

let env: typeof Handlebars | undefined;
const templates = new Map<string, HandlebarsTemplateDelegate>();

function template(name: 'index' | 'dashboard'): HandlebarsTemplateDelegate {
  if (!env) {
    env = Handlebars.create();
    for (const partial of ['head', 'problems']) env.registerPartial(partial, readFileSync(new URL(`${partial}.hbs`, TEMPLATE_DIR), 'utf8'));
  }
  let t = templates.get(name);
  if (!t) templates.set(name, (t = env.compile(readFileSync(new URL(`${name}.hbs`, TEMPLATE_DIR), 'utf8'), { strict: false })));
  return t;
}

/** Page addresses, the same served and static: `index.html`, `d/<uid>.html`, `assets/...`. */
export const dashboardHref = (uid: string): string => `d/${encodeURIComponent(uid)}.html`;

const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');

function issueView(i: LocatedIssue): { where: string; message: string } {
  const [where, ...rest] = formatIssue(i).split('\n');
  return { where: where!, message: rest.join('\n').trim() };
}

function eventProblemView(p: EventProblem): { where: string; message: string } {
  return { where: `${p.file}${p.line !== undefined ? `:${p.line}` : ''}`, message: p.message };
}

export function renderIndex(s: Snapshot, options: PageOptions): string {
  const dashboards = s.dashboards.map((d) => ({
    uid: d.def.uid,
    title: d.def.title,
    description: d.def.description,
    file: d.file,
    href: dashboardHref(d.def.uid),
    panelCount: d.def.panels.length,
    invalid: d.issues.length > 0,
    issueCount: d.issues.length,
    oneIssue: d.issues.length === 1,
    eventProblems: sourcesOf(d.def).some((src) => (s.events.get(src.id)?.problems.length ?? 0) > 0),
  }));
  return template('index')({
    assets: 'assets',
    live: options.live,
    generation: s.generation,
    dashboards,
    single: dashboards.length === 1,
    now: iso(s.now),
    nowSource: s.nowSource,
    eventsDir: options.eventsDir,
    problemsTitle: 'Definitions that could not be loaded',
    problems: [...s.problems, ...s.dashboards.flatMap((d) => d.issues)].map(issueView),
  });
}

function gridStyle(p: PreviewDashboard['def']['panels'][number]): string {
  const { x, y, w, h } = p.gridPos;
  return `grid-column: ${x + 1} / span ${w}; grid-row: ${y + 1} / span ${h};`;
}

/** Pages are rendered once per snapshot: a snapshot never changes, a change makes a new one. */
const rendered = new WeakMap<Snapshot, Map<string, Promise<{ status: number; html: string }>>>();

export function renderDashboard(s: Snapshot, uid: string, options: PageOptions): Promise<{ status: number; html: string }> {
  let pages = rendered.get(s);
  if (!pages) rendered.set(s, (pages = new Map()));
  const key = `${options.live}\u0000${options.eventsDir}\u0000${uid}`;
  let page = pages.get(key);
  if (!page) {
    page = renderDashboardPage(s, uid, options);
    pages.set(key, page);
    page.catch(() => pages.delete(key)); // a failure is retried on the next request
  }
  return page;
}

async function renderDashboardPage(s: Snapshot, uid: string, options: PageOptions): Promise<{ status: number; html: string }> {
  const d = s.dashboards.find((x) => x.def.uid === uid);
  const common = { assets: '../assets', home: '../index.html', live: options.live, generation: s.generation, now: iso(s.now), nowSource: s.nowSource };
  if (!d) {
    return {
      status: 404,
      html: template('dashboard')({ ...common, title: `No dashboard "${uid}"`, uid, panels: [], problemsTitle: 'Definitions that could not be loaded', problems: s.problems.map(issueView) }),
    };
  }
  const def = d.def;
  if (d.issues.length) {
    return {
      status: 200,
      html: template('dashboard')({ ...common, title: def.title, uid, file: d.file, panels: [], problemsTitle: 'This dashboard does not validate', problems: d.issues.map(issueView) }),
    };
  }
  const sources = sourcesOf(def);
  const eventSets = sources.map((src) => s.events.get(src.id)).filter((e) => e !== undefined);
  const payload: PagePayload = {
    live: options.live,
    now: s.now,
    dashboard: def,
    events: Object.fromEntries(eventSets.map((e) => [e.sourceId, e.events])),
    compiled: await compiledQueries(def),
  };
  const html = template('dashboard')({
    ...common,
    title: def.title,
    uid,
    description: def.description,
    file: d.file,
    tags: def.tags,
    problemsTitle: 'Sample events that could not be read',
    problems: eventSets.flatMap((e) => e.problems).map(eventProblemView),
    panels: def.panels.map((p) => ({
      key: p.key,
      type: p.type,
      title: p.title,
      description: p.description ?? '',
      style: gridStyle(p),
      queried: p.type !== 'text',
      header: p.type !== 'text' || p.title !== '',
      ...(p.type === 'text' ? { html: markdownToHtml(p.markdown) } : {}),
    })),
    payload: scriptSafeJson(payload),
  });
  return { status: 200, html };
}
