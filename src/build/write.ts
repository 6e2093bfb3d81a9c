// Writes build outputs so that no reader ever sees a half-written file, and a build that fails
// part-way changes nothing: each new content is first staged in a hidden file beside its
// destination, and only when every dashboard has rendered are the staged files renamed over
// their destinations. Unchanged files are not touched at all.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mapLimit } from '../util/map-limit.js';

function hiddenTemp(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** A new content written beside its destination, waiting for `commitStaged`. */
export interface StagedFile {
  readonly temp: string;
  readonly file: string;
}

/** Writes `content` to a hidden file beside `file`; nothing is left behind if that fails. */
async function stage(file: string, content: string): Promise<StagedFile> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = hiddenTemp(file);
  try {
    await writeFile(temp, content);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  return { temp, file };
}

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const staged = await stage(file, content);
  try {
    await rename(staged.temp, file);
  } catch (e) {
    await rm(staged.temp, { force: true });
    throw e;
  }
}

/** Stages `content` for `file` unless the file already holds exactly that (then undefined). */
export async function stageIfChanged(file: string, content: string): Promise<StagedFile | undefined> {
  const current = await readFile(file, 'utf8').catch(() => undefined);
  return current === content ? undefined : stage(file, content);
}

/** Moves staged files into place; each rename is atomic. */
export async function commitStaged(staged: readonly StagedFile[]): Promise<void> {
  await mapLimit(staged, 16, (s) => rename(s.temp, s.file));
}

/** Removes staged files after a failed build. */
export async function discardStaged(staged: readonly StagedFile[]): Promise<void> {
  await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
}
