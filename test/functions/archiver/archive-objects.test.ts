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

  it('splits a partition by its extra partition values too, each key named by the offsets of its group', () => {
    // Prepare
    const wiki = (offset: number, server: string | undefined) => ({
      topic: 'wiki-changes',
      partition: 2,
      offset,
      timestamp: LAST_MS_OF_18TH,
      value: server === undefined ? '{"truncated": ' : JSON.stringify({ server_name: server }),
    });
    const event = encodeKafkaEvent({
      bootstrapServers: 'localhost:9092',
      records: [
        wiki(20, 'en.wikipedia.org'),
        wiki(21, 'www.wikidata.org'),
        wiki(22, undefined),
        wiki(23, 'en.wikipedia.org'),
        { topic: 'weather', partition: 2, offset: 5, timestamp: LAST_MS_OF_18TH, value: '{"server_name":"x"}' },
      ],
    });

    // Act
    const objects = archiveObjects(accepted(decodeKafkaEvent(event).records), { 'wiki-changes': ['server_name'] });

    // Assess
    expect(objects.map((object) => [object.key, object.rows.map((row) => row.offset)])).toEqual([
      ['raw/topic=wiki-changes/dt=2024-06-18/server_name=en.wikipedia.org/part-2-20-23.parquet', [20n, 23n]],
      ['raw/topic=wiki-changes/dt=2024-06-18/server_name=www.wikidata.org/part-2-21-21.parquet', [21n]],
      ['raw/topic=wiki-changes/dt=2024-06-18/server_name=__HIVE_DEFAULT_PARTITION__/part-2-22-22.parquet', [22n]],
      ['raw/topic=weather/dt=2024-06-18/part-2-5-5.parquet', [5n]],
    ]);
    expect(objects[0]!.partitions).toEqual([{ name: 'server_name', value: 'en.wikipedia.org' }]);
    expect(objects[3]!.partitions).toEqual([]);
  });
});
