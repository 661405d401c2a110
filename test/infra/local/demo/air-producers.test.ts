import { Admin, Consumer, stringDeserializers } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airQualityReplay } from '../../../../infra/local/demo/air-demo.js';
import { PACE_MS, PACED_HOURS } from '../../../../infra/local/demo/air-faults.js';
import { startDemoProducers } from '../../../../infra/local/demo/producers.js';
import { type RunningBroker, startBroker } from '../../../../infra/local/kafka/index.js';
import { pipeline } from '../../../../infra/pipeline.js';
import { waitFor } from '../kafka/helpers/wait.js';

// The demo producers against the real embedded broker: the air-quality and weather backfill
// (14 days × 4 locations, about 1,350 records a topic) must be there within seconds, not at
// the declared 5 records a second (which would take four and a half minutes), but for its
// newest hours, which follow one hour every PACE_MS.
describe('air-quality demo producers', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startBroker({ port: 0, inMemory: true, initialRebalanceDelayMs: 50 });
    const admin = new Admin({ clientId: 'admin', bootstrapBrokers: [broker.bootstrap] });
    await admin.createTopics({ topics: ['air-quality', 'weather'], partitions: 3, replicas: 1 });
    await admin.close();
  });
  afterAll(async () => {
    await broker.close();
  });

  it('sends the backfill at once but its newest hours, those an hour at a time, then each next hour only once it has begun on the wall clock', async () => {
    // Prepare
    const now = Date.now();
    const { backfill, pacedFrom } = airQualityReplay({ now });
    const topics = ['air-quality', 'weather'].map((topic) => ({
      topic,
      generator: pipeline.topics[topic]?.demo?.generator ?? '',
      ratePerSecond: pipeline.topics[topic]?.demo?.ratePerSecond ?? 0,
    }));
    const started = Date.now();
    let clock = now;
    const producers = await startDemoProducers({
      bootstrap: broker.bootstrap,
      topics,
      seqStart: now,
      now,
      clock: () => clock,
    });
    const consumer = new Consumer({
      clientId: 'c',
      groupId: 'air-demo',
      bootstrapBrokers: [broker.bootstrap],
      deserializers: stringDeserializers,
    });

    try {
      // Act
      await waitFor(
        () => topics.every(({ topic }) => (producers.produced.get(topic) ?? 0) >= pacedFrom),
        20_000,
        'the backfill',
      );
      const backfillMs = Date.now() - started;
      const pacedBefore = producers.produced.get('air-quality') ?? 0;
      await waitFor(
        () => topics.every(({ topic }) => (producers.produced.get(topic) ?? 0) >= backfill),
        PACED_HOURS * PACE_MS + 20_000,
        'the paced hours',
      );
      const pacedMs = Date.now() - started;
      // The next hour has not begun: nothing more is sent, however long the rate would allow.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const beforeNextHour = producers.produced.get('air-quality') ?? 0;
      clock = Math.floor(now / 3_600_000) * 3_600_000 + 3_600_000;
      const locations = Object.keys(pipeline.locations ?? {}).length;
      await waitFor(
        () => (producers.produced.get('air-quality') ?? 0) >= backfill + locations,
        10_000,
        'the next hour',
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await producers.stop();
      const produced = producers.produced.get('air-quality') ?? 0;
      const stream = await consumer.consume({
        topics: ['air-quality'],
        mode: 'earliest',
        autocommit: false,
        maxWaitTime: 200,
      });
      const keys: string[] = [];
      stream.on('data', (m) => keys.push(m.key));
      await waitFor(() => keys.length >= produced, 20_000, 'every record back');
      await stream.close();

      // Assess
      expect(backfillMs).toBeLessThan(15_000);
      // The paced hours came after, over PACED_HOURS × PACE_MS (the first at PACE_MS).
      expect(pacedBefore).toBeLessThan(backfill);
      expect(pacedMs).toBeGreaterThanOrEqual(PACED_HOURS * PACE_MS);
      expect(beforeNextHour).toBe(backfill);
      // One record per location for the next hour (and a malformed one if its turn came), no hour beyond.
      const twoHoursOn = `${new Date(now + 7_200_000).toISOString().slice(0, 13)}:00:00Z`;
      expect(keys.some((k) => k.endsWith(twoHoursOn))).toBe(false);
      expect(keys).toHaveLength(produced);
      const currentHour = `${new Date(now).toISOString().slice(0, 13)}:00:00Z`;
      const nextHour = `${new Date(now + 3_600_000).toISOString().slice(0, 13)}:00:00Z`;
      for (const location of Object.keys(pipeline.locations ?? {})) {
        expect(keys).toContain(`${location}|${currentHour}`);
        expect(keys).toContain(`${location}|${nextHour}`);
      }
      expect(new Set(keys).size).toBeGreaterThan(produced - Math.ceil(produced / 100) - 1);
    } finally {
      await consumer.close(true);
      await producers.stop();
    }
  });
});
