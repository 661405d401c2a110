/**
 * Local model registries: `<data dir>/models/<name>/`, laid out as the models bucket is on AWS
 * (functions/lib/model-registry/layout.ts). Each start copies the repo's model files to the
 * root (as a deploy uploads them), and leaves `current.json` and `versions/` alone, so what
 * `tandem retrain` published or `tandem models rollback` chose survives restarts.
 */

import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { PipelineSpec } from '../pipeline/index.js';

/** The registry root of model `name` in a local state directory. */
export function localModelRoot(dataDir: string, name: string): string {
  return path.join(path.resolve(dataDir), 'models', name);
}

/** Copies each declared model's shipped files (the directory's own files, not `train/` or `eval/`) into its local registry root. */
export async function seedLocalModels(
  pipeline: Pick<PipelineSpec, 'models'>,
  dataDir: string,
  repoRoot = process.cwd(),
): Promise<Record<string, string>> {
  const roots: Record<string, string> = {};
  for (const [name, spec] of Object.entries(pipeline.models)) {
    const from = path.resolve(repoRoot, spec.directory);
    const to = localModelRoot(dataDir, name);
    await mkdir(to, { recursive: true });
    for (const entry of await readdir(from, { withFileTypes: true })) {
      if (entry.isFile() && !entry.name.endsWith('.ts'))
        await copyFile(path.join(from, entry.name), path.join(to, entry.name));
    }
    roots[name] = to;
  }
  return roots;
}
