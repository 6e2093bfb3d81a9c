// The searches of a Splunk dashboard: each panel's SPL, and one shared base search (with
// post-process searches) for panels that read the same events, to spend one search job
// instead of several.

import type { PanelDef, TimeRange } from '../../model/types.js';
import { compileQuery } from '../../query/compile.js';
import { latestBucketQuery, seriesQuery } from '../../query/derive.js';
import type { Diagnostic, Fidelity } from '../../query/fidelity.js';
import { mapQuery } from '../../query/mapping.js';
import type { PanelQuery, Query } from '../../query/nodes.js';
import { splField } from '../../query/printers/spl-escape.js';
import { predicates } from '../../query/tree.js';

export interface PanelSearch {
  readonly fidelity: Fidelity;
  readonly diagnostics: readonly Diagnostic[];
  /** The whole search; undefined when unsupported. */
  readonly spl?: string;
  /** Set when the panel post-processes a shared base search. */
  readonly base?: { readonly id: string; readonly query: string };
}

export interface BaseSearch {
  readonly id: string;
  readonly query: string;
}

/** Dashboard time as Splunk time modifiers. */
export function splunkTime(t: TimeRange): { earliest: string; latest: string } {
  if (t.kind === 'relative') return { earliest: `-${t.last}`, latest: 'now' };
  return { earliest: String(Date.parse(t.from) / 1000), latest: String(Date.parse(t.to) / 1000) };
}

/** The query a panel kind needs Splunk to run (charts want wide series, single values one row). */
export function panelQueryFor(panel: PanelDef & { query: PanelQuery }): PanelQuery {
  if (panel.query.kind !== 'query') return panel.query;
  if (panel.type === 'singleValue' || panel.type === 'gauge') return latestBucketQuery(panel.query);
  if (panel.type === 'timeSeries' || panel.type === 'bar') return seriesQuery(panel.query);
  return panel.query;
}

/** Index of the first `|` outside quotes and tokens: where the search command ends. */
function firstPipe(spl: string): number {
  let quote: string | undefined;
  for (let i = 0; i < spl.length; i++) {
    const c = spl[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '$') i = spl.indexOf('$', i + 1); // a token such as $host|s$
    else if (c === '|') return i;
  }
  return -1;
}

/** Fields a post-process search needs from its base (non-extracted ones; _time and _raw always). */
function fieldsUsed(q: Query): string[] {
  const mapped = mapQuery(q, 'splunk');
  const names = new Set<string>(['_time', '_raw']);
  const add = (f: { name: string; extracted?: boolean } | undefined): void => {
    if (f && !f.extracted) names.add(f.name);
  };
  for (const p of predicates(mapped.postFilter)) if ('field' in p) add(p.field);
  for (const e of mapped.extract) add(e.input);
  mapped.aggregate?.measures.forEach((m) => add(m.field));
  mapped.aggregate?.by.forEach(add);
  return [...names];
}

interface Compiled {
  readonly panel: PanelDef;
  readonly query: PanelQuery;
  readonly fidelity: Fidelity;
  readonly diagnostics: readonly Diagnostic[];
  readonly spl?: string;
}

/**
 * Compiles every panel and shares base searches: two or more panels whose search command is
 * identical and that transform the events afterwards read them from one base search.
 */
export function panelSearches(panels: readonly PanelDef[], options: { shareBaseSearches: boolean }): { searches: Map<string, PanelSearch>; bases: BaseSearch[] } {
  const compiled: Compiled[] = panels.flatMap((panel) => {
    if (panel.type === 'text') return [];
    const query = panelQueryFor(panel);
    const c = compileQuery(query, 'splunk');
    return [{ panel, query, fidelity: c.fidelity, diagnostics: c.diagnostics, ...(typeof c.output === 'string' ? { spl: c.output } : {}) }];
  });
  const groups = new Map<string, Compiled[]>();
  if (options.shareBaseSearches) {
    for (const c of compiled) {
      if (!c.spl || c.query.kind !== 'query' || !c.query.aggregate) continue;
      const cut = firstPipe(c.spl);
      if (cut < 0) continue;
      const head = c.spl.slice(0, cut).trim();
      groups.set(head, [...(groups.get(head) ?? []), c]);
    }
  }
  const bases: BaseSearch[] = [];
  const searches = new Map<string, PanelSearch>();
  for (const [head, members] of groups) {
    if (members.length < 2) continue;
    const fields = [...new Set(members.flatMap((m) => fieldsUsed(m.query as Query)))].map(splField);
    const base = { id: `base${bases.length + 1}`, query: `${head} | fields ${fields.join(', ')}` };
    bases.push(base);
    for (const m of members) {
      const note: Diagnostic = {
        code: 'splunk.base-search',
        severity: 'info',
        message: `post-processes the shared base search ${base.id} (${members.length} panels, one search job); Splunk keeps the first 500,000 events of a non-transforming base search`,
      };
      searches.set(m.panel.key, { fidelity: m.fidelity, diagnostics: [...m.diagnostics, note], spl: m.spl!.slice(firstPipe(m.spl!) + 1).trim(), base });
    }
  }
  for (const c of compiled) {
    if (!searches.has(c.panel.key)) searches.set(c.panel.key, { fidelity: c.fidelity, diagnostics: c.diagnostics, ...(c.spl ? { spl: c.spl } : {}) });
  }
  return { searches, bases };
}
