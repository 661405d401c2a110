import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../../infra/aws/paths.js';

/** Every .ts file under `dir`, recursively. */
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

/** Relative import specifiers of a file, resolved against it. */
function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1] as string);
  return specifiers.map((s) => path.resolve(path.dirname(file), s));
}

describe('layering', () => {
  it('keeps the declaration, the AWS app and the handlers free of imports from infra/local/', async () => {
    // Prepare
    const local = fromRoot('infra/local') + path.sep;
    const files = [
      fromRoot('infra/pipeline.ts'),
      ...(await sources(fromRoot('infra/pipeline'))),
      ...(await sources(fromRoot('infra/aws'))),
      ...(await sources(fromRoot('functions'))),
    ];

    // Act
    const offending: string[] = [];
    for (const file of files) {
      for (const target of importsOf(file, await readFile(file, 'utf8'))) {
        if (target.startsWith(local))
          offending.push(`${path.relative(fromRoot('.'), file)} → ${path.relative(fromRoot('.'), target)}`);
      }
    }

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(offending).toEqual([]);
  });
});
