// Twistlock / Prisma Cloud Compute syslog lines: `<RFC 3164 time> <host> <program>[<pid>]:`
// followed by `key="value"` pairs. Defenders (one per node) write access, runtime and firewall
// audits; the Console writes management audits, incidents and scan results.
//
// Two message shapes matter to the seed dashboard's queries and are kept exactly:
// - Docker access-control denials: `msg="The command <action> denied for user <user> by rule '<rule>'"`
// - runtime audits: `msg="runtime_audit.go:<line> <Kind> violation detected ..."` with Kind one of
//   Process, Network, Filesystem, Syscall.
// Only runtime audits contain the word "violation" (and only a Kind's own lines its name, so
// that the seed's `Process violation` search counts Process audits), only access denials
// "denied" (the Kubernetes ones say "Kubernetes request ...", not "The command").

import type { Random } from './random.js';
import type { RawSample, SampleContext } from './types.js';
import { type Pod, syslogTime, WORKLOADS } from './world.js';

const CONSOLE_HOST = 'pcc-console-01';

/** `key="value"` with the two characters that need it backslash-escaped. */
function pairs(entries: readonly (readonly [string, string | number])[]): string {
  return entries.map(([k, v]) => `${k}="${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(' ');
}

function line(time: number, host: string, program: string, entries: readonly (readonly [string, string | number])[]): string {
  return `${syslogTime(time)} ${host} ${program}: ${pairs(entries)}`;
}

/** A Defender's process id, stable per node. */
function defenderPid(node: string): number {
  let h = 0;
  for (const c of node) h = (h * 31 + c.charCodeAt(0)) % 30000;
  return 1000 + h;
}

const defender = (node: string): string => `Twistlock-Defender[${defenderPid(node)}]`;
const iso = (time: number, rng: Random): string => new Date(time).toISOString().replace('Z', `${rng.int(0, 999999).toString().padStart(6, '0')}Z`);

type Kind = 'Process' | 'Network' | 'Filesystem' | 'Syscall';
const KIND_LINE: Record<Kind, number> = { Process: 412, Network: 588, Filesystem: 731, Syscall: 903 };

interface RuntimeFinding {
  readonly kind: Kind;
  readonly attackType: string;
  readonly rule: string;
  readonly weight: number;
  readonly detail: (pod: Pod, rng: Random) => string;
}

const RUNTIME: readonly RuntimeFinding[] = [
  { kind: 'Process', attackType: 'unexpectedProcess', rule: 'Default - alert on suspicious runtime behavior', weight: 10, detail: (p, r) => `${r.pick(['/bin/sh', '/bin/bash', '/usr/bin/curl', '/usr/bin/wget'])} launched by ${p.workload.process} is not part of the model` },
  { kind: 'Process', attackType: 'suspiciousBinary', rule: 'Prevent crypto miners', weight: 3, detail: (_p, r) => `/tmp/.x/${r.pick(['kdevtmpfsi', 'xmrig', 'kinsing'])} matched the crypto miner feed` },
  { kind: 'Process', attackType: 'reverseShell', rule: 'Default - alert on suspicious runtime behavior', weight: 2, detail: (_p, r) => `bash -i with stdin and stdout bound to a socket to ${r.ipv4('185.220')}:4444` },
  { kind: 'Network', attackType: 'unexpectedOutboundPort', rule: 'Block outbound to mining pools', weight: 4, detail: (_p, r) => `outbound connection to ${r.ipv4('45.9')}:${r.pick([3333, 4444, 14444])} is not in the model` },
  { kind: 'Network', attackType: 'unexpectedListeningPort', rule: 'Default - alert on suspicious runtime behavior', weight: 3, detail: (_p, r) => `listening on port ${r.pick([2222, 8081, 31337])}, which is not in the model` },
  { kind: 'Network', attackType: 'dnsQuery', rule: 'Intelligence feed DNS', weight: 2, detail: (_p, r) => `DNS query for ${r.pick(['pool.minexmr.com', 'xmr.pool.example', 'c2.badhost.example'])} is on the intelligence feed` },
  { kind: 'Filesystem', attackType: 'changedBinary', rule: 'Prevent binary changes in production', weight: 4, detail: (_p, r) => `${r.pick(['/usr/bin/ps', '/bin/ls', '/usr/local/bin/entrypoint.sh'])} was modified after the container started` },
  { kind: 'Filesystem', attackType: 'unexpectedFileAccess', rule: 'Default - alert on suspicious runtime behavior', weight: 3, detail: (_p, r) => `${r.pick(['/etc/shadow', '/root/.ssh/authorized_keys', '/var/run/secrets/kubernetes.io/serviceaccount/token'])} was read by an unexpected program` },
  { kind: 'Syscall', attackType: 'kernelModule', rule: 'Default - alert on suspicious runtime behavior', weight: 1, detail: () => 'init_module called from a container' },
  { kind: 'Syscall', attackType: 'ptrace', rule: 'Default - alert on suspicious runtime behavior', weight: 2, detail: (p) => `ptrace attached to ${p.workload.process}` },
];

const HOST_RUNTIME: readonly RuntimeFinding[] = [
  { kind: 'Process', attackType: 'unexpectedProcess', rule: 'Default - alert on suspicious host behavior', weight: 3, detail: (_p, r) => `${r.pick(['/usr/bin/nc', '/usr/bin/socat', '/usr/bin/nmap'])} launched by sshd session of ${r.pick(['ec2-user', 'root'])}` },
  { kind: 'Network', attackType: 'unexpectedOutboundPort', rule: 'Default - alert on suspicious host behavior', weight: 2, detail: (_p, r) => `outbound connection from the host to ${r.ipv4('91.215')}:6667 is not allowed` },
  { kind: 'Filesystem', attackType: 'fileIntegrity', rule: 'Host file integrity', weight: 2, detail: (_p, r) => `${r.pick(['/etc/sudoers', '/etc/crontab', '/etc/ssh/sshd_config'])} was written by vi (user ec2-user)` },
];

const DOCKER_ACTIONS = ['container_create', 'container_exec_create', 'container_exec_start', 'image_pull', 'image_push', 'image_delete', 'volume_create', 'network_create', 'secret_create'] as const;
const DOCKER_USERS = ['root', 'jenkins', 'deploy', 'svc-build', 'alice.nguyen', 'dev.patel', 'eve.martin'] as const;
const ACCESS_RULES = ['Deny exec into production containers', 'Only CI may push images', 'Default - allow all', 'Deny privileged containers', 'Read-only for contractors'] as const;
const K8S_REQUESTS = [
  ['create', 'pods/exec'],
  ['create', 'pods'],
  ['delete', 'deployments'],
  ['get', 'secrets'],
  ['create', 'clusterrolebindings'],
] as const;

const WAF_ATTACKS = [
  { type: 'sqli', weight: 35, text: 'SQL injection attempt in query parameter', path: (r: Random) => `/api/v1/orders?id=${r.int(1, 9999)}%27%20OR%201%3D1--` },
  { type: 'xss', weight: 25, text: 'cross-site scripting attempt in parameter', path: () => '/search?q=%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E' },
  { type: 'cmdi', weight: 8, text: 'OS command injection attempt in parameter', path: () => '/api/v1/export?file=report.csv%3Bcat%20%2Fetc%2Fpasswd' },
  { type: 'lfi', weight: 8, text: 'local file inclusion attempt in parameter', path: () => '/static?path=..%2F..%2F..%2Fetc%2Fpasswd' },
  { type: 'attackTools', weight: 16, text: 'request from a known attack tool', path: () => '/' },
  { type: 'malformedHTTPRequest', weight: 8, text: 'malformed HTTP request', path: () => '/api/v1/cart' },
] as const;
const WEB_APPS = ['payments-api', 'checkout-web', 'catalog-svc', 'keycloak'] as const;

const FIREWALL_RULES = ['Deny egress to mining pools', 'Only ingress may reach checkout-web', 'Block database access from default namespace', 'Allow monitoring scrapes'] as const;

const CONSOLE_APIS = [
  { api: '/api/v1/policies/runtime/container', method: 'PUT', logType: 'rule', text: 'Updated the container runtime policy' },
  { api: '/api/v1/policies/firewall/app/container', method: 'PUT', logType: 'rule', text: 'Updated the WAAS policy' },
  { api: '/api/v1/policies/docker', method: 'PUT', logType: 'rule', text: 'Updated the access control policy' },
  { api: '/api/v1/collections', method: 'POST', logType: 'collections', text: 'Created a collection' },
  { api: '/api/v1/settings/defender', method: 'PUT', logType: 'settings', text: 'Changed Defender settings' },
  { api: '/api/v1/users', method: 'POST', logType: 'user', text: 'Added a user' },
  { api: '/api/v1/authenticate', method: 'POST', logType: 'login', text: 'Login' },
] as const;
const CONSOLE_ADMINS = ['alice.nguyen@example.com', 'carol.okafor@example.com', 'secops-automation', 'eve.martin@example.com'] as const;

const WEB_WORKLOADS = WORKLOADS.filter((w) => (WEB_APPS as readonly string[]).includes(w.name));

type Producer = (ctx: SampleContext, time: number) => string;

const runtimeAudit: Producer = ({ rng, world }, time) => {
  const pod = world.pickPod(rng);
  const f = rng.weighted(RUNTIME, (x) => x.weight);
  const effect = rng.weighted(['alert', 'prevent', 'block'] as const, (e) => (e === 'alert' ? 7 : 2));
  return line(time, pod.node, defender(pod.node), [
    ['time', iso(time, rng)],
    ['type', 'container_runtime_audit'],
    ['hostname', pod.node],
    ['cluster', pod.cluster.name],
    ['namespace', pod.workload.namespace],
    ['pod_name', pod.name],
    ['container_id', pod.containerId],
    ['container_name', pod.workload.name],
    ['image_name', `${pod.workload.image}:${pod.workload.tag}`],
    ['log_type', f.kind.toLowerCase()],
    ['attack_type', f.attackType],
    ['effect', effect],
    ['rule_name', f.rule],
    ['msg', `runtime_audit.go:${KIND_LINE[f.kind]} ${f.kind} violation detected in container ${pod.workload.name}: ${f.detail(pod, rng)}`],
  ]);
};

const hostRuntimeAudit: Producer = ({ rng, world }, time) => {
  const cluster = world.pickCluster(rng);
  const node = rng.pick(cluster.nodes);
  const f = rng.weighted(HOST_RUNTIME, (x) => x.weight);
  return line(time, node, defender(node), [
    ['time', iso(time, rng)],
    ['type', 'host_runtime_audit'],
    ['hostname', node],
    ['cluster', cluster.name],
    ['app', rng.pick(['sshd', 'cron', 'systemd'])],
    ['log_type', f.kind.toLowerCase()],
    ['attack_type', f.attackType],
    ['effect', 'alert'],
    ['rule_name', f.rule],
    ['msg', `runtime_audit.go:${KIND_LINE[f.kind]} ${f.kind} violation detected on host ${node}: ${f.detail(world.pickPod(rng, cluster), rng)}`],
  ]);
};

const accessAudit: Producer = ({ rng, world }, time) => {
  const cluster = world.pickCluster(rng);
  const node = rng.pick(cluster.nodes);
  const denied = rng.chance(0.45);
  const rule = denied ? rng.pick(ACCESS_RULES.filter((r) => !r.startsWith('Default'))) : rng.weighted(ACCESS_RULES, (r) => (r.startsWith('Default') ? 6 : 1));
  const verdict = denied ? 'denied' : 'allowed';
  const kubernetes = rng.chance(0.3);
  const common = [
    ['time', iso(time, rng)],
    ['type', 'access_audit'],
    ['hostname', node],
    ['cluster', cluster.name],
  ] as const;
  if (kubernetes) {
    const [verb, resource] = rng.pick(K8S_REQUESTS);
    const user = rng.pick(['alice.nguyen@example.com', 'dev.patel@example.com', 'eve.martin@example.com', 'system:serviceaccount:ci:deployer']);
    return line(time, node, defender(node), [
      ...common,
      ['api', 'kubernetes'],
      ['user', user],
      ['action', `${verb} ${resource}`],
      ['allow', String(!denied)],
      ['rule', rule],
      ['source_ip', rng.ipv4('10.0.8')],
      ['msg', `Kubernetes request ${verb} ${resource} ${verdict} for user ${user} by rule '${rule}'`],
    ]);
  }
  const user = rng.weighted(DOCKER_USERS, (u) => (u === 'eve.martin' ? 3 : u === 'jenkins' ? 4 : 2));
  const action = rng.pick(DOCKER_ACTIONS);
  return line(time, node, defender(node), [
    ...common,
    ['api', 'docker'],
    ['user', user],
    ['action', action],
    ['allow', String(!denied)],
    ['rule', rule],
    ['source_ip', rng.ipv4('10.0.8')],
    ['msg', `The command ${action} ${verdict} for user ${user} by rule '${rule}'`],
  ]);
};

const appFirewallAudit: Producer = ({ rng, world }, time) => {
  const workload = rng.pick(WEB_WORKLOADS);
  const pod = rng.pick(world.pods.filter((p) => p.workload === workload));
  const attack = rng.weighted(WAF_ATTACKS, (a) => a.weight);
  return line(time, pod.node, defender(pod.node), [
    ['time', iso(time, rng)],
    ['type', 'container_app_firewall_audit'],
    ['hostname', pod.node],
    ['cluster', pod.cluster.name],
    ['namespace', workload.namespace],
    ['app', workload.name],
    ['container_name', workload.name],
    ['image_name', `${workload.image}:${workload.tag}`],
    ['attack_type', attack.type],
    ['effect', rng.weighted(['alert', 'prevent', 'ban'] as const, (e) => (e === 'alert' ? 3 : e === 'prevent' ? 5 : 1))],
    ['method', rng.pick(['GET', 'GET', 'POST'])],
    ['path', attack.path(rng)],
    ['source_ip', rng.ipv4(rng.pick(['185.220', '45.146', '103.75', '198.51.100']))],
    ['user_agent', attack.type === 'attackTools' ? rng.pick(['sqlmap/1.8.2#stable', 'Nikto/2.5.0', 'Nuclei - Open-source project (github.com/projectdiscovery/nuclei)']) : 'Mozilla/5.0 (X11; Linux x86_64)'],
    ['msg', `Detected ${attack.text} for app ${workload.name}`],
  ]);
};

const networkFirewallAudit: Producer = ({ rng, world }, time) => {
  const pod = world.pickPod(rng);
  const rule = rng.pick(FIREWALL_RULES);
  const port = rule.includes('mining') ? rng.pick([3333, 4444]) : rule.includes('database') ? 5432 : rng.pick([80, 443, 9100]);
  const destination = rng.ipv4(`10.${rng.int(20, 41)}`);
  return line(time, pod.node, defender(pod.node), [
    ['time', iso(time, rng)],
    ['type', 'container_network_firewall_audit'],
    ['hostname', pod.node],
    ['cluster', pod.cluster.name],
    ['src_namespace', pod.workload.namespace],
    ['src_app', pod.workload.name],
    ['dst_ip', destination],
    ['dst_port', port],
    ['rule', rule],
    ['effect', rng.chance(0.6) ? 'prevent' : 'alert'],
    ['msg', `Connection from ${pod.workload.name} to ${destination}:${port} matched rule '${rule}'`],
  ]);
};

const managementAudit: Producer = ({ rng }, time) => {
  const call = rng.weighted(CONSOLE_APIS, (c) => (c.logType === 'login' ? 6 : 2));
  const admin = rng.pick(CONSOLE_ADMINS);
  const ok = rng.chance(0.93);
  return line(time, CONSOLE_HOST, 'Twistlock-Console[1]', [
    ['time', iso(time, rng)],
    ['type', 'management_audit'],
    ['username', admin],
    ['source_ip', admin === 'secops-automation' ? '10.0.4.17' : rng.ipv4('10.0.12')],
    ['api', call.api],
    ['method', call.method],
    ['log_type', call.logType],
    ['status', ok ? 'successful' : 'failed'],
    ['msg', ok ? call.text : `${call.text} (failed)`],
  ]);
};

const incident: Producer = ({ rng, world }, time) => {
  const pod = world.pickPod(rng);
  const category = rng.pick(['cryptoMiner', 'reverseShell', 'lateralMovement', 'kubernetesAttack']);
  return line(time, CONSOLE_HOST, 'Twistlock-Console[1]', [
    ['time', iso(time, rng)],
    ['type', 'incident'],
    ['incident_id', rng.hex(24)],
    ['category', category],
    ['hostname', pod.node],
    ['cluster', pod.cluster.name],
    ['namespace', pod.workload.namespace],
    ['container_name', pod.workload.name],
    ['image_name', `${pod.workload.image}:${pod.workload.tag}`],
    ['msg', `Incident ${category} opened for container ${pod.workload.name}`],
  ]);
};

const scan: Producer = ({ rng, world }, time) => {
  const pod = world.pickPod(rng);
  const kind = rng.pick(['image_scan', 'container_scan', 'host_scan'] as const);
  const critical = rng.weighted([0, 1, 2, 4], (n) => (n === 0 ? 6 : 1));
  return line(time, CONSOLE_HOST, 'Twistlock-Console[1]', [
    ['time', iso(time, rng)],
    ['type', kind],
    ['hostname', pod.node],
    ...(kind === 'host_scan' ? [] : ([['image_name', `${pod.workload.image}:${pod.workload.tag}`]] as const)),
    ['vulnerabilities_critical', critical],
    ['vulnerabilities_high', rng.int(0, 12)],
    ['vulnerabilities_medium', rng.int(0, 40)],
    ['compliance_issues', rng.int(0, 6)],
    ['msg', `Scan completed for ${kind === 'host_scan' ? pod.node : pod.workload.image}`],
  ]);
};

const MIX: readonly { readonly producer: Producer; readonly weight: number }[] = [
  { producer: runtimeAudit, weight: 12 },
  { producer: hostRuntimeAudit, weight: 3 },
  { producer: accessAudit, weight: 16 },
  { producer: appFirewallAudit, weight: 12 },
  { producer: networkFirewallAudit, weight: 9 },
  { producer: managementAudit, weight: 10 },
  { producer: incident, weight: 2 },
  { producer: scan, weight: 36 },
];

/** The host in the syslog header (Defender's node, or the Console's host). */
function headerHost(text: string): string {
  return text.split(' ').filter(Boolean)[3]!;
}

export function twistlockSamples(ctx: SampleContext, times: readonly number[]): RawSample[] {
  return times.map((time) => {
    const text = ctx.rng.weighted(MIX, (m) => m.weight).producer(ctx, time);
    return { time, raw: text, logical: { host: headerHost(text) } };
  });
}
