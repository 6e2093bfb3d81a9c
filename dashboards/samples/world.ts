// The make-believe estate every sample source reports on: three clusters, their nodes, the
// workloads and pods they run, and the people and service accounts who use them. All sources
// draw from one world, so a pod that Falco reports is a pod the audit log has seen.

import { Random, seedFrom } from './random.js';

export interface Cluster {
  readonly name: string;
  readonly region: string;
  readonly nodes: readonly string[];
  /** Share of the activity. */
  readonly weight: number;
}

export interface Workload {
  readonly namespace: string;
  readonly name: string;
  readonly kind: 'Deployment' | 'DaemonSet' | 'StatefulSet';
  /** Image repository, without the tag. */
  readonly image: string;
  readonly tag: string;
  /** The main process of the container. */
  readonly process: string;
  readonly serviceAccount: string;
  /** How often it shows up in security events (suspicious workloads more). */
  readonly weight: number;
}

export interface Pod {
  readonly cluster: Cluster;
  readonly workload: Workload;
  readonly name: string;
  readonly node: string;
  readonly containerId: string;
  readonly ip: string;
}

export interface Person {
  readonly username: string;
  /** The one whose activity looks like an intrusion. */
  readonly suspicious: boolean;
}

const CLUSTER_SPECS = [
  { name: 'prod-eu-1', region: 'eu-west-1', subnet: '10.21', nodes: 5, weight: 0.5 },
  { name: 'prod-us-1', region: 'us-east-1', subnet: '10.31', nodes: 4, weight: 0.35 },
  { name: 'staging-eu-1', region: 'eu-west-1', subnet: '10.41', nodes: 3, weight: 0.15 },
] as const;

