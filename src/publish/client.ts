// The HTTP client of one product in one environment: its base URL and headers, the extra CA it
// trusts, and its request budget (the environment's, else the product's own defaults).

import { readFileSync } from 'node:fs';
import { Budget } from './budget.js';
import type { RequestBudget } from './config.js';
import { HttpClient } from './http.js';

export interface ClientSettings {
  readonly caFile?: string;
  readonly budget?: RequestBudget;
}

export function productClient(
  product: string,
  env: ClientSettings,
  baseUrl: string,
  headers: Readonly<Record<string, string>>,
  defaults: { readonly concurrency: number; readonly perSecond?: number },
): HttpClient {
  const perSecond = env.budget?.perSecond ?? defaults.perSecond;
  return new HttpClient({
    product,
    baseUrl,
    headers,
    ...(env.caFile ? { ca: readFileSync(env.caFile, 'utf8') } : {}),
    budget: new Budget({ concurrency: env.budget?.concurrency ?? defaults.concurrency, ...(perSecond ? { ratePerSecond: perSecond } : {}) }),
  });
}
