import type { TargetMeta } from '../target.js';
import { DEFAULT_VERSION, SUPPORTED_RANGE } from './versions.js';

export const kibanaMeta: TargetMeta = {
  name: 'kibana',
  title: 'Kibana',
  options: [
    {
      name: 'version',
      describe: `Kibana version the saved objects are for (${SUPPORTED_RANGE}; default ${DEFAULT_VERSION}): panels that need a newer version fall back or say why`,
    },
    {
      name: 'space',
      describe: 'Kibana space the file is for (default "default"); saved-object ids differ per space, as Kibana requires',
    },
  ],
};
