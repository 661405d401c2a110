import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackSink } from '../../../../infra/local/services/slack-sink.js';

describe('Slack sink', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-slack-sink-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends every post to its JSON Lines file but keeps only counters and the recent posts in memory', async () => {
    // Prepare
    const file = path.join(dir, 'slack.jsonl');
    const sink = await startSlackSink({ file, recentLimit: 20 });
    const post = (hook: string, i: number) =>
      fetch(`${sink.url}/services/${hook}`, { method: 'POST', body: JSON.stringify({ text: `post ${i}` }) });
    try {
      // Act
      for (let i = 0; i < 150; i++) {
        const answer = await post(i % 3 === 0 ? 'local/positive-feedback' : 'local/negative-feedback', i);
        await answer.text();
      }

      // Assess
      const lines = (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { hook: string; body: { text: string } });
      expect(lines.map((l) => l.body.text)).toEqual(Array.from({ length: 150 }, (_, i) => `post ${i}`));
      expect(sink.accepted).toBe(150);
      expect(Object.fromEntries(sink.acceptedByHook)).toEqual({
        'local/positive-feedback': 50,
        'local/negative-feedback': 100,
      });
      // Memory holds the last 20 posts, not all 150.
      expect(sink.recent.map((p) => p.body.text)).toEqual(Array.from({ length: 20 }, (_, i) => `post ${130 + i}`));
    } finally {
      await sink.close();
    }
  });
});
