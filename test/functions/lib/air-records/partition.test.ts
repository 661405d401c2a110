import { murmur2 } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { AirRecordError, airLocations, airPartition } from '../../../../functions/lib/air-records/index.js';
import { pipeline } from '../../../../infra/pipeline.js';

const DECLARED = ['berlin', 'munich', 'hamburg', 'waldhof'];

describe('airPartition', () => {
  it('gives the declared locations their index modulo the partition count, so every partition gets one', () => {
    // Act
    const onThree = DECLARED.map((l) => airPartition(l, 3, DECLARED));
    const onFour = DECLARED.map((l) => airPartition(l, 4, DECLARED));
    const onOne = DECLARED.map((l) => airPartition(l, 1, DECLARED));

    // Assess
    expect(onThree).toEqual([0, 1, 2, 0]);
    expect(onFour).toEqual([0, 1, 2, 3]);
    expect(onOne).toEqual([0, 0, 0, 0]);
  });

  it('spreads the locations infra/pipeline.ts declares over every air-quality partition', () => {
    // Prepare: the list as the poller reads it (AIR_LOCATIONS) and as air-ingest and the demo do.
    const partitions = pipeline.topics['air-quality']!.partitions;
    const poller = airLocations({ AIR_LOCATIONS: pipeline.functions['air-poller']!.environment!.AIR_LOCATIONS }).map(
      (l) => l.name,
    );
    const declared = Object.keys(pipeline.locations ?? {});

    // Act
    const used = new Set(declared.map((l) => airPartition(l, partitions, declared)));

    // Assess
    expect(poller).toEqual(declared);
    expect(used.size).toBe(Math.min(partitions, declared.length));
  });

  it('hashes any other location with Kafka’s murmur2 (positive), the same on every call', () => {
    // Prepare
    const labels = ['Balcony, Prenzlauer Berg', 'garden-sensor', 'Küche', 'BERLIN', ''];

    // Act
    const first = labels.map((l) => airPartition(l, 3, DECLARED));
    const again = labels.map((l) => airPartition(l, 3, DECLARED));

    // Assess: as Kafka's Java client partitions a key of these UTF-8 bytes.
    expect(first).toEqual(labels.map((l) => (murmur2(Buffer.from(l, 'utf8')) & 0x7fffffff) % 3));
    expect(again).toEqual(first);
  });

  it('keeps every partition in range for many labels and counts, and uses them all', () => {
    // Prepare
    const labels = Array.from({ length: 2_000 }, (_, i) => `sensor-${i}`);

    for (const partitions of [1, 2, 3, 7, 50]) {
      // Act
      const chosen = labels.map((l) => airPartition(l, partitions, DECLARED));

      // Assess
      expect(chosen.every((p) => Number.isInteger(p) && p >= 0 && p < partitions)).toBe(true);
      expect(new Set(chosen).size).toBe(partitions);
    }
  });

  it('refuses a partition count that is not a positive integer', () => {
    // Act / Assess
    for (const partitions of [0, -1, 2.5, Number.NaN]) {
      expect(() => airPartition('berlin', partitions, DECLARED)).toThrow(AirRecordError);
    }
  });
});
