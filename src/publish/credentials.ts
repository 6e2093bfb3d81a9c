// Credentials come from environment variables named after each product's usual conventions,
// or from files those variables point to (`<NAME>_FILE`, for mounted secrets). A config may
// rename the variables; it never holds a secret. Every value is registered for redaction.

import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { registerBasicAuth, registerSecret } from './redact.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The variables each product reads, by role. */
export const CREDENTIAL_VARIABLES = {
  sumologic: { accessId: 'SUMOLOGIC_ACCESSID', accessKey: 'SUMOLOGIC_ACCESSKEY' },
  kibana: { apiKey: 'KIBANA_API_KEY', username: 'KIBANA_USERNAME', password: 'KIBANA_PASSWORD' },
  splunk: { token: 'SPLUNK_TOKEN', username: 'SPLUNK_USERNAME', password: 'SPLUNK_PASSWORD' },
  grafana: { token: 'GRAFANA_TOKEN', username: 'GRAFANA_USERNAME', password: 'GRAFANA_PASSWORD' },
} as const;

type Product = keyof typeof CREDENTIAL_VARIABLES;

function read(env: Env, name: string): string | undefined {
  const direct = env[name];
  if (direct !== undefined && direct !== '') return direct.trim();
  const file = env[`${name}_FILE`];
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new UserError(`${name}_FILE names ${file}, which cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  return undefined;
}

function basic(user: string, secret: string): string {
  registerBasicAuth(user, secret);
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}

/**
 * The authentication headers for a product. `names` renames the variables (from the config's
 * `credentials`), e.g. `{ token: 'GRAFANA_PROD_TOKEN' }`.
 */
export function authHeaders(product: Product, names: Readonly<Record<string, string>> = {}, env: Env = process.env): Record<string, string> {
  const v = { ...CREDENTIAL_VARIABLES[product], ...names } as Record<string, string>;
  const get = (role: string): string | undefined => read(env, v[role]!);
  const missing = (roles: string[]): never => {
    throw new UserError(`${product}: no credentials; set ${roles.map((r) => v[r]).join(' and ')} (or ${roles.map((r) => `${v[r]}_FILE`).join(' and ')}) in the environment`);
  };
  switch (product) {
    case 'sumologic': {
      const id = get('accessId');
      const key = get('accessKey');
      if (!id || !key) return missing(['accessId', 'accessKey']);
      registerSecret(id);
      return { authorization: basic(id, key) };
    }
    case 'kibana': {
      const apiKey = get('apiKey');
      if (apiKey) {
        registerSecret(apiKey);
        return { authorization: `ApiKey ${apiKey}`, 'kbn-xsrf': 'true' };
      }
      const user = get('username');
      const password = get('password');
      if (!user || !password) return missing(['apiKey']);
      return { authorization: basic(user, password), 'kbn-xsrf': 'true' };
    }
    case 'splunk':
    case 'grafana': {
      const token = get('token');
      if (token) {
        registerSecret(token);
        return { authorization: `Bearer ${token}` };
      }
      const user = get('username');
      const password = get('password');
      if (!user || !password) return missing(['token']);
      return { authorization: basic(user, password) };
    }
  }
}
