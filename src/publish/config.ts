// polydash.config.ts: where each environment's products live. Credentials never go here:
// they come from environment variables (or files those variables name), see credentials.ts.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { importTypeScript } from '../build/load.js';
import { UserError } from '../errors.js';
import { issueValidator } from '../model/schema.js';
import type { AccessDef } from '../model/types.js';

/** Sumo Logic deployments and their API hosts. */
export const SUMO_REGIONS = {
  us1: 'https://api.sumologic.com/api',
  us2: 'https://api.us2.sumologic.com/api',
  au: 'https://api.au.sumologic.com/api',
  ca: 'https://api.ca.sumologic.com/api',
  de: 'https://api.de.sumologic.com/api',
  eu: 'https://api.eu.sumologic.com/api',
  fed: 'https://api.fed.sumologic.com/api',
  in: 'https://api.in.sumologic.com/api',
  jp: 'https://api.jp.sumologic.com/api',
  kr: 'https://api.kr.sumologic.com/api',
  ch: 'https://api.ch.sumologic.com/api',
} as const;

/** Requests per second and in flight, per product. */
export interface RequestBudget {
  readonly perSecond?: number;
  readonly concurrency?: number;
}

interface Common {
  /** A PEM file of extra certificate authorities to trust (TLS verification stays on). */
  readonly caFile?: string;
  readonly budget?: RequestBudget;
  /** Names of the environment variables holding this product's credentials, when not the usual ones. */
  readonly credentials?: Readonly<Record<string, string>>;
  /**
   * Each logical group of the dashboards' `access`, as this product names it: a Sumo Logic role,
   * a Splunk role, a Grafana team (`team:secops`), basic role (`role:Viewer`) or user
   * (`user:alice`), a Kibana space id.
   */
  readonly groups?: Readonly<Record<string, string>>;
  /**
   * Let dashboards be seen by more than their `access` says where this product cannot restrict
   * them as configured (a group without a principal here, a folder shared more widely). Off:
   * such a dashboard fails the plan instead.
   */
  readonly allowWiderAccess?: boolean;
}

export interface SumoEnvironment extends Common {
  /** `us1`, `us2`, `eu`, ... or give `endpoint`. */
  readonly region?: keyof typeof SUMO_REGIONS;
  /** API base URL, e.g. `https://api.us2.sumologic.com/api`. */
  readonly endpoint?: string;
  /** Folder path under the Personal folder, created when missing (e.g. `Dashboards/Security`). */
  readonly folder?: string;
}

export interface KibanaEnvironment extends Common {
  readonly url: string;
  /** Space id; created when missing. Default: `default`. */
  readonly space?: string;
  /** Kibana version, for the saved-object migration versions (e.g. `8.15`). */
  readonly version?: string;
}

export interface SplunkEnvironment extends Common {
  /** Management URL, e.g. `https://splunk.example.com:8089`. */
  readonly url: string;
  readonly app: string;
  /** View owner; `nobody` with app sharing is the usual choice. Default: `nobody`. */
  readonly owner?: string;
  readonly sharing?: 'user' | 'app' | 'global';
  readonly format?: 'simplexml' | 'studio';
}

export interface GrafanaEnvironment extends Common {
  readonly url: string;
  /** Folder uid, created (with `folderTitle`) when missing. */
  readonly folderUid?: string;
  readonly folderTitle?: string;
  /** Datasource uids per kind for this instance. */
  readonly datasources?: { readonly loki?: string; readonly elasticsearch?: string; readonly prometheus?: string };
  /** Grafana version, for the dashboard schema version (`10.4`, `11`, `12`). */
  readonly version?: string;
  /** Organisation id (`X-Grafana-Org-Id`), when not the token's default. */
  readonly orgId?: number;
}

export interface EnvironmentConfig {
  /** Who may view and edit dashboards whose definition says nothing, by logical group. */
  readonly access?: { readonly default?: AccessDef };
  readonly sumologic?: SumoEnvironment;
  readonly kibana?: KibanaEnvironment;
  readonly splunk?: SplunkEnvironment;
  readonly grafana?: GrafanaEnvironment;
}

export interface PolydashConfig {
  readonly environments: Readonly<Record<string, EnvironmentConfig>>;
}

/** Typed configuration for polydash.config.ts. */
export function defineConfig(config: PolydashConfig): PolydashConfig {
  return config;
}

