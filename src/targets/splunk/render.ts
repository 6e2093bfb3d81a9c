// Splunk: dist/splunk/<uid>.xml, the view stored in data/ui/views (eai:data). Simple XML by
// default; Dashboard Studio with `splunk: { format: 'studio' }` or --splunk-format studio.

import type { RenderResult, Target } from '../target.js';
import { splunkMeta } from './meta.js';
import { renderSimpleXml } from './simple-xml.js';
import { renderStudio } from './studio.js';

/** Splunk view names: letters, digits and underscores are safe everywhere. */
export function splunkViewName(uid: string): string {
  return uid.replace(/[^A-Za-z0-9_]/g, '_');
}

export const splunk: Target = {
  ...splunkMeta,
  render(d, ctx): RenderResult {
    const format = d.splunk?.format ?? ctx.options?.format ?? 'simplexml';
    const { xml, panels } = format === 'studio' ? renderStudio(d) : renderSimpleXml(d, { shareBaseSearches: true });
    return { artifacts: [{ path: `splunk/${d.uid}.xml`, content: xml }], panels };
  },
};
