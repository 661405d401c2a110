import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Producer } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION, localTableName } from '../../../infra/local/provision.js';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.js';
import { S3_CREDENTIALS } from '../../../infra/local/services/s3.js';
import { pipeline } from '../../../infra/pipeline.js';
import { lineBytes, reference, replayLines } from '../../functions/helpers/wiki-replay.js';
import { countsOf } from '../../functions/helpers/wiki-windows.js';
import { waitFor } from './kafka/helpers/wait.js';

const lines = replayLines({ recent: true });
const expected = reference(lines);

interface TopAnswer {
  window: { start: string; end: string; final: boolean } | null;
  top: { key: string; count: number }[];
}

// The fixed replay file through the whole local pipeline: the embedded broker, the
// window-wiki-changes event source mapping (canary filter, batching), the wiki-windows
// handler, dynalite, and the query API — compared with an independent computation.
describe('local runtime: wiki windows from the replay file', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tandem-windows-'));
    runtime = await startLocalRuntime({ pipeline, dataDir, demo: false, log: () => {} });
  });
  afterAll(async () => {
    await runtime.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('gives every window the reference counts and top 10, and dead-letters late events instead of counting them', async () => {
    // Prepare
    const producer = new Producer({ clientId: 'replay', bootstrapBrokers: [runtime.bootstrap] });
    const window = () => runtime.reports().find((r) => r.trigger === 'window-wiki-changes');
    let sent = 0;

    // Act: phase by phase, each consumed to the end before the next (the file's timing).
    try {
      for (const phase of [1, 2, 3]) {
        const batch = lines.filter((l) => l.phase === phase);
        await producer.send({
          messages: batch.map((l) => ({
            topic: 'wiki-changes',
            partition: l.partition,
            key: Buffer.from(l.value?.user ?? 'malformed'),
            value: lineBytes(l),
          })),
        });
        sent += batch.length;
        await waitFor(
          () => {
            const r = window();
            return r !== undefined && r.inFlight === 0 && r.processed + r.deadLettered + r.filtered >= sent;
          },
          60_000,
          `phase ${phase} consumed`,
        );
      }
    } finally {
      await producer.close();
    }
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: runtime.endpoints.dynamodb, region: LOCAL_REGION, credentials: S3_CREDENTIALS }),
    );
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({ TableName: localTableName('windows'), ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    documents.destroy();
    const summary = await runtime.summary();

    // Assess
    expect(countsOf(items)).toEqual(expected.counts);
    const report = summary.byTopic['wiki-changes']?.triggers['window-wiki-changes'];
    expect(report).toMatchObject({
      produced: lines.length,
      deadLettered: expected.late.size + expected.invalid,
      filtered: expected.canaries,
      processed: lines.length - expected.late.size - expected.invalid - expected.canaries,
      reconciled: true,
    });
    const byUser = expected.counts.get('wiki-edits-by-user') as Map<string, number>;
    const starts = [...new Set([...byUser.keys()].map((k) => Number(k.split('\u0000')[1])))].sort();
    expect(starts.length).toBeGreaterThanOrEqual(6);
    for (const windowStart of starts) {
      const res = await fetch(
        `${runtime.apiUrl}/v1/top/wiki-edits-by-user?window=${new Date(windowStart).toISOString()}&n=10`,
      );
      const answer = (await res.json()) as TopAnswer;
      const all = [...byUser]
        .filter(([k]) => Number(k.split('\u0000')[1]) === windowStart)
        .map(([k, count]) => ({ key: k.split('\u0000')[0] as string, count }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
      expect(res.status).toBe(200);
      expect(answer.top).toEqual(all.slice(0, 10));
      expect(answer.window?.final).toBe(windowStart + 600_000 <= expected.watermark);
    }
  });
});
