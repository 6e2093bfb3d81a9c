// splunkd's answer formats: the JSON envelope of `output_mode=json` ({links, origin, updated,
// generator, entry[], paging, messages}) and, without it, the Atom feed splunkd answers by
// default. Errors are {messages:[{type,text}]} or <response><messages><msg>.

import { createHash } from 'node:crypto';
import type { Reply } from './server.js';
import { splunkTime } from './splunk-state.js';
import { checkXml } from './xml-wellformed.js';

export interface Entry {
  readonly name: string;
  /** Path of the entry, e.g. /servicesNS/nobody/search/data/ui/views/x. */
  readonly path: string;
  readonly updated: string;
  readonly author: string;
  readonly acl: Record<string, unknown>;
  readonly content: Record<string, unknown>;
}

export interface Feed {
  readonly title: string;
  /** Path of the collection. */
  readonly path: string;
  readonly entries: readonly Entry[];
  readonly total?: number;
  readonly perPage?: number;
  readonly offset?: number;
}

export const SPLUNK_VERSION = '9.3.2';
const BUILD = 'd8bb32809498';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function wantsJson(mode: string | null | undefined): boolean {
  return mode === 'json';
}

export function splunkError(status: number, text: string, json: boolean, type = 'ERROR'): Reply {
  if (json) return { status, json: { messages: [{ type, text }] } };
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n  <messages>\n    <msg type="${type}">${escapeXml(text)}</msg>\n  </messages>\n</response>\n`;
  return { status, headers: { 'Content-Type': 'text/xml; charset=UTF-8' }, raw: xml };
}

function links(path: string): Record<string, string> {
  return { alternate: path, list: path, _reload: `${path}/_reload`, edit: path, remove: path, move: `${path}/move` };
}

function dictXml(value: unknown, indent: string): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return `\n${indent}<s:list>${value.map((v) => `\n${indent}  <s:item>${escapeXml(String(v))}</s:item>`).join('')}\n${indent}</s:list>\n${indent.slice(2)}`;
  if (typeof value === 'object') {
    const keys = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `\n${indent}  <s:key name="${escapeXml(k)}">${dictXml(v, `${indent}    `)}</s:key>`)
      .join('');
    return `\n${indent}<s:dict>${keys}\n${indent}</s:dict>\n${indent.slice(2)}`;
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  return escapeXml(String(value));
}

export function feedReply(status: number, feed: Feed, base: string, json: boolean): Reply {
  const updated = splunkTime();
  const total = feed.total ?? feed.entries.length;
  if (json) {
    return {
      status,
      json: {
        links: { create: `${feed.path}/_new`, _reload: `${feed.path}/_reload`, _acl: `${feed.path}/_acl` },
        origin: `${base}${feed.path}`,
        updated,
        generator: { build: BUILD, version: SPLUNK_VERSION },
        entry: feed.entries.map((e) => ({ name: e.name, id: `${base}${e.path}`, updated: e.updated, links: links(e.path), author: e.author, acl: e.acl, content: e.content })),
        paging: { total, perPage: feed.perPage ?? 30, offset: feed.offset ?? 0 },
        messages: [],
      },
    };
  }
  const entries = feed.entries
    .map((e) => {
      const content = { ...e.content, 'eai:acl': e.acl };
      const linkXml = Object.entries(links(e.path))
        .map(([rel, href]) => `\n    <link href="${escapeXml(href)}" rel="${rel}"/>`)
        .join('');
      return `\n  <entry>\n    <title>${escapeXml(e.name)}</title>\n    <id>${escapeXml(base + e.path)}</id>\n    <updated>${e.updated}</updated>${linkXml}\n    <author>\n      <name>${escapeXml(e.author)}</name>\n    </author>\n    <content type="text/xml">${dictXml(content, '      ')}</content>\n  </entry>`;
    })
    .join('');
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xmlns:s="http://dev.splunk.com/ns/rest" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">\n` +
    `  <title>${escapeXml(feed.title)}</title>\n  <id>${escapeXml(base + feed.path)}</id>\n  <updated>${updated}</updated>\n  <generator build="${BUILD}" version="${SPLUNK_VERSION}"/>\n  <author>\n    <name>Splunk</name>\n  </author>\n` +
    `  <opensearch:totalResults>${total}</opensearch:totalResults>\n  <opensearch:itemsPerPage>${feed.perPage ?? 30}</opensearch:itemsPerPage>\n  <opensearch:startIndex>${feed.offset ?? 0}</opensearch:startIndex>\n  <s:messages/>${entries}\n</feed>\n`;
  return { status, headers: { 'Content-Type': 'text/xml; charset=UTF-8' }, raw: xml };
}

/** The content fields splunkd derives from a view's XML. */
export function viewContent(app: string, owner: string, xml: string): Record<string, unknown> {
  const parsed = checkXml(xml);
  const summary = parsed.ok ? parsed.summary : undefined;
  return {
    disabled: false,
    'eai:acl': null,
    'eai:appName': app,
    'eai:data': xml,
    'eai:digest': createHash('md5').update(xml).digest('hex'),
    'eai:type': 'views',
    'eai:userName': owner,
    isDashboard: summary ? ['dashboard', 'form'].includes(summary.root) : false,
    isVisible: true,
    label: summary?.label ?? '',
    rootNode: summary?.root ?? '',
    version: summary?.rootAttributes.version ?? '',
  };
}
