import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The compiled CLI, as users run it. */
export const CLI = path.join(REPO, 'lib', 'cli', 'main.js');
export const RUNNERS = path.join(REPO, 'bench', 'runners');
/** Scratch space; gitignored. Inside the repository so that generated code resolves its packages. */
export const WORK = path.join(REPO, 'bench', '.work');