const url = { type: 'string', pattern: '^https?://[^\\s]+$', expected: 'an http(s) URL' };
const budget = {
  type: 'object',
  additionalProperties: false,
  properties: { perSecond: { type: 'number', exclusiveMinimum: 0 }, concurrency: { type: 'integer', minimum: 1, maximum: 64 } },
};
const group = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$', expected: "a logical group name: lower-case letters, digits, '_' and '-'" };
const common = {
  caFile: { type: 'string', minLength: 1 },
  budget,
  credentials: { type: 'object', additionalProperties: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', expected: 'an environment variable name' } },
  groups: { type: 'object', propertyNames: group, additionalProperties: { type: 'string', minLength: 1, maxLength: 255 } },
  allowWiderAccess: { type: 'boolean' },
};
const groups = { type: 'array', uniqueItems: true, items: group };
const CONFIG_SCHEMA = {
  type: 'object',
  required: ['environments'],
  additionalProperties: false,
  properties: {
    environments: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]*$', expected: 'an environment name such as prod' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          access: {
            type: 'object',
            additionalProperties: false,
            properties: { default: { type: 'object', additionalProperties: false, properties: { view: groups, edit: groups } } },
          },
          sumologic: {
            type: 'object',
            additionalProperties: false,
            properties: {
              ...common,
              region: { enum: Object.keys(SUMO_REGIONS) },
              endpoint: url,
              folder: { type: 'string', pattern: '^[^/]+(/[^/]+)*$', expected: 'a folder path such as Dashboards/Security' },
            },
          },
          kibana: {
            type: 'object',
            required: ['url'],
            additionalProperties: false,
            properties: { ...common, url, space: { type: 'string', pattern: '^[a-z0-9_-]+$', expected: 'a Kibana space id' }, version: { type: 'string', pattern: '^\\d+\\.\\d+(\\.\\d+)?$' } },
          },
          splunk: {
            type: 'object',
            required: ['url', 'app'],
            additionalProperties: false,
            properties: {
              ...common,
              url,
              app: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$', expected: 'a Splunk app name' },
              owner: { type: 'string', minLength: 1 },
              sharing: { enum: ['user', 'app', 'global'] },
              format: { enum: ['simplexml', 'studio'] },
            },
          },
          grafana: {
            type: 'object',
            required: ['url'],
            additionalProperties: false,
            properties: {
              ...common,
              url,
              folderUid: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,40}$', expected: 'a Grafana folder uid' },
              folderTitle: { type: 'string', minLength: 1 },
              datasources: { type: 'object', additionalProperties: false, properties: { loki: { type: 'string' }, elasticsearch: { type: 'string' }, prometheus: { type: 'string' } } },
              version: { type: 'string', pattern: '^\\d+(\\.\\d+)?$' },
              orgId: { type: 'integer', minimum: 1 },
            },
          },
        },
      },
    },
  },
};

/** Compiled on first use: `polydash build` imports this module (through defineConfig) and never needs it. */
let configValidator: ((value: unknown) => ReturnType<ReturnType<typeof issueValidator>>) | undefined;
const validateConfig = (value: unknown): ReturnType<ReturnType<typeof issueValidator>> => (configValidator ??= issueValidator(CONFIG_SCHEMA))(value);

export const CONFIG_FILE = 'polydash.config.ts';

export async function loadConfig(root: string): Promise<PolydashConfig> {
  if (!existsSync(path.join(root, CONFIG_FILE))) {
    throw new UserError(`${CONFIG_FILE} not found in ${root}: plan and push read the environments from it (see the README, "Publishing")`);
  }
  const { modules, problems } = await importTypeScript([CONFIG_FILE], root);
  if (problems.length) {
    const p = problems[0]!;
    throw new UserError(`${p.file}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.message}`);
  }
  const config = modules[0]!.exports.default;
  if (typeof config !== 'object' || config === null) throw new UserError(`${CONFIG_FILE} must export default defineConfig({ environments: { ... } })`);
  const issues = validateConfig(config);
  if (issues.length) throw new UserError(`${CONFIG_FILE}:\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
  return config as PolydashConfig;
}

export function environment(config: PolydashConfig, name: string): EnvironmentConfig {
  const env = config.environments[name];
  if (!env) throw new UserError(`unknown environment "${name}"; ${CONFIG_FILE} defines: ${Object.keys(config.environments).join(', ')}`);
  return env;
}

/** The Sumo Logic API base URL of an environment. */
export function sumoEndpoint(env: SumoEnvironment): string {
  return env.endpoint ?? SUMO_REGIONS[env.region ?? 'us1'];
}
