import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModelsCommand } from '../../bin/models.js';
import { directoryObjects, modelRegistry } from '../../functions/lib/model-registry/index.js';
import { localModelRoot } from '../../infra/local/models.js';
import { pipeline } from '../../infra/pipeline.js';

async function run(args: string[]) {
  const output = new PassThrough();
  const errors = new PassThrough();
  let out = '';
  let err = '';
  output.on('data', (d) => (out += d));
  errors.on('data', (d) => (err += d));
  const code = await runModelsCommand({ args, output, errors });
  return { code, out, err };
}

describe('tandem models', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-models-cmd-'));
  });

  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('lists the shipped model of a fresh state directory, then a published version, and rolls it back', async () => {
    // Prepare
    const fresh = await run(['list', '--data-dir', dataDir, '--json']);
    const registry = modelRegistry('sentiment', directoryObjects(localModelRoot(dataDir, 'sentiment')));
    const card = new TextEncoder().encode('{"version":"2.0.0"}');
    await registry.addVersion('20261205T030000Z', new Map([['model-card.json', card]]));
    await registry.publish('20261205T030000Z', { expected: 'shipped', by: 'test' });

    // Act
    const listed = await run(['list', '--data-dir', dataDir]);
    const rolledBack = await run(['rollback', 'sentiment', '--data-dir', dataDir]);
    const again = await run(['rollback', 'sentiment', '--data-dir', dataDir]);

    // Assess
    expect(fresh.code).toBe(0);
    const models = fresh.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { model: string });
    expect(models.map((m) => m.model).sort()).toEqual(Object.keys(pipeline.models).sort());
    expect(models.find((m) => m.model === 'sentiment')).toMatchObject({ current: { version: 'shipped' } });
    expect(listed.out).toContain('current: 20261205T030000Z');
    expect(listed.out).toMatch(/\* 20261205T030000Z {2}card 2\.0\.0/);
    expect(rolledBack).toMatchObject({ code: 0, out: expect.stringContaining('20261205T030000Z → shipped') });
    expect(again.code).toBe(1);
    expect(again.err).toContain('no earlier version');
    expect((await registry.current()).pointer.version).toBe('shipped');
  });
});
