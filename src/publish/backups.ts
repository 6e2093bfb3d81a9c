// Before anything polydash replaces or deletes is gone, it is saved under
// .polydash/backups/<env>/<product>/<uid>-<timestamp>.json.

import path from 'node:path';
import { writeFileAtomic } from '../build/write.js';

export interface BackupStore {
  save(product: string, uid: string, raw: unknown): Promise<string>;
}

export function backupStore(root: string, environment: string, now: () => Date = () => new Date()): BackupStore {
  return {
    async save(product, uid, raw) {
      const stamp = now().toISOString().replace(/[:.]/g, '-');
      const file = path.join(root, '.polydash', 'backups', environment, product, `${uid}-${stamp}.json`);
      await writeFileAtomic(file, `${JSON.stringify(raw, null, 2)}\n`);
      return path.relative(root, file);
    },
  };
}
