import { describe, expect, it } from 'vitest';
import {
  type DecodedRecord,
  decodeKafkaEvent,
  headerString,
  KafkaEventError,
  KafkaRecordContentError,
  valueAsJson,
  valueAsString,
} from '../../../../functions/lib/kafka-event/index.js';
import { mskEvent } from './helpers/events.js';

/** Decoded record `index` of the MSK fixture, with `change` applied. */
function fixtureRecord(index: number, change: (record: DecodedRecord) => void = () => {}): DecodedRecord {
  const record = decodeKafkaEvent(mskEvent()).records[index]!;
  change(record);
  return record;
}

describe('valueAsString', () => {
  it('reads the value as UTF-8', () => {
    // Prepare
    const record = fixtureRecord(0, (r) => (r.value = Buffer.from('Luftqualität: gut ✓', 'utf8')));

    // Act
    const text = valueAsString(record);

    // Assess
    expect(text).toBe('Luftqualität: gut ✓');
  });

  it('refuses bytes that are not UTF-8 instead of replacing them', () => {
    // Prepare
    const record = fixtureRecord(1, (r) => (r.value = Buffer.from([0x7b, 0xc3, 0x28, 0x7d])));

    // Act
    const act = () => valueAsString(record);

    // Assess
    expect(act).toThrow(KafkaRecordContentError);
    expect(act).toThrow(KafkaEventError);
    expect(act).toThrowError(
      expect.objectContaining({
        name: 'KafkaRecordContentError',
        message: 'air-quality-0@1042 value is not valid UTF-8',
        coordinates: 'air-quality-0@1042',
        cause: expect.any(TypeError),
      }),
    );
  });

  it('refuses a tombstone', () => {
    // Prepare
    const record = fixtureRecord(2, (r) => (r.value = null));

    // Act
    const act = () => valueAsString(record);

    // Assess
    expect(act).toThrow('air-quality-0@1043 has no value (a tombstone), expected UTF-8 text');
  });
});

describe('valueAsJson', () => {
  it('parses the value', () => {
    // Prepare
    const record = fixtureRecord(3);

    // Act
    const reading = valueAsJson(record);

    // Assess
    expect(reading).toEqual({ station: 'FRPAR13', at: '2024-06-18T12:00:00Z', pm25: 18.3, so2: 2.1, co: 0.4 });
  });

  it('refuses text that is not JSON, keeping the parser error as its cause', () => {
    // Prepare
    const record = fixtureRecord(4, (r) => (r.value = Buffer.from('{"station":')));

    // Act
    const act = () => valueAsJson(record);

    // Assess
    expect(act).toThrowError(
      expect.objectContaining({
        message: expect.stringMatching(/^air-quality-1@878 value is not valid JSON: /),
        coordinates: 'air-quality-1@878',
        cause: expect.any(SyntaxError),
      }),
    );
  });
});

describe('headerString', () => {
  it('reads a header whose signed Java bytes spell non-ASCII UTF-8', () => {
    // Prepare
    const record = fixtureRecord(0);

    // Act
    const name = headerString(record, 'station-name');

    // Assess
    expect(name).toBe('café ☕');
  });

  it('answers a repeated name with its last value, and undefined for a missing one', () => {
    // Prepare
    const record = fixtureRecord(2);

    // Act
    const hop = headerString(record, 'hop');
    const missing = headerString(record, 'Hop');

    // Assess
    expect(hop).toBe('enrich');
    expect(missing).toBeUndefined();
  });

  it('refuses a header value that is not UTF-8', () => {
    // Prepare
    const record = fixtureRecord(0, (r) => (r.headers[1]!.value = Buffer.from([0xff])));

    // Act
    const act = () => headerString(record, 'station-name');

    // Assess
    expect(act).toThrow('air-quality-0@1041 header "station-name" is not valid UTF-8');
  });
});
