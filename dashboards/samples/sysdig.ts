// Sysdig webhook payloads.
//
// Secure: runtime policy events (`type: "policy"`): the policy `name`, `severity` 0-7, the
// triggering rule in `content` (ruleName, ruleType, ruleTags, output, fields) and Sysdig's
// `labels` with dotted keys. `timestamp` is microseconds since the epoch. `resolved` turns true
// once someone acknowledges the event (older events more often are).
//
// Monitor: alert notifications: `timestamp`/`timespan` in microseconds, `alert` (id, name,
// severity, description, scope, editUrl), `event` (id, url), `state` ACTIVE when the alert
// fires and OK when it resolves (then `resolved: true`), `condition`, `entities`, `source`.
// Alerts fire and resolve in episodes, so most ACTIVE notifications have a matching OK one.

import type { Random } from './random.js';
import type { RawSample, SampleContext } from './types.js';
import { isoWithFraction, type Pod } from './world.js';

const SYSDIG_APP = 'https://eu1.app.sysdig.com';

// ---- Secure ------------------------------------------------------------------------------

interface SecureRule {
  readonly policy: string;
  readonly severity: number;
  readonly rule: string;
  readonly tags: readonly string[];
  readonly weight: number;
  /** `k8s_audit` rules have no process and no container. */
  readonly source: 'syscall' | 'k8s_audit';
  readonly detail: (pod: Pod, rng: Random) => { readonly text: string; readonly process: string; readonly cmdline: string; readonly extra?: Readonly<Record<string, string>> };
}

const mitre = (tactic: string, technique: string): string[] => ['MITRE', `MITRE_${tactic}`, `MITRE_${technique}`];

