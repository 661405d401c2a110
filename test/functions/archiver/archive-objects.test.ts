import { describe, expect, it } from 'vitest';
import { archiveDate, archiveKey, archiveObjects } from '../../../functions/archiver/archive-objects.js';
import { toArchiveRow } from '../../../functions/archiver/archive-row.js';
import { decodeKafkaEvent, encodeKafkaEvent } from '../../../functions/lib/kafka-event/index.js';
import { mskEvent } from '../helpers/events.js';

const LAST_MS_OF_18TH = Date.UTC(2024, 5, 18, 23, 59, 59, 999);
const FIRST_MS_OF_19TH = Date.UTC(2024, 5, 19);

function accepted(records: ReturnType<typeof decodeKafkaEvent>['records']) {
  return records.map((record) => ({ record, result: toArchiveRow(record, { ingestTime: 0 }) }));
}

describe('archiveDate', () => {
  it('is the UTC date of the timestamp', () => {
    // Prepare
    const timestamps = [LAST_MS_OF_18TH, FIRST_MS_OF_19TH, 0];

    // Act
    const dates = timestamps.map(archiveDate);

    // Assess
    expect(dates).toEqual(['2024-06-18', '2024-06-19', '1970-01-01']);
  });
});

describe('archiveKey', () => {
  it('is a Hive-partitioned key named by partition and offsets', () => {
    // Prepare
    const group = { topic: 'wiki-changes', date: '2024-06-18', partition: 2, firstOffset: 10, lastOffset: 19 };

    // Act
    const key = archiveKey(group);

    // Assess
    expect(key).toBe('raw/topic=wiki-changes/dt=2024-06-18/part-2-10-19.parquet');
  });
});

describe('archiveObjects', () => {
  it('makes one object per partition of the fixture, rows in offset order', () => {
    // Prepare
    const records = decodeKafkaEvent(mskEvent()).records;

    // Act
    const objects = archiveObjects(accepted(records));

    // Assess
    expect(objects.map((object) => [object.key, object.rows.map((row) => row.offset)])).toEqual([
      ['raw/topic=air-quality/dt=2024-06-18/part-0-1041-1043.parquet', [1041n, 1042n, 1043n]],
      ['raw/topic=air-quality/dt=2024-06-18/part-1-877-878.parquet', [877n, 878n]],
    ]);
  });

  it('splits a partition by UTC date, even when dates interleave', () => {
    // Prepare
    const event = encodeKafkaEvent({
      bootstrapServers: 'localhost:9092',
      records: [
        { topic: 'weather', partition: 0, offset: 5, timestamp: LAST_MS_OF_18TH, value: 'a' },
        { topic: 'weather', partition: 0, offset: 6, timestamp: FIRST_MS_OF_19TH, value: 'b' },
        { topic: 'weather', partition: 0, offset: 7, timestamp: LAST_MS_OF_18TH - 5, value: 'c' },
        { topic: 'weather', partition: 0, offset: 8, timestamp: FIRST_MS_OF_19TH + 5, value: 'd' },
      ],
    });

    // Act
    const objects = archiveObjects(accepted(decodeKafkaEvent(event).records));

    // Assess
    expect(objects.map((object) => [object.key, object.rows.map((row) => row.value)])).toEqual([
      ['raw/topic=weather/dt=2024-06-18/part-0-5-7.parquet', ['a', 'c']],
      ['raw/topic=weather/dt=2024-06-19/part-0-6-8.parquet', ['b', 'd']],
    ]);
  });

  it('makes no object for an empty batch', () => {
    // Prepare
    const none: Parameters<typeof archiveObjects>[0] = [];

    // Act
    const objects = archiveObjects(none);

    // Assess
    expect(objects).toEqual([]);
  });
});
