import { defineSource } from 'polydash';

/**
 * Twistlock / Prisma Cloud Compute syslog (Console and Defender).
 * Assumptions: Sumo Logic collects it under the source category of the vendor's example
 * dashboard; Splunk indexes it as sourcetype twistlock:syslog; Elasticsearch keeps ECS fields
 * (host.name) in logs-twistlock-*; Loki streams carry job="twistlock" and a host label.
 */
export const twistlock = defineSource({
  id: 'twistlock',
  title: 'Twistlock (Prisma Cloud Compute) syslog',
  sumologic: { sourceCategory: 'twistlock/example' },
  splunk: { index: 'twistlock', sourcetype: 'twistlock:syslog' },
  elastic: { dataView: 'logs-twistlock-*', timeField: '@timestamp', messageField: 'message' },
  loki: { selector: { job: 'twistlock' }, labels: ['host'] },
  fields: {
    host: { sumologic: '_sourceHost', splunk: 'host', elastic: 'host.name', loki: 'host' },
  },
});
