import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime } from '../../../infra/local/runtime.js';
import { pipeline } from '../../../infra/pipeline.js';

describe('local runtime options', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-runtime-options-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a schedule or an environment variable the pipeline does not declare, before starting anything', async () => {
    // Prepare
    const options = {
      pipeline,
      dataDir,
      schedules: ['relay-wikimedia', 'relay-wikipedia'],
      environment: { WIKIMEDIA_STREAM_URL: 'http://127.0.0.1:1/stream', WIKIMEDIA_STREAM: 'typo' },
      log: () => {},
    };

    // Act
    const started = startLocalRuntime(options);

    // Assess
    await expect(started).rejects.toThrow(
      'no schedule named relay-wikipedia; no function declares the environment variable WIKIMEDIA_STREAM',
    );
    expect(await readdir(dataDir)).toEqual([]);
  });
});
