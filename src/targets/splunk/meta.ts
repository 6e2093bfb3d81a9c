import type { TargetMeta } from '../target.js';

export const splunkMeta: TargetMeta = {
  name: 'splunk',
  title: 'Splunk',
  options: [
    {
      name: 'format',
      describe: 'Splunk dashboard format for every dashboard (a dashboard may choose with splunk: { format })',
      choices: ['simplexml', 'studio'],
    },
  ],
};
