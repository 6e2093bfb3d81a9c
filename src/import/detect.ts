// Which product an exported file comes from, from its content alone.

import { UserError } from '../errors.js';
import type { Product } from './model.js';

export type Parsed =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'ndjson'; readonly value: unknown[] }
  | { readonly kind: 'xml'; readonly text: string };

export function parseDocument(text: string): Parsed {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('<')) return { kind: 'xml', text: trimmed };
  try {
    return { kind: 'json', value: JSON.parse(trimmed) };
  } catch {
    const lines = trimmed.split('\n').filter((l) => l.trim());
    try {
      return { kind: 'ndjson', value: lines.map((l) => JSON.parse(l)) };
    } catch {
      throw new UserError('the file is neither JSON, NDJSON nor XML');
    }
  }
}

function has(o: unknown, key: string): boolean {
  return typeof o === 'object' && o !== null && key in o;
}

export function detectProduct(doc: Parsed): Product {
  if (doc.kind === 'xml') return 'splunk';
  if (doc.kind === 'ndjson') return 'kibana';
  const v = doc.value as Record<string, unknown>;
  if (Array.isArray(v)) {
    if (v.some((o) => has(o, '_source') || has(o, 'attributes'))) return 'kibana';
    throw new UserError('a JSON array that is not a Kibana export');
  }
  if (typeof v !== 'object' || v === null) throw new UserError('the JSON is not an object');
  const type = typeof v.type === 'string' ? v.type : '';
  if (/SyncDefinition$|^Report$|^Folder$/.test(type) || has(v, 'layoutStructures') || has(v, 'layout') && has(v, 'panels') && Array.isArray(v.panels) && (v.panels as unknown[]).some((p) => has(p, 'panelType'))) return 'sumologic';
  if (has(v, 'attributes') && (type === 'dashboard' || type === 'lens' || type === 'search' || type === 'visualization' || type === 'index-pattern')) return 'kibana';
  if (has(v, 'panelsJSON')) return 'kibana';
  if (has(v, 'visualizations') && has(v, 'dataSources')) return 'splunk';
  if (has(v, 'dashboard') && has(v.dashboard, 'panels')) return 'grafana';
  if (has(v, 'panels') || has(v, 'schemaVersion') || has(v, 'templating')) return 'grafana';
  if (has(v, 'entry')) return 'splunk';
  throw new UserError('cannot tell which product the file comes from; give --from sumologic|kibana|splunk|grafana');
}
