import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { directoryObjects, modelRegistry } from '../../../functions/lib/model-registry/index.js';
import { seedLocalModels } from '../../../infra/local/models.js';
import { pipeline } from '../../../infra/pipeline.js';
import { type LocalDynamo, startLocalDynamo } from '../helpers/local-dynamo.js';
import { queryApiClient, stubQuietEnvironment } from '../helpers/query-api-client.js';

describe('GET /v1/models', () => {
  let dynamo: LocalDynamo;
  let dataDir: string;

  beforeAll(async () => {
    stubQuietEnvironment();
    dynamo = await startLocalDynamo();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-models-route-'));
  });

  afterAll(async () => {
    await dynamo.close();
    await rm(dataDir, { recursive: true, force: true });
    vi.unstubAllEnvs();
  });

  it('shows each model’s current version and every version with its card and evaluation, as the registry changes', async () => {
    // Prepare: the local runtime's registry of a fresh state directory, read where MODEL_<NAME>_URI points.
    const roots = await seedLocalModels(pipeline, dataDir);
    vi.stubEnv('MODEL_SENTIMENT_URI', roots.sentiment!);
    const client = queryApiClient(dynamo);
    const registry = modelRegistry('sentiment', directoryObjects(roots.sentiment!));
    const files = (version: string, published: boolean) =>
      new Map([
        ['model-card.json', new TextEncoder().encode(JSON.stringify({ version, trainedAt: '2026-12-05T03:00:00Z' }))],
        [
          'evaluation.json',
          new TextEncoder().encode(JSON.stringify({ published, reasons: published ? [] : ['worse'] })),
        ],
      ]);

    // Act
    const fresh = await client.get('GET /v1/models');
    await registry.addVersion('20261204T030000Z', files('1.1.0', false));
    await registry.addVersion('20261205T030000Z', files('1.2.0', true));
    await registry.publish('20261205T030000Z', { expected: 'shipped', by: 'retrainer' });
    const later = await client.get('GET /v1/models');

    // Assess
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({
      models: [
        { name: 'sentiment', current: { version: 'shipped' }, versions: [{ version: 'shipped', current: true }] },
      ],
    });
    const [sentiment] = (later.body as { models: { current: unknown; versions: unknown[] }[] }).models;
    expect(sentiment?.current).toMatchObject({ version: '20261205T030000Z', previous: 'shipped', by: 'retrainer' });
    expect(sentiment?.versions).toEqual([
      expect.objectContaining({
        version: 'shipped',
        current: false,
        card: expect.objectContaining({ version: '1.0.0' }),
      }),
      {
        version: '20261204T030000Z',
        current: false,
        card: { version: '1.1.0', trainedAt: '2026-12-05T03:00:00Z' },
        evaluation: { published: false, reasons: ['worse'] },
      },
      {
        version: '20261205T030000Z',
        current: true,
        card: { version: '1.2.0', trainedAt: '2026-12-05T03:00:00Z' },
        evaluation: { published: true, reasons: [] },
      },
    ]);
  });
});
