// Kubernetes API server audit Events (audit.k8s.io/v1, level Metadata or Request, stage
// ResponseComplete) and kAudit-style findings about them.
//
// The audit sample is a thin, security-relevant slice of a real stream: control-plane leases
// and node status, monitoring and CI service accounts, people using kubectl, and the requests
// the authorizer forbids (anonymous probes, a service account reaching for secrets, a person
// exec-ing into kube-system). Cluster-scoped requests (nodes, namespaces, cluster roles, bare
// `/api` probes) have no `objectRef.namespace`.

import type { Random } from './random.js';
import type { RawSample, SampleContext } from './types.js';
import { type Cluster, isoWithFraction, PEOPLE, serviceAccountUser, WORKLOADS, type World } from './world.js';

interface Request {
  readonly user: string;
  readonly groups: readonly string[];
  readonly userAgent: string;
  readonly sourceIP: string;
  readonly verb: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly apiGroup?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** Non-resource request path, such as `/api` or `/version`. */
  readonly path?: string;
  readonly code: number;
  /** How RBAC allowed it, or undefined when the authorizer forbade it. */
  readonly allowedBy?: string;
  readonly level: 'Metadata' | 'Request';
}

const AUTHENTICATED = ['system:authenticated'];
const KUBECTL = 'kubectl/v1.29.3 (linux/amd64) kubernetes/6813625';
const APP_NAMESPACES = [...new Set(WORKLOADS.map((w) => w.namespace))].filter((n) => n !== 'kube-system');

function person(rng: Random, suspicious = false): string {
  return suspicious ? PEOPLE.find((p) => p.suspicious)!.username : rng.pick(PEOPLE.filter((p) => !p.suspicious)).username;
}

type Scenario = (rng: Random, world: World, cluster: Cluster) => Request;

