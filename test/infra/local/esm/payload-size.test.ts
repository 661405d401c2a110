import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  encodeKafkaEvent,
  eventPayloadBytes,
  type MskEvent,
  type RawKafkaRecord,
} from '../../../../functions/lib/kafka-event/index.js';
import {
  envelopeBytes,
  partitionEntryBytes,
  payloadBytes,
  recordBytes,
} from '../../../../infra/local/esm/payload-size.js';

const fixture = JSON.parse(
  readFileSync(new URL('../../../events/msk-event.json', import.meta.url), 'utf8'),
) as MskEvent;

describe('payload size arithmetic', () => {
  it('adds up to eventPayloadBytes for the MSK fixture', () => {
    // Prepare
    const event = structuredClone(fixture);
    const partitions = Object.entries(event.records).map(([key, records]) => ({
      key,
      records: records.map((record) => recordBytes(record)),
    }));

    // Act
    const bytes = payloadBytes(envelopeBytes(event), partitions);

    // Assess
    expect(partitions.length).toBeGreaterThan(0);
    expect(bytes).toBe(eventPayloadBytes(event));
  });

  it('adds up to eventPayloadBytes for encoded events of several partitions, keys, headers and non-ASCII', () => {
    for (let seed = 1; seed <= 20; seed++) {
      // Prepare
      const records = Array.from({ length: seed * 3 }, (_, i) => ({
        topic: i % 2 ? 'air-quality' : 'wiki.changes_v2',
        partition: i % 3,
        offset: 1000 + i,
        timestamp: 1_718_712_000_000 + i,
        key: i % 4 === 0 ? null : `k-${i}`,
        value: i % 5 === 0 ? null : `{"station":"café ${i}","pm25":${i / 7}}`.repeat(seed),
        headers: i % 3 === 0 ? [{ key: 'trace ☕', value: Buffer.from([0, 255, 128, i]) }] : [],
      }));
      const event = encodeKafkaEvent({ bootstrapServers: '127.0.0.1:9092', records });
      const partitions = Object.entries(event.records).map(([key, list]) => ({
        key,
        records: list.map((record: RawKafkaRecord) => recordBytes(record)),
      }));

      // Act
      const bytes = payloadBytes(envelopeBytes(event), partitions);

      // Assess
      expect(bytes).toBe(eventPayloadBytes(event));
    }
  });

  it('sizes an empty event as its envelope', () => {
    // Prepare
    const event = encodeKafkaEvent({ bootstrapServers: '127.0.0.1:9092', records: [] });

    // Act / Assess
    expect(payloadBytes(envelopeBytes(event), [])).toBe(eventPayloadBytes(event));
  });

  it('sizes a partition entry as its quoted key, a colon and brackets', () => {
    expect(partitionEntryBytes('t-0')).toBe('"t-0":[]'.length);
  });
});
