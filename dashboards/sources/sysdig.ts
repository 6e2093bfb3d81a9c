import { defineSource } from 'polydash';
import type { RawFields } from './raw-fields.js';

/**
 * Sysdig Secure runtime policy events, POSTed as JSON by a Sysdig Secure webhook
 * notification channel. The payload model (see dashboards/samples/generate.ts):
 * `timestamp` (microseconds since the epoch), `id`, `type: "policy"`, `name` (the policy),
 * `severity` (0-7: 0-3 High, 4-5 Medium, 6 Low, 7 Info), `category`, `source`,
 * `content { ruleName, ruleType, ruleTags[], output, fields{} }`, `labels` whose keys keep
 * Sysdig's dotted names (`kubernetes.cluster.name`, `kubernetes.namespace.name`,
 * `host.hostName`, `container.image.repo` ...), and `state`/`resolved` (an event is resolved
 * once it has been acknowledged; the channel sends the event again with `resolved: true`).
 *
 * Assumptions, per product:
 * - Sumo Logic: an HTTP source with category `security/sysdig/secure` and the generated Field
 *   Extraction Rule (dashboards/ingest/sumologic.ts) defining the fields below.
 * - Splunk: index `sysdig`, sourcetype `sysdig:secure:event` (HEC), `KV_MODE = json`:
 *   `content.ruleName`, `labels.kubernetes.namespace.name` ...
 * - Elasticsearch: data stream `logs-sysdig.secure-default` written through the generated
 *   ingest pipeline (dashboards/ingest/elastic.ts), which turns the microsecond `timestamp`
 *   into `@timestamp`, keeps the original under `sysdig.*` (the output as a keyword,
 *   `sysdig.content.output`, so that tables can group by it) and adds ECS fields:
 *   `event.severity`, `rule.ruleset` (policy), `rule.name`, `message` (output, full text),
 *   `orchestrator.cluster.name`, `orchestrator.namespace`, `host.name`, `container.image.name`.
 * - Loki: a webhook receiver (Alloy or Vector) pushes the JSON as the line with labels
 *   `job="sysdig-secure"`, `cluster`, `namespace` and `severity`; other fields come from
 *   `| json` (`labels."host.hostName"` becomes `labels_host_hostName`).
 */
export const sysdigSecure = defineSource({
  id: 'sysdig-secure',
  title: 'Sysdig Secure policy events',
  sumologic: { sourceCategory: 'security/sysdig/secure' },
  splunk: { index: 'sysdig', sourcetype: 'sysdig:secure:event' },
  elastic: { dataView: 'logs-sysdig.secure-*', timeField: '@timestamp', messageField: 'message' },
  loki: { selector: { job: 'sysdig-secure' }, labels: ['cluster', 'namespace', 'severity'], parser: 'json' },
  fields: {
    severity: { sumologic: 'severity', splunk: 'severity', elastic: 'event.severity', loki: 'severity', type: 'number' },
    policy: { sumologic: 'policy_name', splunk: 'name', elastic: 'rule.ruleset', loki: 'name' },
    rule: { sumologic: 'rule_name', splunk: 'content.ruleName', elastic: 'rule.name', loki: 'content_ruleName' },
    output: { sumologic: 'event_output', splunk: 'content.output', elastic: 'sysdig.content.output', loki: 'content_output' },
    resolved: { sumologic: 'resolved', splunk: 'resolved', elastic: 'sysdig.resolved', loki: 'resolved' },
    cluster: { sumologic: 'cluster', splunk: 'labels.kubernetes.cluster.name', elastic: 'orchestrator.cluster.name', loki: 'cluster' },
    namespace: { sumologic: 'namespace', splunk: 'labels.kubernetes.namespace.name', elastic: 'orchestrator.namespace', loki: 'namespace' },
    host: { sumologic: 'host_name', splunk: 'labels.host.hostName', elastic: 'host.name', loki: 'labels_host_hostName' },
    image: { sumologic: 'container_image', splunk: 'labels.container.image.repo', elastic: 'container.image.name', loki: 'labels_container_image_repo' },
  },
});