const SECURE_RULES: readonly SecureRule[] = [
  { policy: 'Sysdig Runtime Threat Detection', severity: 0, rule: 'Drop and execute new binary in container', tags: ['container', ...mitre('TA0003_persistence', 'T1525_implant_internal_image')], weight: 4, source: 'syscall', detail: (_p, r) => ({ text: 'Executable not in the base image was run', process: 'kworkerd', cmdline: `/tmp/.${r.hex(6)}/kworkerd` }) },
  { policy: 'Sysdig Runtime Threat Detection', severity: 0, rule: 'Detect crypto miners using the Stratum protocol', tags: ['container', 'host', ...mitre('TA0040_impact', 'T1496_resource_hijacking')], weight: 3, source: 'syscall', detail: (_p, r) => ({ text: `Stratum protocol connection to ${r.ipv4('45.9')}:3333`, process: 'xmrig', cmdline: 'xmrig -o stratum+tcp://pool.example:3333' }) },
  { policy: 'Sysdig Runtime Threat Detection', severity: 1, rule: 'Reverse shell', tags: ['container', ...mitre('TA0002_execution', 'T1059_command_and_scripting_interpreter')], weight: 3, source: 'syscall', detail: (_p, r) => ({ text: `Reverse shell connected to ${r.ipv4('185.220')}:4444`, process: 'bash', cmdline: 'bash -i' }) },
  { policy: 'Sysdig Runtime Threat Intelligence', severity: 1, rule: 'Outbound Connection to C2 Servers', tags: ['container', 'host', ...mitre('TA0011_command_and_control', 'T1071_application_layer_protocol')], weight: 3, source: 'syscall', detail: (_p, r) => ({ text: `Outbound connection to a known command-and-control address ${r.ipv4('91.215')}:443`, process: 'curl', cmdline: 'curl -s https://update-check.example' }) },
  { policy: 'Sysdig Runtime Notable Events', severity: 4, rule: 'Terminal shell in container', tags: ['container', 'shell', ...mitre('TA0002_execution', 'T1059_command_and_scripting_interpreter')], weight: 14, source: 'syscall', detail: () => ({ text: 'A shell was spawned in a container with an attached terminal', process: 'bash', cmdline: 'bash -il' }) },
  { policy: 'Sysdig Runtime Notable Events', severity: 4, rule: 'Read sensitive file untrusted', tags: ['container', 'host', 'filesystem', ...mitre('TA0006_credential_access', 'T1555_credentials_from_password_stores')], weight: 9, source: 'syscall', detail: (_p, r) => ({ text: 'Sensitive file opened for reading by a non-trusted program', process: 'cat', cmdline: `cat ${r.pick(['/etc/shadow', '/etc/sudoers'])}` }) },
  { policy: 'Sysdig Runtime Notable Events', severity: 5, rule: 'Launch Suspicious Network Tool in Container', tags: ['container', 'network', ...mitre('TA0007_discovery', 'T1046_network_service_discovery')], weight: 6, source: 'syscall', detail: (_p, r) => ({ text: 'Network reconnaissance tool launched in a container', process: r.pick(['nmap', 'nc', 'socat']), cmdline: 'nmap -sT 10.0.0.0/16' }) },
  { policy: 'Sysdig Runtime Notable Events', severity: 5, rule: 'Contact K8S API Server From Container', tags: ['container', 'network', 'k8s', ...mitre('TA0007_discovery', 'T1613_container_and_resource_discovery')], weight: 8, source: 'syscall', detail: () => ({ text: 'Unexpected connection to the Kubernetes API server from a container', process: 'curl', cmdline: 'curl -sk https://kubernetes.default.svc/api' }) },
  { policy: 'PCI DSS - Containers', severity: 3, rule: 'Write below etc', tags: ['container', 'filesystem', 'PCI_DSS_10.2.7', ...mitre('TA0003_persistence', 'T1098_account_manipulation')], weight: 5, source: 'syscall', detail: () => ({ text: 'File below /etc opened for writing', process: 'tee', cmdline: 'tee -a /etc/hosts' }) },
  { policy: 'Sysdig Runtime Activity Logs', severity: 7, rule: 'Kubernetes Client Tool Launched in Container', tags: ['container', 'k8s', ...mitre('TA0002_execution', 'T1609_container_administration_command')], weight: 9, source: 'syscall', detail: () => ({ text: 'kubectl launched in a container', process: 'kubectl', cmdline: 'kubectl get secrets -A' }) },
  { policy: 'Sysdig Runtime Activity Logs', severity: 7, rule: 'Package Management Process Launched', tags: ['container', 'process', ...mitre('TA0003_persistence', 'T1072_software_deployment_tools')], weight: 10, source: 'syscall', detail: (_p, r) => ({ text: 'Package manager run in a container', process: r.pick(['apt-get', 'apk', 'pip']), cmdline: 'apk add --no-cache curl' }) },
  { policy: 'Sysdig Runtime Activity Logs', severity: 6, rule: 'User Management Event Detected', tags: ['container', 'host', ...mitre('TA0003_persistence', 'T1136_create_account')], weight: 4, source: 'syscall', detail: () => ({ text: 'User management command run', process: 'useradd', cmdline: 'useradd -m backup' }) },
  { policy: 'Sysdig K8s Notable Events', severity: 5, rule: 'Attach/Exec Pod', tags: ['k8s', ...mitre('TA0002_execution', 'T1609_container_administration_command')], weight: 7, source: 'k8s_audit', detail: (p) => ({ text: `Exec into pod ${p.name}`, process: '', cmdline: '', extra: { 'ka.user.name': 'eve.martin@example.com' } }) },
  { policy: 'Sysdig K8s Notable Events', severity: 3, rule: 'Create Privileged Pod', tags: ['k8s', ...mitre('TA0004_privilege_escalation', 'T1611_escape_to_host')], weight: 3, source: 'k8s_audit', detail: (p) => ({ text: `Privileged pod created in ${p.workload.namespace}`, process: '', cmdline: '', extra: { 'ka.user.name': 'system:serviceaccount:ci:deployer' } }) },
];

function micros(time: number, rng: Random): number {
  return time * 1000 + rng.int(0, 999);
}

