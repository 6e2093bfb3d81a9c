// The registry of products. A new product is a folder under src/targets/ (with a meta.ts and a
// render module) plus one entry here. Renderers load on demand, so `polydash --help` stays fast.

import { splunkMeta } from './splunk/meta.js';
import { sumologicMeta } from './sumologic/meta.js';
import type { Target, TargetMeta } from './target.js';

export interface TargetEntry extends TargetMeta {
  load(): Promise<Target>;
}

export const TARGETS: readonly TargetEntry[] = [
  { ...sumologicMeta, load: async () => (await import('./sumologic/render.js')).sumologic },
  { ...splunkMeta, load: async () => (await import('./splunk/render.js')).splunk },
];

export function targetNamed(name: string): TargetEntry | undefined {
  return TARGETS.find((t) => t.name === name);
}
