import { defineSource } from 'polydash';
import type { RawFields } from './raw-fields.js';

/**
 * Kubernetes API server audit logs: one `audit.k8s.io/v1` `Event` per line (the API server's
 * log backend, or its webhook backend): `verb`, `user.username`, `user.groups[]`,
 * `sourceIPs[]`, `userAgent`, `objectRef { resource, subresource, namespace, name, apiGroup }`,
 * `responseStatus.code`, `stage`, `annotations["authorization.k8s.io/decision"]`
 * (`allow` or `forbid`) and `requestReceivedTimestamp`. The audit Event carries no cluster
 * name: every product gets it from the collector.
 *
 * Assumptions, per product:
 * - Sumo Logic: category `kubernetes/audit`, the generated Field Extraction Rule, and the
 *   `cluster` field set by the collector (Sumo Logic's Kubernetes collection sets it).
 * - Splunk: index `kubernetes`, sourcetype `kube:apiserver:audit`, `KV_MODE = json`; the
 *   annotation key holds `/` and dots, so the generated props.conf aliases it to `decision`;
 *   `cluster` is an indexed field sent in the HEC envelope (`"fields": {"cluster": ...}`).
 * - Elasticsearch: Elastic's Kubernetes audit-logs integration (`logs-kubernetes.audit_logs-*`),
 *   which keeps the Event under `kubernetes.audit.*` (annotation keys with `_` for dots:
 *   `authorization_k8s_io/decision`), plus `orchestrator.cluster.name` from the agent.
 * - Loki: the Event is the line, labels `job="kube-apiserver-audit"`, `cluster`, and
 *   `namespace` (promoted from `objectRef.namespace` by the shipper; absent for cluster-scoped
 *   requests); other fields from `| json` (`objectRef.resource` is `objectRef_resource`).
 */
export const kubernetesAudit = defineSource({
  id: 'k8s-audit',
  title: 'Kubernetes audit logs',
  sumologic: { sourceCategory: 'kubernetes/audit' },
  splunk: { index: 'kubernetes', sourcetype: 'kube:apiserver:audit' },
  elastic: { dataView: 'logs-kubernetes.audit_logs-*', timeField: '@timestamp', messageField: 'message' },
  loki: { selector: { job: 'kube-apiserver-audit' }, labels: ['cluster', 'namespace'], parser: 'json' },
  fields: {
    cluster: { sumologic: 'cluster', splunk: 'cluster', elastic: 'orchestrator.cluster.name', loki: 'cluster' },
    namespace: { sumologic: 'namespace', splunk: 'objectRef.namespace', elastic: 'kubernetes.audit.objectRef.namespace', loki: 'namespace' },
    verb: { sumologic: 'verb', splunk: 'verb', elastic: 'kubernetes.audit.verb', loki: 'verb' },
    user: { sumologic: 'user_name', splunk: 'user.username', elastic: 'kubernetes.audit.user.username', loki: 'user_username' },
    resource: { sumologic: 'resource', splunk: 'objectRef.resource', elastic: 'kubernetes.audit.objectRef.resource', loki: 'objectRef_resource' },
    status_code: { sumologic: 'status_code', splunk: 'responseStatus.code', elastic: 'kubernetes.audit.responseStatus.code', loki: 'responseStatus_code', type: 'number' },
    decision: {
      sumologic: 'decision',
      splunk: 'decision',
      elastic: 'kubernetes.audit.annotations.authorization_k8s_io/decision',
      loki: 'annotations_authorization_k8s_io_decision',
    },
  },
});

