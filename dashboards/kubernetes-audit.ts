// Kubernetes audit: what kAudit-style analysis found in the API server's audit log
// (detections: incidents and anomalies with a confidence; selections: audit entries that
// matched a policy rule), who and what they concern, and the requests the API server denied.

import { bar, dashboard, from, pie, table, timeSeries, variable } from 'polydash';
import { kaudit, kubernetesAudit } from './sources/kubernetes-audit.js';

const cluster = variable({ name: 'cluster', label: 'Cluster', values: from(kaudit), field: 'cluster', includeAll: true });
const namespace = variable({ name: 'namespace', label: 'Namespace', values: from(kaudit), field: 'namespace', includeAll: true });

/** Findings and audit entries, both filtered by the cluster and namespace variables. */
const findings = from(kaudit).where('cluster', '=', cluster).where('namespace', '=', namespace);
const detections = findings.where('record_type', '=', 'detection');
const audit = from(kubernetesAudit).where('cluster', '=', cluster).where('namespace', '=', namespace);

export default dashboard({
  uid: 'kubernetes-audit',
  // Audit data: auditors and security operations read it, security administrators maintain it.
  access: { view: ['auditors', 'secops'], edit: ['secops-admins'] },
  title: 'Kubernetes - Audit and kAudit findings',
  description: 'kAudit-style detections and selections over the Kubernetes audit log, and the API requests the API server denied.',
  tags: ['security', 'kubernetes', 'audit', 'kaudit'],
  time: { last: '7d' },
  variables: [cluster, namespace],
  panels: [
    pie({
      title: 'Detections vs selections',
      description: 'Detections are incidents and anomalies found by analysis; selections are audit entries that matched a policy rule.',
      query: findings.count().by('record_type'),
      donut: true,
      size: { w: 8, h: 8 },
    }),
    table({
      title: 'Incidents and anomalies by confidence',
      query: detections.count().by('detection_type', 'confidence').orderBy('count', 'desc'),
      size: { w: 8, h: 8 },
    }),
    timeSeries({
      title: 'Anomalies over time',
      description: 'Anomalies per hour, by confidence.',
      style: 'stacked',
      query: detections.where('detection_type', '=', 'anomaly').timeslice('1h').count().by('confidence'),
      size: { w: 8, h: 8 },
    }),
    bar({
      title: 'Findings by rule',
      description: 'The policy rule a selection matched, or the detector that raised a detection.',
      orientation: 'bar',
      query: findings.count().by('rule').orderBy('count', 'desc').limit(15),
      size: { w: 12, h: 9 },
    }),
    table({
      title: 'Findings by principal',
      description: 'The user or service account behind the audited request.',
      query: findings.count().by('principal', 'principal_type').orderBy('count', 'desc').limit(20),
      size: { w: 12, h: 9 },
    }),
    table({
      title: 'Findings by resource and verb',
      query: findings.count().by('resource', 'verb').orderBy('count', 'desc').limit(20),
      size: { w: 12, h: 9 },
    }),
    table({
      title: 'Denied API requests',
      description: 'Audit entries the authorizer forbade (annotation authorization.k8s.io/decision = forbid), by user, verb and resource.',
      query: audit.where('decision', '=', 'forbid').count().by('user', 'verb', 'resource').orderBy('count', 'desc').limit(20),
      size: { w: 12, h: 9 },
    }),
    timeSeries({
      title: 'Denied API requests over time',
      style: 'area',
      query: audit.where('decision', '=', 'forbid').timeslice('1h').count(),
      size: { w: 24, h: 7 },
    }),
  ],
});