const SCENARIOS: readonly { readonly weight: number; readonly make: Scenario }[] = [
  // control plane: leader-election leases
  {
    weight: 22,
    make: (rng) => {
      const component = rng.pick(['kube-controller-manager', 'kube-scheduler']);
      return { user: `system:${component}`, groups: AUTHENTICATED, userAgent: `${component}/v1.29.3 (linux/amd64) kubernetes/6813625/leader-election`, sourceIP: '10.0.0.12', verb: rng.pick(['get', 'update']), resource: 'leases', apiGroup: 'coordination.k8s.io', namespace: 'kube-system', name: component, code: 200, allowedBy: `RBAC: allowed by ClusterRoleBinding "system:${component}" of ClusterRole "system:${component}" to User "system:${component}"`, level: 'Metadata' };
    },
  },
  // kubelets report node status
  {
    weight: 14,
    make: (rng, _w, cluster) => {
      const node = rng.pick(cluster.nodes);
      return { user: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'], userAgent: 'kubelet/v1.29.3 (linux/amd64) kubernetes/6813625', sourceIP: rng.ipv4('10.0.1'), verb: 'patch', resource: 'nodes', subresource: 'status', name: node, code: 200, allowedBy: '', level: 'Metadata' };
    },
  },
  // monitoring lists and watches pods cluster-wide
  {
    weight: 12,
    make: (rng) => ({ user: serviceAccountUser('monitoring', 'prometheus'), groups: ['system:serviceaccounts', 'system:serviceaccounts:monitoring', 'system:authenticated'], userAgent: 'prometheus/2.51.1', sourceIP: rng.ipv4('10.21.90'), verb: rng.pick(['list', 'watch']), resource: rng.pick(['pods', 'endpoints', 'services']), code: 200, allowedBy: 'RBAC: allowed by ClusterRoleBinding "prometheus" of ClusterRole "prometheus" to ServiceAccount "prometheus/monitoring"', level: 'Metadata' }),
  },
  // workloads read their config
  {
    weight: 10,
    make: (rng) => {
      const w = rng.pick(WORKLOADS.filter((x) => x.namespace !== 'kube-system'));
      return { user: serviceAccountUser(w.namespace, w.serviceAccount), groups: ['system:serviceaccounts', `system:serviceaccounts:${w.namespace}`, 'system:authenticated'], userAgent: `${w.name}/${w.tag}`, sourceIP: rng.ipv4('10.21.70'), verb: 'get', resource: 'configmaps', namespace: w.namespace, name: `${w.name}-config`, code: rng.chance(0.08) ? 404 : 200, allowedBy: `RBAC: allowed by RoleBinding "${w.name}-reader/${w.namespace}" of Role "config-reader" to ServiceAccount "${w.serviceAccount}/${w.namespace}"`, level: 'Metadata' };
    },
  },
  // CI deploys
  {
    weight: 9,
    make: (rng) => {
      const w = rng.pick(WORKLOADS.filter((x) => x.kind === 'Deployment' && x.namespace !== 'kube-system'));
      return { user: serviceAccountUser('ci', 'deployer'), groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'], userAgent: 'helm/v3.14.3', sourceIP: rng.ipv4('10.21.80'), verb: rng.pick(['patch', 'update', 'get']), resource: 'deployments', apiGroup: 'apps', namespace: w.namespace, name: w.name, code: rng.chance(0.05) ? 409 : 200, allowedBy: 'RBAC: allowed by ClusterRoleBinding "ci-deployer" of ClusterRole "deployer" to ServiceAccount "deployer/ci"', level: 'Request' };
    },
  },
  // people using kubectl
  {
    weight: 14,
    make: (rng, world, cluster) => {
      const pod = rng.pick(world.podsIn(cluster).filter((p) => p.workload.namespace !== 'kube-system'));
      const [verb, resource, subresource] = rng.weighted(
        [
          ['get', 'pods', undefined, 8],
          ['list', 'pods', undefined, 8],
          ['get', 'pods', 'log', 6],
          ['create', 'pods', 'exec', 3],
          ['delete', 'pods', undefined, 2],
          ['get', 'secrets', undefined, 2],
          ['create', 'secrets', undefined, 1],
        ] as const,
        (x) => x[3],
      );
      return { user: person(rng), groups: ['oidc:platform-team', 'system:authenticated'], userAgent: KUBECTL, sourceIP: rng.ipv4('10.8.4'), verb, resource, ...(subresource ? { subresource } : {}), namespace: pod.workload.namespace, ...(verb === 'list' ? {} : { name: resource === 'secrets' ? `${pod.workload.name}-tls` : pod.name }), code: verb === 'create' && !subresource ? 201 : 200, allowedBy: 'RBAC: allowed by ClusterRoleBinding "platform-team-edit" of ClusterRole "edit" to Group "oidc:platform-team"', level: verb === 'get' || verb === 'list' ? 'Metadata' : 'Request' };
    },
  },
  // people: namespaces and cluster roles (cluster-scoped)
  {
    weight: 3,
    make: (rng) => ({ user: person(rng), groups: ['oidc:platform-team', 'system:authenticated'], userAgent: KUBECTL, sourceIP: rng.ipv4('10.8.4'), verb: rng.pick(['get', 'list']), resource: rng.pick(['namespaces', 'clusterroles', 'nodes']), ...(rng.chance(0.5) ? { apiGroup: 'rbac.authorization.k8s.io' } : {}), code: 200, allowedBy: 'RBAC: allowed by ClusterRoleBinding "platform-team-view" of ClusterRole "view" to Group "oidc:platform-team"', level: 'Metadata' }),
  },
  // forbidden: anonymous probes from outside
  {
    weight: 3,
    make: (rng) => ({ user: 'system:anonymous', groups: ['system:unauthenticated'], userAgent: rng.pick(['python-requests/2.31.0', 'curl/8.5.0', 'Go-http-client/1.1']), sourceIP: rng.ipv4(rng.pick(['185.220', '45.146', '103.75'])), verb: 'get', path: rng.pick(['/api', '/version', '/api/v1/namespaces/kube-system/secrets']), code: 403, level: 'Metadata' }),
  },
  // forbidden: a compromised workload's service account reaches for secrets
  {
    weight: 3,
    make: (rng) => ({ user: serviceAccountUser('default', 'default'), groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'], userAgent: 'kubectl/v1.28.0 (linux/amd64) kubernetes/a2b7c8d', sourceIP: rng.ipv4('10.21.99'), verb: rng.pick(['list', 'get']), resource: 'secrets', namespace: rng.pick(['kube-system', 'payments', 'auth']), code: 403, level: 'Metadata' }),
  },
  // forbidden: a person exec-ing into kube-system, or binding cluster-admin
  {
    weight: 2,
    make: (rng, world, cluster) => {
      const pod = rng.pick(world.podsIn(cluster).filter((p) => p.workload.namespace === 'kube-system'));
      return rng.chance(0.6)
        ? { user: person(rng, true), groups: ['oidc:contractors', 'system:authenticated'], userAgent: KUBECTL, sourceIP: rng.ipv4('10.8.9'), verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'kube-system', name: pod.name, code: 403, level: 'Request' }
        : { user: serviceAccountUser('ci', 'deployer'), groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'], userAgent: 'helm/v3.14.3', sourceIP: rng.ipv4('10.21.80'), verb: 'create', resource: 'clusterrolebindings', apiGroup: 'rbac.authorization.k8s.io', name: 'ci-cluster-admin', code: 403, level: 'Request' };
    },
  },
];

function requestURI(r: Request): string {
  if (r.path) return r.path;
  const base = r.apiGroup ? `/apis/${r.apiGroup}/v1` : '/api/v1';
  const ns = r.namespace ? `/namespaces/${r.namespace}` : '';
  const name = r.name ? `/${r.name}` : '';
  const sub = r.subresource ? `/${r.subresource}` : '';
  const query = r.verb === 'watch' ? '?watch=true' : r.subresource === 'exec' ? '?command=sh&stdin=true&stdout=true&tty=true' : '';
  return `${base}${ns}/${r.resource}${name}${sub}${query}`;
}

function forbiddenMessage(r: Request): string {
  const what = r.path ? `cannot get path "${r.path}"` : `cannot ${r.verb} resource "${r.resource}${r.subresource ? `/${r.subresource}` : ''}" in API group "${r.apiGroup ?? ''}"${r.namespace ? ` in the namespace "${r.namespace}"` : ' at the cluster scope'}`;
  const subject = r.path ? 'forbidden' : `${r.resource}${r.name ? ` "${r.name}"` : ''} is forbidden`;
  return `${subject}: User "${r.user}" ${what}`;
}

export function kubernetesAuditSamples({ rng, world }: SampleContext, times: readonly number[]): RawSample[] {
  return times.map((time) => {
    const cluster = world.pickCluster(rng);
    const r = rng.weighted(SCENARIOS, (s) => s.weight).make(rng, world, cluster);
    const received = isoWithFraction(time, String(rng.int(0, 999)).padStart(3, '0'));
    const completed = isoWithFraction(time + rng.int(1, 40), String(rng.int(0, 999)).padStart(3, '0'));
    const forbidden = r.code === 403;
    const raw = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: r.level,
      auditID: rng.uuid(),
      stage: 'ResponseComplete',
      requestURI: requestURI(r),
      verb: r.verb,
      user: { username: r.user, ...(r.user.startsWith('system:') ? {} : { uid: rng.uuid() }), groups: r.groups },
      sourceIPs: [r.sourceIP],
      userAgent: r.userAgent,
      ...(r.resource
        ? {
            objectRef: {
              resource: r.resource,
              ...(r.namespace ? { namespace: r.namespace } : {}),
              ...(r.name ? { name: r.name } : {}),
              ...(r.apiGroup ? { apiGroup: r.apiGroup } : {}),
              apiVersion: 'v1',
              ...(r.subresource ? { subresource: r.subresource } : {}),
            },
          }
        : {}),
      responseStatus: forbidden
        ? { metadata: {}, status: 'Failure', message: forbiddenMessage(r), reason: 'Forbidden', code: 403 }
        : r.code >= 400
          ? { metadata: {}, status: 'Failure', reason: r.code === 404 ? 'NotFound' : 'Conflict', code: r.code }
          : { metadata: {}, code: r.code },
      requestReceivedTimestamp: received,
      stageTimestamp: completed,
      annotations: { 'authorization.k8s.io/decision': forbidden ? 'forbid' : 'allow', 'authorization.k8s.io/reason': r.allowedBy ?? '' },
    };
    return { time, raw, collector: { cluster: cluster.name } };
  });
}

// ---- kAudit findings ----------------------------------------------------------------------

interface Subject {
  readonly principal: string;
  readonly principalType: 'user' | 'serviceaccount' | 'group';
  readonly resource: string;
  readonly verb: string;
  /** Cluster-scoped findings have no namespace. */
  readonly namespace?: string;
  readonly responseCode: number;
}

const SELECTION_RULES: readonly { readonly name: string; readonly action: 'alert' | 'report'; readonly weight: number; readonly subject: (rng: Random) => Subject }[] = [
  { name: 'Secrets read by a non-system principal', action: 'alert', weight: 9, subject: (r) => ({ principal: person(r, r.chance(0.3)), principalType: 'user', resource: 'secrets', verb: r.pick(['get', 'list']), namespace: r.pick(APP_NAMESPACES), responseCode: 200 }) },
  { name: 'Exec into a pod', action: 'alert', weight: 10, subject: (r) => ({ principal: person(r, r.chance(0.35)), principalType: 'user', resource: 'pods/exec', verb: 'create', namespace: r.pick(APP_NAMESPACES), responseCode: 101 }) },
  { name: 'Privileged pod created', action: 'alert', weight: 4, subject: (r) => ({ principal: serviceAccountUser('ci', 'deployer'), principalType: 'serviceaccount', resource: 'pods', verb: 'create', namespace: r.pick(['data-pipeline', 'monitoring', 'default']), responseCode: 201 }) },
  { name: 'Binding to cluster-admin', action: 'alert', weight: 2, subject: (r) => ({ principal: r.pick([serviceAccountUser('ci', 'deployer'), person(r)]), principalType: 'serviceaccount', resource: 'clusterrolebindings', verb: 'create', responseCode: 201 }) },
  { name: 'Pod with a hostPath volume', action: 'report', weight: 5, subject: (r) => ({ principal: serviceAccountUser('ci', 'deployer'), principalType: 'serviceaccount', resource: 'pods', verb: 'create', namespace: r.pick(['monitoring', 'kube-system', 'default']), responseCode: 201 }) },
  { name: 'Request from outside the cluster network', action: 'report', weight: 6, subject: (r) => ({ principal: r.pick(['system:anonymous', person(r, true)]), principalType: 'user', resource: r.pick(['namespaces', 'pods', 'secrets']), verb: 'get', responseCode: 403 }) },
  { name: 'Anonymous request', action: 'alert', weight: 5, subject: () => ({ principal: 'system:anonymous', principalType: 'user', resource: '/api', verb: 'get', responseCode: 403 }) },
  { name: 'Workload changed outside CI', action: 'report', weight: 6, subject: (r) => ({ principal: person(r), principalType: 'user', resource: 'deployments', verb: r.pick(['patch', 'update', 'delete']), namespace: r.pick(APP_NAMESPACES), responseCode: 200 }) },
];

const DETECTORS: readonly { readonly name: string; readonly type: 'incident' | 'anomaly'; readonly category: string; readonly weight: number; readonly summary: (s: Subject) => string; readonly subject: (rng: Random) => Subject }[] = [
  { name: 'Service account token used from a new source', type: 'incident', category: 'credential-access', weight: 4, summary: (s) => `Token of ${s.principal} used from an address it never used before`, subject: (r) => ({ principal: serviceAccountUser('default', 'default'), principalType: 'serviceaccount', resource: 'secrets', verb: 'list', namespace: r.pick(['kube-system', 'payments']), responseCode: 403 }) },
  { name: 'Privilege escalation through role binding', type: 'incident', category: 'privilege-escalation', weight: 3, summary: (s) => `${s.principal} bound itself to a more privileged role`, subject: (r) => ({ principal: r.pick([serviceAccountUser('ci', 'deployer'), person(r, true)]), principalType: 'serviceaccount', resource: 'rolebindings', verb: 'create', namespace: r.pick(APP_NAMESPACES), responseCode: 201 }) },
  { name: 'Secrets enumeration', type: 'incident', category: 'discovery', weight: 4, summary: (s) => `${s.principal} listed secrets across namespaces`, subject: (r) => ({ principal: person(r, true), principalType: 'user', resource: 'secrets', verb: 'list', namespace: r.pick(APP_NAMESPACES), responseCode: 200 }) },
  { name: 'Unusual resource access for principal', type: 'anomaly', category: 'behavior', weight: 8, summary: (s) => `${s.principal} accessed ${s.resource}, which it does not usually touch`, subject: (r) => ({ principal: r.pick([person(r), person(r, true), serviceAccountUser('monitoring', 'prometheus')]), principalType: 'user', resource: r.pick(['secrets', 'configmaps', 'pods/exec', 'roles']), verb: r.pick(['get', 'list', 'create']), namespace: r.pick(APP_NAMESPACES), responseCode: 200 }) },
  { name: 'Unusual source address for principal', type: 'anomaly', category: 'behavior', weight: 6, summary: (s) => `${s.principal} connected from an unusual network`, subject: (r) => ({ principal: person(r, r.chance(0.5)), principalType: 'user', resource: 'pods', verb: 'get', namespace: r.pick(APP_NAMESPACES), responseCode: 200 }) },
  { name: 'Unusual request volume', type: 'anomaly', category: 'volume', weight: 5, summary: (s) => `${s.principal} sent far more ${s.verb} requests than usual`, subject: (r) => ({ principal: r.pick([serviceAccountUser('ci', 'deployer'), serviceAccountUser('monitoring', 'prometheus')]), principalType: 'serviceaccount', resource: r.pick(['pods', 'deployments', 'events']), verb: r.pick(['list', 'watch', 'patch']), namespace: r.pick(APP_NAMESPACES), responseCode: 200 }) },
  { name: 'First use of verb by service account', type: 'anomaly', category: 'behavior', weight: 4, summary: (s) => `${s.principal} used ${s.verb} for the first time`, subject: (r) => ({ principal: serviceAccountUser(r.pick(['payments', 'catalog', 'checkout']), r.pick(['payments-api', 'catalog', 'default'])), principalType: 'serviceaccount', resource: r.pick(['secrets', 'pods', 'serviceaccounts']), verb: r.pick(['create', 'delete', 'list']), namespace: r.pick(APP_NAMESPACES), responseCode: 403 }) },
];

const CONFIDENCE_SCORE = { high: [80, 99], medium: [55, 79], low: [25, 54] } as const;

export function kauditSamples({ rng, world }: SampleContext, times: readonly number[]): RawSample[] {
  return times.map((time) => {
    const cluster = world.pickCluster(rng);
    const detection = rng.chance(0.38);
    const base = { id: rng.uuid(), time: isoWithFraction(time, '000'), cluster: cluster.name };
    let finding: Record<string, unknown>;
    let subject: Subject;
    if (detection) {
      const d = rng.weighted(DETECTORS, (x) => x.weight);
      subject = d.subject(rng);
      const confidence = rng.weighted(['high', 'medium', 'low'] as const, (c) => (d.type === 'incident' ? { high: 5, medium: 3, low: 1 }[c] : { high: 2, medium: 4, low: 4 }[c]));
      const [lo, hi] = CONFIDENCE_SCORE[confidence];
      finding = { ...base, record_type: 'detection', detection: { type: d.type, confidence, score: rng.int(lo, hi), category: d.category, summary: d.summary(subject) }, rule: { name: d.name } };
    } else {
      const s = rng.weighted(SELECTION_RULES, (x) => x.weight);
      subject = s.subject(rng);
      finding = { ...base, record_type: 'selection', rule: { name: s.name, action: s.action } };
    }
    const principalType = subject.principal.startsWith('system:serviceaccount:') ? 'serviceaccount' : subject.principalType === 'group' ? 'group' : 'user';
    const raw = {
      ...finding,
      ...(subject.namespace ? { namespace: subject.namespace } : {}),
      principal: { name: subject.principal, type: principalType },
      resource: subject.resource,
      verb: subject.verb,
      audit: { id: rng.uuid(), responseCode: subject.responseCode, sourceIP: subject.responseCode === 403 && subject.principal === 'system:anonymous' ? rng.ipv4('185.220') : rng.ipv4('10.8.4'), userAgent: subject.principalType === 'serviceaccount' ? 'helm/v3.14.3' : KUBECTL },
    };
    return { time, raw };
  });
}
