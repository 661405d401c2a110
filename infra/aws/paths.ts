import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: handler paths in `pipeline.ts` and model directories are relative to it. */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Absolute path of a repo-relative path. */
export function fromRoot(relative: string): string {
  return path.join(REPO_ROOT, relative);
}
