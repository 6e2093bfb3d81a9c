// The local sandbox: all four emulators on fixed ports, so `polydash push` can be tried without
// an account. Run with `node --import tsx test/emulators/serve.ts` (npm run dev-server).
// Ports: POLYDASH_SUMO_PORT (18081), POLYDASH_KIBANA_PORT (18082), POLYDASH_SPLUNK_PORT
// (18083), POLYDASH_GRAFANA_PORT (18084). POLYDASH_EMULATOR_LATENCY_MS adds latency;
// POLYDASH_EMULATOR_VALIDATE=basic|off picks the payload checks (default: conformance).
// The state lives in memory and is gone when the process stops.

import { kibanaApiKeyHeader, startEmulators } from './index.js';

const port = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 0 || v > 65535) throw new Error(`${name} must be a port number`);
  return v;
};

const validateEnv = process.env.POLYDASH_EMULATOR_VALIDATE;
const emulators = await startEmulators({
  validate: validateEnv === 'off' ? false : validateEnv === 'basic' ? 'basic' : 'conformance',
  ...(process.env.POLYDASH_EMULATOR_LATENCY_MS ? { latencyMs: Number(process.env.POLYDASH_EMULATOR_LATENCY_MS) } : {}),
  sumologic: { port: port('POLYDASH_SUMO_PORT', 18081) },
  kibana: { port: port('POLYDASH_KIBANA_PORT', 18082) },
  splunk: { port: port('POLYDASH_SPLUNK_PORT', 18083) },
  grafana: { port: port('POLYDASH_GRAFANA_PORT', 18084), folders: { polydash: 'polydash' } },
});

const { sumologic, kibana, splunk, grafana } = emulators;
const sumoKey = sumologic.credentials[0]!;
const kibanaKey = kibana.credentials.find((c) => c.apiKeyId)!;
const splunkUser = splunk.users[0]!;
const grafanaToken = grafana.credentials.find((c) => c.token)!;

const lines = [
  'polydash emulators are running (in memory; Ctrl-C stops them).',
  '',
  `  Sumo Logic  ${sumologic.url}/api   (4 requests/s per user, 10 concurrent per key)`,
  `  Kibana      ${kibana.url}         (spaces: ${[...kibana.state.spaces.keys()].join(', ')})`,
  `  Splunk      ${splunk.url}         (apps: ${[...splunk.state.apps.keys()].join(', ')})`,
  `  Grafana     ${grafana.url}         (folder: polydash)`,
  '',
  `Payload checks: ${emulators.validators?.source ?? 'off'}.`,
  '',
  'Sandbox credentials (they only open these emulators):',
  '',
  `export SUMOLOGIC_ACCESSID=${sumoKey.accessId}`,
  `export SUMOLOGIC_ACCESSKEY=${sumoKey.accessKey}`,
  `export KIBANA_API_KEY=${kibanaApiKeyHeader(kibanaKey).slice('ApiKey '.length)}`,
  `export SPLUNK_TOKEN=${splunkUser.tokens?.[0] ?? ''}`,
  `export GRAFANA_TOKEN=${grafanaToken.token}`,
  '',
  'An environment for polydash.config.ts (inside defineConfig({ ... })):',
  '',
  '  environments: {',
  '    sandbox: {',
  `      sumologic: { endpoint: '${sumologic.url}/api', folder: 'polydash' },`,
  `      kibana: { url: '${kibana.url}', space: 'security' },`,
  `      splunk: { url: '${splunk.url}', app: 'search' },`,
  `      grafana: { url: '${grafana.url}', folderUid: 'polydash' },`,
  '    },',
  '  },',
  '',
];
process.stdout.write(lines.join('\n') + '\n');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await emulators.close();
  process.stdout.write('emulators stopped\n');
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
