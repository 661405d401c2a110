import { describe, expect, it } from 'vitest';
import { MAX_ARCHIVE_TIMESTAMP, recordBytes, toArchiveRow } from '../../../functions/archiver/archive-row.js';
import { MAX_RECORD_BYTES } from '../../../functions/archiver/config.js';
import type { DecodedRecord } from '../../../functions/lib/kafka-event/index.js';
import { decodeKafkaEvent, encodeKafkaEvent } from '../../../functions/lib/kafka-event/index.js';
import { RecordRejectedError } from '../../../functions/lib/middleware/index.js';
import { mskEvent } from '../helpers/events.js';

const INGEST_TIME = Date.UTC(2024, 5, 18, 12, 5);

/** One decoded record built through the real codec. */
function record(fields: {
  key?: Uint8Array | string | null;
  value?: Uint8Array | string | null;
  timestamp?: number;
  headers?: { key: string; value: Uint8Array | string }[];
}): DecodedRecord {
  const event = encodeKafkaEvent({
    bootstrapServers: 'localhost:9092',
    records: [{ topic: 'feedback', partition: 1, offset: 42, timestamp: Date.UTC(2024, 5, 18), ...fields }],
  });
  return decodeKafkaEvent(event).records[0]!;
}

function rejection(fn: () => unknown): RecordRejectedError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RecordRejectedError) return error;
    throw error;
  }
  throw new Error('expected a RecordRejectedError');
}

describe('toArchiveRow', () => {
  it('archives the fixture record exactly: coordinates, timestamp, key, text value, headers in order', () => {
    // Prepare
    const [first] = decodeKafkaEvent(mskEvent()).records;

    // Act
    const row = toArchiveRow(first!, { ingestTime: INGEST_TIME });

    // Assess
    expect(row).toEqual({
      topic: 'air-quality',
      partition: 0,
      offset: 1041n,
      timestamp: 1718712000123,
      key: 'DEBE042',
      value: '{"station":"DEBE042","at":"2024-06-18T12:00:00Z","pm25":11.4,"pm10":19.2,"no2":31,"o3":88.5}',
      headers: [
        ['content-type', 'application/json'],
        ['station-name', 'café ☕'],
      ],
      ingestTime: INGEST_TIME,
    });
  });

  it('keeps a byte order mark, and stores a key or header that is not UTF-8 as base64:', () => {
    // Prepare
    const input = record({
      key: new Uint8Array([0xff, 0x00]),
      value: '\uFEFF{"text":"ça va"}',
      headers: [
        { key: 'trace', value: new Uint8Array([0x80]) },
        { key: 'trace', value: 'two' },
      ],
    });

    // Act
    const row = toArchiveRow(input, { ingestTime: INGEST_TIME });

    // Assess
    expect(row.value).toBe('\uFEFF{"text":"ça va"}');
    expect(row.key).toBe('base64:/wA=');
    expect(row.headers).toEqual([
      ['trace', 'base64:gA=='],
      ['trace', 'two'],
    ]);
  });

  it('archives a record without a key with a null key', () => {
    // Prepare
    const input = record({ key: null, value: 'x' });

    // Act
    const row = toArchiveRow(input, { ingestTime: INGEST_TIME });

    // Assess
    expect(row.key).toBeNull();
  });

  it('refuses a value that is not UTF-8 as invalid', () => {
    // Prepare
    const input = record({ value: new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]) });

    // Act
    const error = rejection(() => toArchiveRow(input, { ingestTime: INGEST_TIME }));

    // Assess
    expect(error.reason).toBe('invalid');
    expect(error.message).toBe('feedback-1@42 value is not valid UTF-8');
  });

  it('refuses a tombstone as invalid', () => {
    // Prepare
    const input = record({ key: 'user-1', value: null });

    // Act
    const error = rejection(() => toArchiveRow(input, { ingestTime: INGEST_TIME }));

    // Assess
    expect(error.reason).toBe('invalid');
    expect(error.message).toMatch(/feedback-1@42 is a tombstone/);
  });

  it('refuses a record over the size limit as too-large, counting key, value and headers', () => {
    // Prepare
    const input = record({ key: 'k', value: 'v'.repeat(90), headers: [{ key: 'h', value: 'x'.repeat(8) }] });

    // Act
    const error = rejection(() => toArchiveRow(input, { ingestTime: INGEST_TIME, maxRecordBytes: 99 }));

    // Assess
    expect(recordBytes(input)).toBe(100);
    expect(error.reason).toBe('too-large');
    expect(error.message).toBe(
      "feedback-1@42 is 100 bytes (key, value and headers), over the archive's per-record limit of 99",
    );
    expect(() => toArchiveRow(input, { ingestTime: INGEST_TIME, maxRecordBytes: 100 })).not.toThrow();
    expect(MAX_RECORD_BYTES).toBe(1_048_576);
  });

  it('refuses a timestamp past year 9999, which has no dt= partition', () => {
    // Prepare
    const input = record({ value: 'x', timestamp: MAX_ARCHIVE_TIMESTAMP + 1 });

    // Act
    const error = rejection(() => toArchiveRow(input, { ingestTime: INGEST_TIME }));

    // Assess
    expect(error.reason).toBe('invalid');
    expect(error.message).toMatch(/has no dt= partition/);
  });
});
