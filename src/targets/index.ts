// The registry of products. A new product is a folder under src/targets/ plus one line here.

import { splunk } from './splunk/render.js';
import { sumologic } from './sumologic/render.js';
import type { Target } from './target.js';

export const TARGETS: readonly Target[] = [sumologic, splunk];

export function targetNamed(name: string): Target | undefined {
  return TARGETS.find((t) => t.name === name);
}
