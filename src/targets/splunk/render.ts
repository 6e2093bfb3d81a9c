// Splunk: dist/splunk/<uid>.xml, the view stored in data/ui/views (eai:data). Simple XML by
// default; Dashboard Studio with `splunk: { format: 'studio' }` or --splunk-format studio.

import type { RenderResult, Target } from '../target.js';
import { splunkMeta } from './meta.js';
import { renderSimpleXml } from './simple-xml.js';
import { renderStudio } from './studio.js';

/**
 * The Splunk view name (the dashboard id in its URL): the uid itself. Uids are letters, digits,
 * `_` and `-`, all allowed in view names, so distinct dashboards never share a view.
 */
export function splunkViewName(uid: string): string {
  return uid;
}

export const splunk: Target = {
  ...splunkMeta,
  render(d, ctx): RenderResult {
    const format = d.splunk?.format ?? ctx.options?.format ?? 'simplexml';
    const { xml, panels } = format === 'studio' ? renderStudio(d) : renderSimpleXml(d, { shareBaseSearches: true });
    return { artifacts: [{ path: `splunk/${d.uid}.xml`, content: xml }], panels };
  },
};
