import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_REGION } from '../../../infra/local/provision.js';
import { S3_CREDENTIALS } from '../../../infra/local/services/s3.js';
import { type FeedbackServices, startFeedbackServices } from '../helpers/feedback-services.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import { reference, replayLines } from '../helpers/wiki-replay.js';
import { countsOf, replayBatches, wikiDeadLetters, wikiWindowsHandler } from '../helpers/wiki-windows.js';

const lines = replayLines();
const expected = reference(lines);

/** A document client on dynalite whose requests fail from the `failAt`-th on (counting every send). */
function dyingClient(endpoint: string, failAt: number, mode: 'before-send' | 'after-send') {
  const raw = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: S3_CREDENTIALS });
  let sent = 0;
  raw.middlewareStack.add(
    (next) => async (args) => {
      sent++;
      if (sent >= failAt && mode === 'before-send') throw Object.assign(new Error('killed'), { name: 'Killed' });
      const out = await next(args);
      if (sent >= failAt) throw Object.assign(new Error('killed after the write landed'), { name: 'Killed' });
      return out;
    },
    { step: 'finalizeRequest', name: 'dieMidBatch' },
  );
  return DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
}

// The wiki-windows handler (middleware, engine, dead-letter sink) on dynalite and s3rver,
// fed the fixed replay file, compared with an independent computation of the semantics.
describe('wiki-windows: the replay file', () => {
  let services: FeedbackServices;
  beforeEach(async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    services = await startFeedbackServices();
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await services.close();
  });
  const windows = async () =>
    (await services.scan('windows'))
      .map(({ updatedAt: _, ...item }) => item)
      .sort((a, b) => `${a.series}\u0000${a.start}`.localeCompare(`${b.series}\u0000${b.start}`));

  it('counts every window as the reference does, and dead-letters late events instead of counting them', async () => {
    // Prepare
    const handler = wikiWindowsHandler({ dynamo: services.documents, s3: services.s3Client });

    // Act
    const results = [];
    for (const { event } of replayBatches(lines, 250))
      results.push(await handler(event, lambdaContext('wiki-windows')));
    const items = await services.scan('windows');
    const letters = await wikiDeadLetters(services.s3Client);
    const state = await services.scan('window-state');

    // Assess
    expect(results.every((r) => r === undefined)).toBe(true);
    expect(expected.late.size).toBeGreaterThan(50);
    expect(countsOf(items)).toEqual(expected.counts);
    expect(
      letters
        .filter((l) => l.reason === 'late')
        .map((l) => l.id)
        .sort(),
    ).toEqual([...expected.late].sort());
    expect(letters.filter((l) => l.reason === 'invalid')).toHaveLength(expected.invalid);
    // The late events' windows hold none of them: totals equal the on-time events only.
    const total = [...(countsOf(items).get('wiki-edits-by-user')?.values() ?? [])].reduce((a, b) => a + b, 0);
    const onTime = lines.filter(
      (l) =>
        l.value &&
        l.value.meta.domain !== 'canary' &&
        (l.value.type === 'edit' || l.value.type === 'new') &&
        !expected.late.has(l.value.meta.id),
    ).length;
    expect(total).toBe(onTime);
    for (const s of state) expect(s.watermark).toBe(expected.watermark);
  });

  it('leaves every count unchanged when every batch is replayed again, in reverse order and concurrently', async () => {
    // Prepare
    const handler = wikiWindowsHandler({ dynamo: services.documents, s3: services.s3Client });
    const batches = replayBatches(lines, 300);
    for (const { event } of batches) await handler(structuredClone(event), lambdaContext('wiki-windows'));
    const before = await windows();
    const lettersBefore = await wikiDeadLetters(services.s3Client);

    // Act
    for (const { event } of [...batches].reverse())
      await handler(structuredClone(event), lambdaContext('wiki-windows'));
    await Promise.all(batches.map(({ event }) => handler(structuredClone(event), lambdaContext('wiki-windows'))));
    const after = await windows();
    const lettersAfter = await wikiDeadLetters(services.s3Client);

    // Assess
    expect(before.length).toBeGreaterThan(100);
    expect(after).toEqual(before);
    expect(countsOf(after)).toEqual(expected.counts);
    expect(lettersAfter.map((l) => `${l.reason}|${l.id}`).sort()).toEqual(
      lettersBefore.map((l) => `${l.reason}|${l.id}`).sort(),
    );
  });

  it.each([
    ['before', 3, 'before-send'],
    ['before', 40, 'before-send'],
    ['after', 17, 'after-send'],
    ['after', 55, 'after-send'],
  ] as const)(
    'finishes a batch killed %s its write no. %i on retry without double-counting',
    async (_, failAt, mode) => {
      // Prepare
      const healthy = wikiWindowsHandler({ dynamo: services.documents, s3: services.s3Client });
      const batches = replayBatches(lines, 400);

      // Act: every batch first runs on a client that dies mid-batch, then is retried as Lambda would.
      const outcomes: string[] = [];
      for (const { event } of batches) {
        const dying = wikiWindowsHandler({
          dynamo: dyingClient(services.dynamo.endpoint, failAt, mode),
          s3: services.s3Client,
        });
        const first = await dying(structuredClone(event), lambdaContext('wiki-windows')).then(
          (r) => (r === undefined ? 'ok' : 'partial'),
          () => 'failed',
        );
        outcomes.push(first);
        // Redeliver until done: the whole batch after a failure, or from each reported offset.
        for (let attempt = 0; attempt < 3; attempt++) {
          const result = await healthy(structuredClone(event), lambdaContext('wiki-windows'));
          if (result === undefined) break;
        }
      }

      // Assess
      expect(outcomes.some((o) => o !== 'ok')).toBe(true);
      expect(countsOf(await services.scan('windows'))).toEqual(expected.counts);
      const letters = await wikiDeadLetters(services.s3Client);
      expect(
        letters
          .filter((l) => l.reason === 'late')
          .map((l) => l.id)
          .sort(),
      ).toEqual([...expected.late].sort());
    },
  );
});