export const WORKLOADS: readonly Workload[] = [
  { namespace: 'payments', name: 'payments-api', kind: 'Deployment', image: 'registry.example.com/payments/api', tag: '2.14.1', process: 'java', serviceAccount: 'payments-api', weight: 8 },
  { namespace: 'payments', name: 'ledger-worker', kind: 'Deployment', image: 'registry.example.com/payments/ledger', tag: '1.9.3', process: 'java', serviceAccount: 'ledger', weight: 3 },
  { namespace: 'checkout', name: 'checkout-web', kind: 'Deployment', image: 'registry.example.com/shop/checkout-web', tag: '5.2.0', process: 'node', serviceAccount: 'default', weight: 7 },
  { namespace: 'checkout', name: 'redis', kind: 'StatefulSet', image: 'docker.io/library/redis', tag: '7.2.4', process: 'redis-server', serviceAccount: 'default', weight: 2 },
  { namespace: 'catalog', name: 'catalog-svc', kind: 'Deployment', image: 'ghcr.io/example/catalog-svc', tag: '1.8.0', process: 'python3', serviceAccount: 'catalog', weight: 5 },
  { namespace: 'catalog', name: 'postgres', kind: 'StatefulSet', image: 'docker.io/bitnami/postgresql', tag: '16.2.0', process: 'postgres', serviceAccount: 'default', weight: 3 },
  { namespace: 'auth', name: 'keycloak', kind: 'StatefulSet', image: 'quay.io/keycloak/keycloak', tag: '24.0.2', process: 'java', serviceAccount: 'keycloak', weight: 3 },
  { namespace: 'ingress-nginx', name: 'ingress-nginx-controller', kind: 'Deployment', image: 'registry.k8s.io/ingress-nginx/controller', tag: 'v1.10.0', process: 'nginx', serviceAccount: 'ingress-nginx', weight: 4 },
  { namespace: 'monitoring', name: 'prometheus', kind: 'StatefulSet', image: 'quay.io/prometheus/prometheus', tag: 'v2.51.1', process: 'prometheus', serviceAccount: 'prometheus', weight: 2 },
  { namespace: 'monitoring', name: 'node-exporter', kind: 'DaemonSet', image: 'quay.io/prometheus/node-exporter', tag: 'v1.7.0', process: 'node_exporter', serviceAccount: 'node-exporter', weight: 3 },
  { namespace: 'kube-system', name: 'coredns', kind: 'Deployment', image: 'registry.k8s.io/coredns/coredns', tag: 'v1.11.1', process: 'coredns', serviceAccount: 'coredns', weight: 1 },
  { namespace: 'kube-system', name: 'aws-node', kind: 'DaemonSet', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni', tag: 'v1.16.4', process: 'aws-k8s-agent', serviceAccount: 'aws-node', weight: 2 },
  { namespace: 'data-pipeline', name: 'spark-worker', kind: 'StatefulSet', image: 'docker.io/apache/spark', tag: '3.5.1', process: 'java', serviceAccount: 'spark', weight: 4 },
  { namespace: 'ci', name: 'build-runner', kind: 'Deployment', image: 'docker.io/gitlab/gitlab-runner', tag: 'alpine-v16.10.0', process: 'gitlab-runner', serviceAccount: 'deployer', weight: 5 },
  { namespace: 'default', name: 'debug-toolbox', kind: 'Deployment', image: 'docker.io/devtools-x/toolbox', tag: 'latest', process: 'sleep', serviceAccount: 'default', weight: 6 },
];

export const PEOPLE: readonly Person[] = [
  { username: 'alice.nguyen@example.com', suspicious: false },
  { username: 'bob.schmidt@example.com', suspicious: false },
  { username: 'carol.okafor@example.com', suspicious: false },
  { username: 'dev.patel@example.com', suspicious: false },
  { username: 'eve.martin@example.com', suspicious: true },
];

/** `system:serviceaccount:<namespace>:<name>` */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

export interface World {
  readonly clusters: readonly Cluster[];
  readonly pods: readonly Pod[];
  /** Pods of one cluster. */
  podsIn(cluster: Cluster): readonly Pod[];
  pickCluster(rng: Random): Cluster;
  /** A pod, weighted by how often its workload shows up in security events. */
  pickPod(rng: Random, cluster?: Cluster): Pod;
}

/** The same world for every source and every run. */
export function buildWorld(): World {
  const rng = new Random(seedFrom('polydash world'));
  const clusters: Cluster[] = CLUSTER_SPECS.map((spec) => ({
    name: spec.name,
    region: spec.region,
    weight: spec.weight,
    nodes: Array.from({ length: spec.nodes }, () => `ip-${spec.subnet.replace('.', '-')}-${rng.int(0, 31)}-${rng.int(4, 250)}.${spec.region}.compute.internal`),
  }));
  const pods: Pod[] = [];
  for (const cluster of clusters) {
    for (const workload of WORKLOADS) {
      const replicas = workload.kind === 'DaemonSet' ? cluster.nodes.length : workload.kind === 'StatefulSet' ? 2 : rng.int(2, 3);
      const template = rng.k8sSuffix(10);
      for (let i = 0; i < replicas; i++) {
        const name =
          workload.kind === 'StatefulSet' ? `${workload.name}-${i}`
          : workload.kind === 'DaemonSet' ? `${workload.name}-${rng.k8sSuffix(5)}`
          : `${workload.name}-${template}-${rng.k8sSuffix(5)}`;
        const node = workload.kind === 'DaemonSet' ? cluster.nodes[i]! : rng.pick(cluster.nodes);
        const subnet = CLUSTER_SPECS.find((s) => s.name === cluster.name)!.subnet;
        pods.push({ cluster, workload, name, node, containerId: rng.hex(12), ip: rng.ipv4(`${subnet}.${rng.int(64, 127)}`) });
      }
    }
  }
  const byCluster = new Map(clusters.map((c) => [c.name, pods.filter((p) => p.cluster === c)]));
  return {
    clusters,
    pods,
    podsIn: (cluster) => byCluster.get(cluster.name)!,
    pickCluster: (r) => r.weighted(clusters, (c) => c.weight),
    pickPod: (r, cluster) => r.weighted(cluster ? byCluster.get(cluster.name)! : pods, (p) => p.workload.weight * p.cluster.weight),
  };
}

// ---- time ----------------------------------------------------------------------------

export interface TimeWindow {
  /** Epoch milliseconds, inclusive. */
  readonly start: number;
  /** Epoch milliseconds, exclusive: "now". */
  readonly end: number;
}

/** Relative activity at an instant: office hours in UTC busier, weekends quieter. */
function activity(t: number): number {
  const d = new Date(t);
  const hour = d.getUTCHours();
  const day = d.getUTCDay();
  const daytime = hour >= 7 && hour < 19 ? 1 : 0.45;
  const weekend = day === 0 || day === 6 ? 0.6 : 1;
  return daytime * weekend;
}

/**
 * `n` instants in the window, ascending: mostly following the daily rhythm, with a share
 * clustered around a few bursts (an incident, a deploy gone wrong).
 */
export function sampleTimes(rng: Random, n: number, window: TimeWindow, options: { bursts?: number; burstShare?: number } = {}): number[] {
  const span = window.end - window.start;
  const centers = Array.from({ length: options.bursts ?? 4 }, () => window.start + rng.next() * span);
  const burstShare = options.burstShare ?? 0.12;
  const out: number[] = [];
  while (out.length < n) {
    let t: number;
    if (rng.chance(burstShare)) {
      t = rng.pick(centers) + rng.exponential(20 * 60_000) * (rng.chance(0.5) ? 1 : -1);
    } else {
      t = window.start + rng.next() * span;
      if (!rng.chance(activity(t))) continue;
    }
    if (t >= window.start && t < window.end) out.push(Math.floor(t));
  }
  return out.sort((a, b) => a - b);
}

/** `2025-06-02T11:59:58.123456789Z` from milliseconds plus sub-millisecond digits. */
export function isoWithFraction(ms: number, subMillisecondDigits: string): string {
  return new Date(ms).toISOString().replace(/Z$/, `${subMillisecondDigits}Z`);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 3164 syslog time, UTC: `Jun  2 11:59:58` (the day padded with a space). */
export function syslogTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
