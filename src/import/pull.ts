// Fetches one dashboard through a product's API, with the environment's configuration and
// credentials and the same HTTP client (budget, retries, timeouts, redaction) as publishing.

import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { Budget } from '../publish/budget.js';
import { environment, loadConfig, sumoEndpoint, type EnvironmentConfig } from '../publish/config.js';
import { authHeaders } from '../publish/credentials.js';
import { HttpClient, type HttpResponse, PublishError } from '../publish/http.js';
import type { Product } from './model.js';

export interface PullRequest {
  readonly root: string;
  readonly environment: string;
  readonly product: Product;
  /** Grafana uid, Sumo Logic or Kibana id, Splunk view name. */
  readonly id: string;
}

export interface Pulled {
  /** The document as the API returned it. */
  readonly text: string;
  /** Where it came from, for the generated file's header. */
  readonly origin: string;
}

function client(product: string, baseUrl: string, headers: Record<string, string>, caFile: string | undefined): HttpClient {
  return new HttpClient({
    product,
    baseUrl,
    headers,
    ...(caFile ? { ca: readFileSync(caFile, 'utf8') } : {}),
    budget: new Budget({ concurrency: 2, ratePerSecond: product === 'sumologic' ? 4 : 10 }),
  });
}

function checked(product: string, res: HttpResponse, what: string): string {
  if (res.status === 200) return res.text;
  if (res.status === 404) throw new UserError(`${product}: ${what} was not found (HTTP 404)`);
  if (res.status === 401 || res.status === 403) throw new UserError(`${product}: reading ${what} was refused (HTTP ${res.status}); check the credentials`);
  throw new UserError(`${product}: reading ${what} failed with HTTP ${res.status}: ${res.text.slice(0, 200)}`);
}

function configured<K extends keyof EnvironmentConfig>(env: EnvironmentConfig, product: K, name: string): NonNullable<EnvironmentConfig[K]> {
  const c = env[product];
  if (!c) throw new UserError(`environment "${name}" does not configure ${product}`);
  return c as NonNullable<EnvironmentConfig[K]>;
}

/** Reads the dashboard `id` from the product of an environment. */
export async function pullDashboard(req: PullRequest): Promise<Pulled> {
  const env = environment(await loadConfig(req.root), req.environment);
  const id = encodeURIComponent(req.id);
  let http: HttpClient | undefined;
  try {
    switch (req.product) {
      case 'grafana': {
        const g = configured(env, 'grafana', req.environment);
        http = client('grafana', g.url, { ...authHeaders('grafana', g.credentials), accept: 'application/json', ...(g.orgId ? { 'x-grafana-org-id': String(g.orgId) } : {}) }, g.caFile);
        const text = checked('grafana', await http.send({ method: 'GET', path: `/api/dashboards/uid/${id}`, idempotent: true }), `dashboard ${req.id}`);
        return { text, origin: `Grafana ${g.url} (dashboard uid ${req.id})` };
      }
      case 'sumologic': {
        const s = configured(env, 'sumologic', req.environment);
        http = client('sumologic', sumoEndpoint(s), { ...authHeaders('sumologic', s.credentials), accept: 'application/json' }, s.caFile);
        const text = checked('sumologic', await http.send({ method: 'GET', path: `/v2/dashboards/${id}`, idempotent: true }), `dashboard ${req.id}`);
        return { text, origin: `Sumo Logic ${sumoEndpoint(s)} (dashboard id ${req.id})` };
      }
      case 'kibana': {
        const k = configured(env, 'kibana', req.environment);
        const space = k.space ?? 'default';
        const prefix = space === 'default' ? '' : `/s/${encodeURIComponent(space)}`;
        http = client('kibana', k.url, { ...authHeaders('kibana', k.credentials), 'content-type': 'application/json' }, k.caFile);
        const body = JSON.stringify({ objects: [{ type: 'dashboard', id: req.id }], includeReferencesDeep: true, excludeExportDetails: true });
        const text = checked('kibana', await http.send({ method: 'POST', path: `${prefix}/api/saved_objects/_export`, body, idempotent: true, read: true }), `dashboard ${req.id} in space ${space}`);
        return { text, origin: `Kibana ${k.url} (space ${space}, dashboard ${req.id})` };
      }
      case 'splunk': {
        const s = configured(env, 'splunk', req.environment);
        const owner = encodeURIComponent(s.owner ?? 'nobody');
        http = client('splunk', s.url, authHeaders('splunk', s.credentials), s.caFile);
        const text = checked('splunk', await http.send({ method: 'GET', path: `/servicesNS/${owner}/${encodeURIComponent(s.app)}/data/ui/views/${id}`, query: { output_mode: 'json' }, idempotent: true }), `view ${req.id} in app ${s.app}`);
        return { text, origin: `Splunk ${s.url} (app ${s.app}, view ${req.id})` };
      }
    }
    throw new UserError(`cannot pull from ${String(req.product)}`);
  } catch (e) {
    if (e instanceof PublishError) throw new UserError(e.message);
    throw e;
  } finally {
    await http?.close();
  }
}
