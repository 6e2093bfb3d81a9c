import { defineSource } from '../../src/index.js';

/** A source bound in every product, with a metadata (indexed) field and ordinary fields. */
export const app = defineSource({
  id: 'app',
  sumologic: { sourceCategory: 'prod/app' },
  splunk: { index: 'main', sourcetype: 'app:log' },
  elastic: { dataView: 'logs-app-*', timeField: '@timestamp', messageField: 'message' },
  loki: { selector: { job: 'app' }, labels: ['host'], parser: 'json' },
  fields: {
    host: { sumologic: '_sourceHost', splunk: 'host', elastic: 'host.name', loki: 'host' },
    status: { sumologic: 'status', splunk: 'status', elastic: 'http.response.status_code', loki: 'status', type: 'number' },
    user: { sumologic: 'user', splunk: 'user', elastic: 'user.name', loki: 'user' },
    namespace: 'namespace',
  },
});
