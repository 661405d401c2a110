import { describe, expect, it } from 'vitest';
import {
  encodeKafkaEvent,
  eventPayloadBytes,
  MAX_INVOKE_PAYLOAD_BYTES,
} from '../../../../functions/lib/kafka-event/index.js';
import { mskEvent } from './helpers/events.js';

describe('eventPayloadBytes', () => {
  it('is the length of the JSON text for an all-ASCII event', () => {
    // Prepare
    const event = mskEvent();

    // Act
    const bytes = eventPayloadBytes(event);

    // Assess
    expect(bytes).toBe(JSON.stringify(event).length);
  });

  it('counts UTF-8 bytes, not UTF-16 code units', () => {
    // Prepare
    const event = encodeKafkaEvent({
      bootstrapServers: ['127.0.0.1:9092'],
      records: [{ topic: 'feedback', partition: 0, offset: 0, timestamp: 0, headers: [{ key: 'café ☕', value: '' }] }],
    });
    const text = JSON.stringify(event);

    // Act
    const bytes = eventPayloadBytes(event);

    // Assess
    expect(bytes).toBe(text.length + 1 + 2);
  });

  it('tells a batch that fits the invoke limit from one that does not', () => {
    // Prepare
    const record = (offset: number, size: number) => ({
      topic: 'feedback',
      partition: 0,
      offset,
      timestamp: 0,
      value: Buffer.alloc(size, 0x61),
    });
    const fits = encodeKafkaEvent({ bootstrapServers: ['127.0.0.1:9092'], records: [record(0, 4_000_000)] });
    const tooBig = encodeKafkaEvent({
      bootstrapServers: ['127.0.0.1:9092'],
      records: [record(0, 4_000_000), record(1, 800_000)],
    });

    // Act
    const sizes = [eventPayloadBytes(fits), eventPayloadBytes(tooBig)];

    // Assess
    expect(MAX_INVOKE_PAYLOAD_BYTES).toBe(6 * 1024 * 1024);
    expect(sizes[0]).toBeLessThanOrEqual(MAX_INVOKE_PAYLOAD_BYTES);
    expect(sizes[1]).toBeGreaterThan(MAX_INVOKE_PAYLOAD_BYTES);
  });
});
