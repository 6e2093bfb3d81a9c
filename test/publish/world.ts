// A project on disk plus the four emulators, wired by a polydash.config.ts, for publish tests.

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulators, type EmulatorsOptions, GRAFANA_DEFAULT_CREDENTIALS, KIBANA_DEFAULT_CREDENTIALS, kibanaApiKeyHeader, SPLUNK_DEFAULT_USERS, startEmulators, SUMO_DEFAULT_CREDENTIALS } from '../emulators/index.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(REPO, 'lib', 'cli', 'main.js');

/** The credentials the emulators accept, as the environment variables polydash reads. */
export const CREDENTIAL_ENV: Record<string, string> = {
  SUMOLOGIC_ACCESSID: SUMO_DEFAULT_CREDENTIALS[0]!.accessId,
  SUMOLOGIC_ACCESSKEY: SUMO_DEFAULT_CREDENTIALS[0]!.accessKey,
  KIBANA_API_KEY: kibanaApiKeyHeader(KIBANA_DEFAULT_CREDENTIALS[0]!).slice('ApiKey '.length),
  SPLUNK_TOKEN: SPLUNK_DEFAULT_USERS[0]!.tokens![0]!,
  GRAFANA_TOKEN: (GRAFANA_DEFAULT_CREDENTIALS[0] as { token: string }).token,
};

export interface World {
  readonly emu: Emulators;
  readonly dir: string;
  /** Runs the CLI in the project; `env` adds or overrides variables. */
  cli(args: string[], env?: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Starts the CLI and returns the child, for interruption tests. */
  start(args: string[]): ReturnType<typeof spawn>;
  close(): Promise<void>;
}

/** The logical groups of the pack's audit dashboards, as each emulated product names them. */
export const GROUPS = {
  sumologic: { auditors: 'Auditor', secops: 'SecOps', 'secops-admins': 'SecOps Admin' },
  splunk: { auditors: 'auditor', secops: 'secops', 'secops-admins': 'secops_admin' },
  grafana: { auditors: 'team:auditors', secops: 'team:secops', 'secops-admins': 'team:secops-admins' },
  kibana: { auditors: 'security', secops: 'security', 'secops-admins': 'security' },
} as const;

/** Roles and teams behind GROUPS, for startEmulators. */
export const PRINCIPALS: EmulatorsOptions = {
  sumologic: { roles: Object.values(GROUPS.sumologic) },
  splunk: { roles: Object.values(GROUPS.splunk) },
  grafana: { teams: Object.values(GROUPS.grafana).map((t) => t.slice('team:'.length)) },
};

export function configFor(emu: Emulators, extra = ''): string {
  const groups = (product: keyof typeof GROUPS) => `groups: ${JSON.stringify(GROUPS[product])}`;
  return `import { defineConfig } from 'polydash';
export default defineConfig({
  environments: {
    test: {
      sumologic: { endpoint: '${emu.sumologic.url}/api', folder: 'polydash/tests', ${groups('sumologic')} },
      kibana: { url: '${emu.kibana.url}', space: 'security', ${groups('kibana')} },
      splunk: { url: '${emu.splunk.url}', app: 'security_dashboards', ${groups('splunk')} },
      grafana: { url: '${emu.grafana.url}', folderUid: 'security', folderTitle: 'Security', datasources: { loki: 'loki-prod' }, ${groups('grafana')} },
    },${extra}
  },
});
`;
}

export async function world(options: EmulatorsOptions = {}): Promise<World> {
  const emu = await startEmulators({
    ...options,
    sumologic: { ...PRINCIPALS.sumologic, ...options.sumologic },
    splunk: { ...PRINCIPALS.splunk, ...options.splunk },
    grafana: { ...PRINCIPALS.grafana, ...options.grafana },
  });
  // The first check of each kind loads and compiles its schemas; doing it now keeps that pause
  // (which holds up the emulator's event loop) out of rate-limit measurements.
  await Promise.all(Object.values(emu.validators ?? {}).map((v) => (typeof v === 'function' ? (v as (p: string) => Promise<unknown>)('{}').catch(() => undefined) : undefined)));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polydash-publish-'));
  cpSync(path.join(REPO, 'dashboards'), path.join(dir, 'dashboards'), { recursive: true, filter: (src) => !src.includes(`${path.sep}samples${path.sep}`) || src.endsWith('.ts') });
  writeFileSync(path.join(dir, 'polydash.config.ts'), configFor(emu));
  const envFor = (extra: Record<string, string | undefined> = {}) => ({ ...process.env, ...CREDENTIAL_ENV, ...extra });
  return {
    emu,
    dir,
    cli: (args, env) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: envFor(env) });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d));
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      }),
    start: (args) => spawn(process.execPath, [CLI, ...args], { cwd: dir, env: envFor(), stdio: ['ignore', 'pipe', 'pipe'] }),
    close: async () => {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