/**
 * kAudit-style findings: what an audit-log analyser writes (modelled on Alcide kAudit's output)
 * about the audit stream above. The model, one JSON object per finding:
 * - `record_type`: `detection` or `selection`.
 * - detections: `detection { type: "incident" | "anomaly", confidence: "high" | "medium" |
 *   "low", score (0-100), category, summary }`; an incident is a known-bad pattern, an anomaly
 *   a deviation from the learned behaviour of the principal.
 * - selections: audit entries that matched a policy rule: `rule.name` and `rule.action`
 *   (`alert` or `report`), no `detection`.
 * - both: `id`, `time` (ISO-8601), `cluster`, `namespace` (absent for cluster-scoped requests),
 *   `principal { name, type: "user" | "serviceaccount" | "group" }`, `resource` (`secrets`,
 *   `pods/exec` ..., or the path of a non-resource request such as `/api`), `verb`,
 *   `audit { id, responseCode, sourceIP, userAgent }` (the audit entry it is about), and
 *   `rule.name` (for detections, the detector that fired).
 *
 * Assumptions, per product:
 * - Sumo Logic: category `security/kaudit`, the generated Field Extraction Rule.
 * - Splunk: index `kaudit`, sourcetype `kaudit:finding`, `KV_MODE = json`.
 * - Elasticsearch: data stream `logs-kaudit.findings-default` through the generated pipeline,
 *   which names the audit-entry fields as the audit-logs integration does
 *   (`kubernetes.audit.verb`, `kubernetes.audit.objectRef.*`, `kubernetes.audit.user.username`
 *   for the principal), so one Kibana control filters both sources, and keeps the rest under `kaudit.*`.
 * - Loki: the JSON is the line, labels `job="kaudit"`, `cluster`, `namespace`; the rest from `| json`.
 */
export const kaudit = defineSource({
  id: 'kaudit',
  title: 'kAudit findings',
  sumologic: { sourceCategory: 'security/kaudit' },
  splunk: { index: 'kaudit', sourcetype: 'kaudit:finding' },
  elastic: { dataView: 'logs-kaudit.findings-*', timeField: '@timestamp', messageField: 'message' },
  loki: { selector: { job: 'kaudit' }, labels: ['cluster', 'namespace'], parser: 'json' },
  fields: {
    cluster: { sumologic: 'cluster', splunk: 'cluster', elastic: 'orchestrator.cluster.name', loki: 'cluster' },
    namespace: { sumologic: 'namespace', splunk: 'namespace', elastic: 'kubernetes.audit.objectRef.namespace', loki: 'namespace' },
    record_type: { sumologic: 'record_type', splunk: 'record_type', elastic: 'kaudit.record_type', loki: 'record_type' },
    detection_type: { sumologic: 'detection_type', splunk: 'detection.type', elastic: 'kaudit.detection.type', loki: 'detection_type' },
    confidence: { sumologic: 'confidence', splunk: 'detection.confidence', elastic: 'kaudit.detection.confidence', loki: 'detection_confidence' },
    rule: { sumologic: 'rule_name', splunk: 'rule.name', elastic: 'rule.name', loki: 'rule_name' },
    principal: { sumologic: 'principal', splunk: 'principal.name', elastic: 'kubernetes.audit.user.username', loki: 'principal_name' },
    principal_type: { sumologic: 'principal_type', splunk: 'principal.type', elastic: 'kaudit.principal.type', loki: 'principal_type' },
    resource: { sumologic: 'resource', splunk: 'resource', elastic: 'kubernetes.audit.objectRef.resource', loki: 'resource' },
    verb: { sumologic: 'verb', splunk: 'verb', elastic: 'kubernetes.audit.verb', loki: 'verb' },
  },
});

/** Where each field of `kubernetesAudit` is in an audit Event. */
export const kubernetesAuditRawFields = {
  cluster: { collector: 'the name of the cluster whose API server wrote the Event' },
  namespace: { json: ['objectRef', 'namespace'] },
  verb: { json: ['verb'] },
  user: { json: ['user', 'username'] },
  resource: { json: ['objectRef', 'resource'] },
  status_code: { json: ['responseStatus', 'code'] },
  decision: { json: ['annotations', 'authorization.k8s.io/decision'] },
} as const satisfies RawFields;

/** Where each field of `kaudit` is in a finding. */
export const kauditRawFields = {
  cluster: { json: ['cluster'] },
  namespace: { json: ['namespace'] },
  record_type: { json: ['record_type'] },
  detection_type: { json: ['detection', 'type'] },
  confidence: { json: ['detection', 'confidence'] },
  rule: { json: ['rule', 'name'] },
  principal: { json: ['principal', 'name'] },
  principal_type: { json: ['principal', 'type'] },
  resource: { json: ['resource'] },
  verb: { json: ['verb'] },
} as const satisfies RawFields;
