import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DecodedRecord } from '../../../../functions/lib/kafka-event/index.js';
import {
  type WindowCounter,
  type WindowMetric,
  windowCounter,
  windowMetric,
} from '../../../../functions/lib/windows/index.js';
import type { MetricSpec } from '../../../../infra/pipeline/index.js';
import { type LocalDynamo, startLocalDynamo } from '../../helpers/local-dynamo.js';

const MIN = 60_000;
const T = Date.UTC(2026, 10, 1, 10, 0, 0);

const spec: MetricSpec = {
  description: 'test',
  topic: 'clicks',
  function: 'counter',
  eventTime: { field: 't', format: 'unix-millis' },
  key: ['k'],
  window: { sizeSeconds: 600 },
  allowedLatenessSeconds: 600,
  idlePartitionTimeoutSeconds: 60,
  maxFutureSeconds: 300,
  retentionDays: 1,
};

function record(partition: number, offset: number): DecodedRecord {
  return { topic: 'clicks', partition, offset, coordinates: `clicks-${partition}@${offset}` } as DecodedRecord;
}

// The engine on dynalite with the pipeline's window tables.
describe('windowCounter', () => {
  let dynamo: LocalDynamo;
  let clock: number;
  const counterFor = (...metrics: WindowMetric[]): WindowCounter =>
    windowCounter({
      dynamo: dynamo.documents,
      windowsTable: dynamo.tableName('windows'),
      stateTable: dynamo.tableName('window-state'),
      metrics,
      now: () => clock,
    });
  const run = async (counter: WindowCounter, inputs: [number, number, string, number][]) => {
    const plan = await counter.plan(inputs.map(([p, o, k, t]) => ({ record: record(p, o), event: { k, t } })));
    const result = await counter.apply(plan);
    return { late: plan.late.map((r) => `${r.partition}@${r.offset}`), ...result };
  };
  const counts = async () =>
    Object.fromEntries(
      (
        await dynamo.documents.send(
          new (
            await import('@aws-sdk/lib-dynamodb')
          ).ScanCommand({ TableName: dynamo.tableName('windows') }),
        )
      ).Items!.map((i) => [`${i.metric} ${i.key} ${(i.start - T) / MIN}`, i.count]),
    );

  const stateItem = async () =>
    (await dynamo.documents.send(new ScanCommand({ TableName: dynamo.tableName('window-state') }))).Items?.[0];

  beforeAll(async () => {
    dynamo = await startLocalDynamo();
  });
  afterAll(async () => {
    await dynamo.close();
  });
  beforeEach(async () => {
    await dynamo.reset();
    clock = T + 60 * MIN;
  });

  it('does not let a partition running ahead make another partition’s on-time records late', async () => {
    // Prepare
    const counter = counterFor(windowMetric('m', spec, 2));
    await run(counter, [
      [0, 0, 'a', T + 1 * MIN],
      [1, 0, 'a', T + 1 * MIN],
    ]);
    await run(counter, [[0, 1, 'a', T + 40 * MIN]]);

    // Act: partition 1 is still at T+1, so the watermark is T+1 − 10 min: T+5 is on time.
    const slow = await run(counter, [[1, 1, 'b', T + 5 * MIN]]);

    // Assess
    expect(slow.late).toEqual([]);
    expect(slow.watermarks.get('m')).toBe(T - 5 * MIN);
    expect(await counts()).toEqual({ 'm a 0': 2, 'm a 40': 1, 'm b 0': 1 });
  });

  it('leaves out a partition idle past the timeout, after which its old events are late', async () => {
    // Prepare
    const counter = counterFor(windowMetric('m', spec, 2));
    await run(counter, [
      [0, 0, 'a', T + 1 * MIN],
      [1, 0, 'a', T + 1 * MIN],
    ]);
    clock += 61_000;
    await run(counter, [[0, 1, 'a', T + 40 * MIN]]);

    // Act
    const returning = await run(counter, [[1, 1, 'b', T + 5 * MIN]]);

    // Assess
    expect(returning.late).toEqual(['1@1']);
    expect(returning.watermarks.get('m')).toBe(T + 30 * MIN);
    expect(await counts()).toEqual({ 'm a 0': 2, 'm a 40': 1 });
  });

  it('counts an event in every hopping window it falls in', async () => {
    // Prepare
    const counter = counterFor(windowMetric('h', { ...spec, window: { sizeSeconds: 600, slideSeconds: 300 } }, 1));

    // Act
    await run(counter, [
      [0, 0, 'a', T + 7 * MIN],
      [0, 1, 'a', T + 2 * MIN],
    ]);

    // Assess
    expect(await counts()).toEqual({ 'h a -5': 1, 'h a 0': 2, 'h a 5': 1 });
  });

  it('writes once per distinct (key, window), not per record', async () => {
    // Prepare
    const counter = counterFor(windowMetric('m', spec, 2));
    const inputs: [number, number, string, number][] = [];
    for (let i = 0; i < 3000; i++) inputs.push([i % 3, Math.floor(i / 3), `k${i % 5}`, T + (i % 20) * MIN]);

    // Act
    const result = await run(counter, inputs);

    // Assess: 5 keys × 2 windows.
    expect(result.aggregates).toBe(10);
    expect(result.writes).toBe(10);
    expect(result.added).toBe(3000);
    expect(Object.values(await counts()).reduce((a: number, b) => a + (b as number), 0)).toBe(3000);
  });

  it('keeps exact offsets beyond 2^31 and adds only the newer part of an overlapping redelivery', async () => {
    // Prepare
    const counter = counterFor(windowMetric('m', spec, 2));
    const big = 3_000_000_000;
    await run(counter, [
      [0, big, 'a', T],
      [0, big + 1, 'a', T],
    ]);

    // Act: Lambda resumes from big+1 with more records after it.
    const redelivered = await run(counter, [
      [0, big + 1, 'a', T],
      [0, big + 2, 'a', T],
      [0, big + 3, 'a', T],
    ]);

    // Assess
    expect(redelivered.added).toBe(2);
    expect(await counts()).toEqual({ 'm a 0': 4 });
    const { Items } = await dynamo.documents.send(new ScanCommand({ TableName: dynamo.tableName('windows') }));
    expect(Items?.[0]?.o0).toBe(big + 3);
  });

  it('finishes a replayed record that was counted before the watermark passed it, instead of calling it late', async () => {
    // Prepare
    const counter = counterFor(windowMetric('m', spec, 2));
    await run(counter, [[0, 0, 'a', T + 1 * MIN]]);
    await run(counter, [[0, 1, 'a', T + 50 * MIN]]);

    // Act: the first batch again, now 39 minutes behind the watermark.
    const replay = await run(counter, [[0, 0, 'a', T + 1 * MIN]]);

    // Assess
    expect(replay.late).toEqual([]);
    expect(replay.added).toBe(0);
    expect(await counts()).toEqual({ 'm a 0': 1, 'm a 50': 1 });
  });

  it('does not judge late the backlog of a partition that had not delivered when the others ran an hour ahead', async () => {
    // Prepare: partitions 0 and 1 deliver an hour of backlog before partition 2 delivers anything.
    const counter = counterFor(windowMetric('m', spec, 3));
    for (let minute = 0; minute < 60; minute += 5) {
      await run(counter, [
        [0, minute, 'a', T + minute * MIN],
        [1, minute, 'a', T + minute * MIN],
      ]);
    }

    // Act
    const slow = await run(counter, [
      [2, 0, 'b', T + 1 * MIN],
      [2, 1, 'b', T + 30 * MIN],
    ]);

    // Assess
    expect(slow.late).toEqual([]);
    expect(slow.watermarks.get('m')).toBe(T + 30 * MIN - 10 * MIN);
    expect((await counts())['m b 0']).toBe(1);
  });

  it('leaves a partition that never delivered behind once the idle timeout has passed since the first delivery', async () => {
    // Prepare
    const counter = counterFor(windowMetric('m', spec, 3));
    await run(counter, [
      [0, 0, 'a', T + 50 * MIN],
      [1, 0, 'a', T + 50 * MIN],
    ]);
    clock += 60_000;
    await run(counter, [[0, 1, 'a', T + 55 * MIN]]);

    // Act: partition 2 was empty for a minute (the idle timeout); its first record is old.
    const returning = await run(counter, [[2, 0, 'b', T + 1 * MIN]]);

    // Assess
    expect(returning.late).toEqual(['2@0']);
    expect(await stateItem()).toMatchObject({ lateRecords: 1 });
  });

  it('counts late records once in the metric state, however often their batch is replayed', async () => {
    // Prepare
    const counter = counterFor(windowMetric('m', spec, 1));
    await run(counter, [[0, 0, 'a', T + 50 * MIN]]);

    // Act
    const first = await run(counter, [
      [0, 1, 'a', T + 1 * MIN],
      [0, 2, 'a', T + 2 * MIN],
    ]);
    await run(counter, [
      [0, 1, 'a', T + 1 * MIN],
      [0, 2, 'a', T + 2 * MIN],
    ]);

    // Assess
    expect(first.late).toEqual(['0@1', '0@2']);
    expect(await stateItem()).toMatchObject({ lateRecords: 2, futureRecords: 0, j0: 2 });
  });

  it('leaves out an event time too far ahead of its ingestion: not counted, not moving the watermark, counted as future once', async () => {
    // Prepare: every partition delivers, then goes quiet for the idle timeout except partition 0.
    const counter = counterFor(windowMetric('m', spec, 2));
    await run(counter, [
      [0, 0, 'a', clock - 5 * MIN],
      [1, 0, 'a', clock - 5 * MIN],
    ]);
    clock += 60_000;
    const ingested = clock;
    const inputs = [
      { record: { ...record(0, 1), timestamp: ingested }, event: { k: 'a', t: ingested + 3 * 60 * MIN } },
      { record: { ...record(0, 2), timestamp: ingested }, event: { k: 'a', t: ingested + 4 * MIN } },
    ];

    // Act: the same batch twice (a replay), then an on-time record.
    const plan = await counter.plan(inputs);
    const applied = await counter.apply(plan);
    await counter.apply(await counter.plan(inputs));
    const next = await run(counter, [[0, 3, 'a', ingested - 1 * MIN]]);

    // Assess
    expect(plan.future.map((r) => r.offset)).toEqual([1]);
    expect(plan.futureByMetric.get('m')).toBe(1);
    expect(applied.watermarks.get('m')).toBe(ingested + 4 * MIN - 10 * MIN);
    expect(next.late).toEqual([]);
    expect(next.added).toBe(1);
    expect(await stateItem()).toMatchObject({ futureRecords: 1, lateRecords: 0 });
  });

  it('keeps a backfilled month-old window for the retention period from when it was written', async () => {
    // Prepare
    const counter = counterFor(windowMetric('m', spec, 1));
    const old = clock - 30 * 86_400_000;

    // Act
    await run(counter, [[0, 0, 'a', old]]);

    // Assess: spec.retentionDays is 1; the item lives a day from now, not a day after its window.
    const { Items } = await dynamo.documents.send(new ScanCommand({ TableName: dynamo.tableName('windows') }));
    expect(Items?.[0]?.expiresAt).toBe(Math.ceil(clock / 1000) + 86_400);
  });

  describe('with a numeric aggregate', () => {
    const numeric = windowMetric('pm10', { ...spec, value: { field: 'v', unit: 'µg/m³' } }, 2);
    const runValues = async (counter: WindowCounter, inputs: [number, number, number, number | string][]) => {
      const plan = await counter.plan(
        inputs.map(([p, o, t, v]) => ({ record: record(p, o), event: { k: 'berlin', t, v } })),
      );
      return { plan, result: await counter.apply(plan) };
    };
    const item = async () =>
      (await dynamo.documents.send(new ScanCommand({ TableName: dynamo.tableName('windows') }))).Items?.[0];

    it('keeps count, sum, min and max per window, and leaves out records without a finite value', async () => {
      // Prepare
      const counter = counterFor(numeric);

      // Act
      const { plan } = await runValues(counter, [
        [0, 0, T + 1 * MIN, 20],
        [1, 0, T + 2 * MIN, 35.5],
        [0, 1, T + 3 * MIN, 'n/a'],
        [1, 1, T + 4 * MIN, 4.5],
      ]);

      // Assess
      expect(plan.unkeyed).toBe(1);
      expect(await item()).toMatchObject({ count: 3, sum: 60, min: 4.5, max: 35.5 });
    });

    it('adds nothing twice when batches are replayed, in any order and concurrently', async () => {
      // Prepare
      const counter = counterFor(numeric);
      const first: [number, number, number, number][] = [
        [0, 0, T + 1 * MIN, 10],
        [0, 1, T + 2 * MIN, 30],
      ];
      const second: [number, number, number, number][] = [
        [1, 0, T + 3 * MIN, 2],
        [1, 1, T + 4 * MIN, 50],
      ];

      // Act
      await Promise.all([runValues(counter, first), runValues(counter, second)]);
      await Promise.all([runValues(counter, second), runValues(counter, first), runValues(counter, second)]);

      // Assess
      expect(await item()).toMatchObject({ count: 4, sum: 92, min: 2, max: 50 });
    });

    it('finishes the extremes on replay when a batch died between the sum and the minimum', async () => {
      // Prepare: a window with extremes 3..7; the next batch's counting update lands, its
      // min/max updates never run.
      const counter = counterFor(numeric);
      await runValues(counter, [
        [0, 0, T + 1 * MIN, 7],
        [0, 1, T + 2 * MIN, 3],
      ]);
      const dying = windowCounter({
        dynamo: Object.assign(Object.create(dynamo.documents), {
          send: async (command: { input: { UpdateExpression?: string } }, options?: unknown) => {
            if (command.input.UpdateExpression === 'SET #a = :v')
              throw Object.assign(new Error('killed'), { name: 'Killed' });
            return dynamo.documents.send(command as never, options as never);
          },
        }),
        windowsTable: dynamo.tableName('windows'),
        stateTable: dynamo.tableName('window-state'),
        metrics: [numeric],
        now: () => clock,
      });
      const batch: [number, number, number, number][] = [
        [0, 2, T + 3 * MIN, 1],
        [0, 3, T + 4 * MIN, 9],
      ];
      const plan = await dying.plan(
        batch.map(([p, o, t, v]) => ({ record: record(p, o), event: { k: 'berlin', t, v } })),
      );
      const died = await dying.apply(plan);
      const halfway = await item();

      // Act
      await runValues(counter, batch);

      // Assess
      expect(died.failed.map((f) => f.record.offset)).toEqual([2, 3]);
      expect(halfway).toMatchObject({ count: 4, sum: 20, min: 3, max: 7 });
      expect(await item()).toMatchObject({ count: 4, sum: 20, min: 1, max: 9 });
    });

    it('writes a new window’s extremes with its count: one request per window', async () => {
      // Prepare
      const counter = counterFor(numeric);

      // Act
      const { result } = await runValues(counter, [
        [0, 0, T + 1 * MIN, 20],
        [0, 1, T + 12 * MIN, 30],
      ]);

      // Assess: two windows, one write each.
      expect(result.writes).toBe(2);
      expect(await item()).toMatchObject({ count: 1, sum: 20, min: 20, max: 20 });
    });
  });
});
