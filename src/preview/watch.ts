// Watches folders for changes: fs.watch recursively where the platform supports it, else (or
// when watching fails, or the folder does not exist yet) a poll of names, sizes and times.

import { type FSWatcher, watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface Watcher {
  close(): void;
}

const POLL_MS = 1000;

async function signature(dir: string): Promise<string> {
  const parts: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else {
        const st = await stat(full).catch(() => undefined);
        if (st) parts.push(`${full}\u0000${st.size}\u0000${st.mtimeMs}`);
      }
    }
  };
  await walk(dir);
  return parts.join('\n');
}

function poll(dir: string, onChange: () => void): Watcher {
  let last: string | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async (): Promise<void> => {
    const now = await signature(dir);
    if (stopped) return;
    if (last !== undefined && now !== last) onChange();
    last = now;
    timer = setTimeout(() => void tick(), POLL_MS);
  };
  void tick();
  return {
    close: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

function watchOne(dir: string, onChange: () => void): Watcher {
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { recursive: true, persistent: false }, () => onChange());
  } catch {
    return poll(dir, onChange);
  }
  let fallback: Watcher | undefined;
  watcher.on('error', () => {
    watcher.close();
    fallback ??= poll(dir, onChange);
  });
  return {
    close: () => {
      watcher.close();
      fallback?.close();
    },
  };
}

/** Calls `onChange` (often several times per save: callers debounce) when anything under the folders changes. */
export async function watchFolders(dirs: readonly string[], onChange: () => void): Promise<Watcher> {
  const watchers: Watcher[] = [];
  for (const dir of dirs) {
    const st = await stat(dir).catch(() => undefined);
    watchers.push(st?.isDirectory() ? watchOne(dir, onChange) : poll(dir, onChange));
  }
  return { close: () => watchers.forEach((w) => w.close()) };
}