export function sysdigSecureSamples({ rng, world, window }: SampleContext, times: readonly number[]): RawSample[] {
  return times.map((time) => {
    const r = rng.weighted(SECURE_RULES, (x) => x.weight);
    const pod = world.pickPod(rng);
    const d = r.detail(pod, rng);
    const image = `${pod.workload.image}:${pod.workload.tag}`;
    const onContainer = r.source === 'syscall';
    const output = onContainer
      ? `${d.text} (user=root process=${d.process} command=${d.cmdline} container_id=${pod.containerId} container_name=${pod.workload.name} image=${image} k8s.ns=${pod.workload.namespace} k8s.pod=${pod.name})`
      : `${d.text} (user=${d.extra?.['ka.user.name'] ?? 'unknown'} ns=${pod.workload.namespace} resource=pods)`;
    const us = micros(time, rng);
    // older events are more often acknowledged
    const age = (window.end - time) / (window.end - window.start);
    const resolved = rng.chance(0.1 + 0.6 * age);
    const raw = {
      id: rng.hex(32),
      type: 'policy',
      timestamp: us,
      timestampRFC3339Nano: isoWithFraction(time, `${String(us % 1000).padStart(3, '0')}000`),
      originator: 'policy',
      category: 'runtime',
      source: r.source,
      name: r.policy,
      severity: r.severity,
      agentId: 40_000_000 + (pod.node.length * 7919) % 999_999,
      ...(onContainer ? { containerId: pod.containerId } : {}),
      machineId: `0a:${pod.node.slice(3, 5)}:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}`,
      content: {
        policyOrigin: r.policy.startsWith('Sysdig') ? 'Sysdig' : 'Secure UI',
        ruleName: r.rule,
        ruleType: 'RULE_TYPE_FALCO',
        ruleTags: r.tags,
        output,
        fields: onContainer
          ? { 'proc.name': d.process, 'proc.cmdline': d.cmdline, 'user.name': 'root', 'container.id': pod.containerId, 'container.name': pod.workload.name, 'container.image.repository': pod.workload.image }
          : { 'ka.target.namespace': pod.workload.namespace, 'ka.target.resource': 'pods', ...d.extra },
      },
      labels: {
        'host.hostName': pod.node,
        'kubernetes.cluster.name': pod.cluster.name,
        'kubernetes.namespace.name': pod.workload.namespace,
        'kubernetes.pod.name': pod.name,
        'kubernetes.workload.name': pod.workload.name,
        'kubernetes.workload.type': pod.workload.kind.toLowerCase(),
        ...(onContainer ? { 'container.name': pod.workload.name, 'container.image.repo': pod.workload.image, 'container.image.tag': pod.workload.tag } : {}),
      },
      resolved,
    };
    return { time, raw };
  });
}

// ---- Monitor -----------------------------------------------------------------------------

interface MonitorAlert {
  readonly id: number;
  readonly name: string;
  readonly severity: number;
  readonly description: string;
  readonly condition: string;
  readonly metric: string;
  /** Fires per namespace (workload alerts) or per node. */
  readonly scope: 'namespace' | 'node' | 'cluster';
  readonly weight: number;
  /** Typical minutes until it resolves. */
  readonly minutes: number;
  readonly value: (rng: Random) => number;
}

const MONITOR_ALERTS: readonly MonitorAlert[] = [
  { id: 3102881, name: 'Kubernetes API server 5xx rate high', severity: 1, description: 'More than 5% of API server requests failed with a 5xx status over 10 minutes.', condition: 'avg(sum(kubernetes.apiserver.requests.5xx.rate)) > 5', metric: 'kubernetes.apiserver.requests.5xx.rate', scope: 'cluster', weight: 2, minutes: 25, value: (r) => 5 + r.int(1, 20) },
  { id: 3102884, name: 'Node CPU saturation', severity: 2, description: 'Node CPU above 90% for 15 minutes: pods on it are being throttled.', condition: 'avg(avg(cpu.used.percent)) > 90', metric: 'cpu.used.percent', scope: 'node', weight: 6, minutes: 40, value: (r) => 90 + r.int(0, 9) },
  { id: 3102887, name: 'Node memory pressure', severity: 2, description: 'Node memory above 92%: the kubelet may start evicting pods.', condition: 'avg(avg(memory.used.percent)) > 92', metric: 'memory.used.percent', scope: 'node', weight: 4, minutes: 60, value: (r) => 92 + r.int(0, 7) },
  { id: 3102890, name: 'Deployment replicas unavailable', severity: 3, description: 'Fewer ready replicas than desired for 5 minutes.', condition: 'min(min(kubernetes.deployment.replicas.available)) < min(min(kubernetes.deployment.replicas.desired))', metric: 'kubernetes.deployment.replicas.available', scope: 'namespace', weight: 7, minutes: 15, value: (r) => r.int(0, 2) },
  { id: 3102893, name: 'Pod in CrashLoopBackOff', severity: 3, description: 'A container keeps restarting and is backing off.', condition: 'sum(sum(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"})) > 0', metric: 'kube_pod_container_status_waiting_reason', scope: 'namespace', weight: 8, minutes: 30, value: () => 1 },
  { id: 3102896, name: 'Container OOM killed', severity: 4, description: 'A container was killed for exceeding its memory limit.', condition: 'sum(sum(kubernetes.pod.container.oom.kills)) > 0', metric: 'kubernetes.pod.container.oom.kills', scope: 'namespace', weight: 6, minutes: 10, value: (r) => r.int(1, 3) },
  { id: 3102899, name: 'PersistentVolumeClaim almost full', severity: 4, description: 'A volume claim is more than 85% full.', condition: 'max(max(kubernetes.persistentvolumeclaim.storage.used.percent)) > 85', metric: 'kubernetes.persistentvolumeclaim.storage.used.percent', scope: 'namespace', weight: 3, minutes: 240, value: (r) => 85 + r.int(0, 14) },
  { id: 3102902, name: 'Ingress p95 latency above SLO', severity: 5, description: 'The 95th percentile of ingress request latency is above 800 ms.', condition: 'avg(percentile95(net.http.request.time)) > 800', metric: 'net.http.request.time', scope: 'namespace', weight: 6, minutes: 20, value: (r) => 800 + r.int(10, 900) },
  { id: 3102905, name: 'Certificate expires in less than 14 days', severity: 6, description: 'A TLS certificate served by the ingress expires soon.', condition: 'min(min(tls.certificate.days_to_expiry)) < 14', metric: 'tls.certificate.days_to_expiry', scope: 'cluster', weight: 1, minutes: 600, value: (r) => r.int(3, 13) },
  { id: 3102908, name: 'CronJob failed', severity: 7, description: 'The last run of a CronJob failed.', condition: 'sum(sum(kubernetes.job.status.failed)) > 0', metric: 'kubernetes.job.status.failed', scope: 'namespace', weight: 5, minutes: 45, value: () => 1 },
];

