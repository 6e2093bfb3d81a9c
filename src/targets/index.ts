// The registry of products. A new product is a folder under src/targets/ (with a meta.ts and a
// render module) plus one entry here. Renderers load on demand, so `polydash --help` stays fast.

import { grafanaMeta } from './grafana/meta.js';
import { kibanaMeta } from './kibana/meta.js';
import { splunkMeta } from './splunk/meta.js';
import { sumologicMeta } from './sumologic/meta.js';
import type { Target, TargetMeta, TargetPublishing } from './target.js';

export interface TargetEntry extends TargetMeta {
  load(): Promise<Target>;
  /** Absent while a product cannot be published to yet. */
  loadPublishing?(): Promise<TargetPublishing>;
}

export const TARGETS: readonly TargetEntry[] = [
  {
    ...sumologicMeta,
    load: async () => (await import('./sumologic/render.js')).sumologic,
    loadPublishing: async () => (await import('./sumologic/publish.js')).sumologicPublishing,
  },
  {
    ...splunkMeta,
    load: async () => (await import('./splunk/render.js')).splunk,
    loadPublishing: async () => (await import('./splunk/publish.js')).splunkPublishing,
  },
  {
    ...kibanaMeta,
    load: async () => (await import('./kibana/render.js')).kibana,
    loadPublishing: async () => (await import('./kibana/publish.js')).kibanaPublishing,
  },
  {
    ...grafanaMeta,
    load: async () => (await import('./grafana/render.js')).grafana,
    loadPublishing: async () => (await import('./grafana/publish.js')).grafanaPublishing,
  },
];

export function targetNamed(name: string): TargetEntry | undefined {
  return TARGETS.find((t) => t.name === name);
}