/**
 * Sysdig Monitor alert notifications, POSTed as JSON by a Sysdig Monitor webhook channel:
 * `timestamp` and `timespan` (microseconds), `alert { id, name, severity (0-7), description,
 * scope, editUrl }`, `event { id, url }`, `state` (`ACTIVE` when the alert fires, `OK` when it
 * resolves), `resolved`, `condition`, `entities[]` and `source`.
 *
 * "Weighted by severity" needs a number per notification: `severity_weight = 8 - alert.severity`
 * (0 counts 8, 7 counts 1), added at ingest in every product from one definition
 * (`severityWeight` in dashboards/sources/raw-fields.ts): a field expression in the Sumo Logic Field Extraction Rule, an
 * `EVAL-` calculated field in Splunk's props.conf (search time, so it also applies to old
 * events), a script in the Elasticsearch ingest pipeline, and structured metadata set by the
 * Loki shipper (`stage.template` in Alloy).
 *
 * Assumptions, per product:
 * - Sumo Logic: HTTP source, category `monitoring/sysdig/alerts`, the generated Field Extraction Rule.
 * - Splunk: index `sysdig`, sourcetype `sysdig:monitor:alert` (HEC), `KV_MODE = json`.
 * - Elasticsearch: data stream `logs-sysdig.monitor-default` through the generated pipeline:
 *   `rule.name` (alert name), `rule.reference` (the alert's `editUrl`), `event.severity`,
 *   `event.url` (the event's link), `message` (description, full text),
 *   and under `sysdig.*` the original with `alert.description` as a keyword, `state`,
 *   `resolved` and the added `severity_weight`.
 * - Loki: the JSON is the line, labels `job="sysdig-monitor"` and `severity`, structured
 *   metadata `severity_weight`; other fields from `| json` (`alert.name` is `alert_name`).
 */
export const sysdigMonitor = defineSource({
  id: 'sysdig-monitor',
  title: 'Sysdig Monitor alerts',
  sumologic: { sourceCategory: 'monitoring/sysdig/alerts' },
  splunk: { index: 'sysdig', sourcetype: 'sysdig:monitor:alert' },
  elastic: { dataView: 'logs-sysdig.monitor-*', timeField: '@timestamp', messageField: 'message' },
  loki: { selector: { job: 'sysdig-monitor' }, labels: ['severity'], parser: 'json' },
  fields: {
    alert_name: { sumologic: 'alert_name', splunk: 'alert.name', elastic: 'rule.name', loki: 'alert_name' },
    alert_text: { sumologic: 'alert_text', splunk: 'alert.description', elastic: 'sysdig.alert.description', loki: 'alert_description' },
    alert_link: { sumologic: 'alert_link', splunk: 'alert.editUrl', elastic: 'rule.reference', loki: 'alert_editUrl' },
    severity: { sumologic: 'severity', splunk: 'alert.severity', elastic: 'event.severity', loki: 'severity', type: 'number' },
    severity_weight: { sumologic: 'severity_weight', splunk: 'severity_weight', elastic: 'sysdig.severity_weight', loki: 'severity_weight', type: 'number' },
    state: { sumologic: 'alert_state', splunk: 'state', elastic: 'sysdig.state', loki: 'state' },
    resolved: { sumologic: 'resolved', splunk: 'resolved', elastic: 'sysdig.resolved', loki: 'resolved' },
  },
});

/** Where each field of `sysdigSecure` is in the webhook payload. */
export const sysdigSecureRawFields = {
  severity: { json: ['severity'] },
  policy: { json: ['name'] },
  rule: { json: ['content', 'ruleName'] },
  output: { json: ['content', 'output'] },
  resolved: { json: ['resolved'] },
  cluster: { json: ['labels', 'kubernetes.cluster.name'] },
  namespace: { json: ['labels', 'kubernetes.namespace.name'] },
  host: { json: ['labels', 'host.hostName'] },
  image: { json: ['labels', 'container.image.repo'] },
} as const satisfies RawFields;

/** Where each field of `sysdigMonitor` is in the webhook payload. */
export const sysdigMonitorRawFields = {
  alert_name: { json: ['alert', 'name'] },
  alert_text: { json: ['alert', 'description'] },
  alert_link: { json: ['alert', 'editUrl'] },
  severity: { json: ['alert', 'severity'] },
  severity_weight: { severityWeightOf: ['alert', 'severity'] },
  state: { json: ['state'] },
  resolved: { json: ['resolved'] },
} as const satisfies RawFields;