interface Notification {
  readonly time: number;
  readonly alert: MonitorAlert;
  readonly scope: string;
  readonly state: 'ACTIVE' | 'OK';
  readonly value: number;
}

function scopeOf(alert: MonitorAlert, pod: Pod): string {
  const cluster = `kubernetes.cluster.name = "${pod.cluster.name}"`;
  if (alert.scope === 'cluster') return cluster;
  if (alert.scope === 'node') return `${cluster} and host.hostName = "${pod.node}"`;
  return `${cluster} and kubernetes.namespace.name = "${pod.workload.namespace}" and kubernetes.workload.name = "${pod.workload.name}"`;
}

/**
 * Episodes: an alert fires at each start time (ACTIVE) and resolves some minutes later (OK),
 * unless that is past the end of the window. Returns every notification, oldest first (about
 * two per start).
 */
export function sysdigMonitorSamples({ rng, world, window }: SampleContext, starts: readonly number[]): RawSample[] {
  const notifications: Notification[] = [];
  for (const start of starts) {
    const alert = rng.weighted(MONITOR_ALERTS, (a) => a.weight);
    const pod = world.pickPod(rng);
    const scope = scopeOf(alert, pod);
    notifications.push({ time: start, alert, scope, state: 'ACTIVE', value: alert.value(rng) });
    const end = start + Math.round(rng.exponential(alert.minutes) * 60_000) + 60_000;
    if (end < window.end) notifications.push({ time: end, alert, scope, state: 'OK', value: 0 });
  }
  notifications.sort((a, b) => a.time - b.time);
  return notifications.map((n) => {
    const eventId = rng.int(100_000_000, 999_999_999);
    const raw = {
      timestamp: micros(n.time, rng),
      timespan: 600_000_000,
      alert: {
        severity: n.alert.severity,
        editUrl: `${SYSDIG_APP}/#/alerts/${n.alert.id}`,
        scope: n.scope,
        name: n.alert.name,
        description: n.alert.description,
        id: n.alert.id,
      },
      event: { id: eventId, url: `${SYSDIG_APP}/#/events/notifications/l:604800/${eventId}/details` },
      state: n.state,
      resolved: n.state === 'OK',
      entities: [
        {
          entity: n.scope,
          metricValues: [{ metric: n.alert.metric, aggregation: 'avg', groupAggregation: 'avg', value: n.value }],
          additionalInfo: [{ metric: 'agent.id', value: String(40_000_000 + rng.int(0, 999_999)) }],
        },
      ],
      condition: n.alert.condition,
      source: 'Sysdig Cloud',
    };
    return { time: n.time, raw };
  });
}
