// Splunk: dist/splunk/<uid>.xml, the view stored in data/ui/views (eai:data). Simple XML by
// default; Dashboard Studio with `splunk: { format: 'studio' }` or --splunk-format studio.

import type { RenderResult, Target } from '../target.js';
import { renderSimpleXml } from './simple-xml.js';

/** Splunk view names: letters, digits and underscores are safe everywhere. */
export function splunkViewName(uid: string): string {
  return uid.replace(/[^A-Za-z0-9_]/g, '_');
}

export const splunk: Target = {
  name: 'splunk',
  title: 'Splunk',
  render(d): RenderResult {
    const { xml, panels } = renderSimpleXml(d, { shareBaseSearches: true });
    return { artifacts: [{ path: `splunk/${d.uid}.xml`, content: xml }], panels };
  },
};
