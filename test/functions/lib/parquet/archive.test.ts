import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance, DuckDBTimestampTZValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARCHIVE_COLUMNS,
  ARCHIVE_SCHEMA_VERSION,
  ARCHIVE_SCHEMA_VERSION_KEY,
  type ArchiveCodec,
  type ArchiveRow,
  archiveText,
  EmptyArchiveBatchError,
  encodeArchiveParquet,
  InvalidArchiveRowError,
  zstdAvailable,
} from '../../../../functions/lib/parquet/index.js';

// Read back with DuckDB: a different Parquet implementation from the writer
// (hyparquet-writer), and the engine the archive is queried with locally.
let dir: string;
let instance: DuckDBInstance;
let db: DuckDBConnection;
let files = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tandem-parquet-test-'));
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});

afterAll(async () => {
  db?.closeSync();
  instance?.closeSync();
  await rm(dir, { recursive: true, force: true });
});

async function toFile(parquet: Buffer): Promise<string> {
  const file = path.join(dir, `archive-${files++}.parquet`);
  await writeFile(file, parquet);
  return file;
}

async function query(sql: string) {
  return (await db.runAndReadAll(sql)).getRowObjects();
}

/** Every row of the file, in file order, with timestamps as exact epoch milliseconds. */
async function readBack(file: string) {
  return query(
    `SELECT topic, "partition", "offset", epoch_ms("timestamp") AS timestamp_ms, "key", "value", headers,
            epoch_ms(ingest_time) AS ingest_ms
     FROM read_parquet('${file}', file_row_number = true) ORDER BY file_row_number`,
  );
}

function expectRoundTrip(read: Record<string, unknown>[], rows: readonly ArchiveRow[]): void {
  expect(read).toHaveLength(rows.length);
  read.forEach((got, i) => {
    const want = rows[i] as ArchiveRow;
    expect(got).toEqual({
      topic: want.topic,
      partition: want.partition,
      offset: want.offset,
      timestamp_ms: BigInt(want.timestamp),
      key: want.key,
      value: want.value,
      headers: JSON.stringify(want.headers),
      ingest_ms: BigInt(want.ingestTime),
    });
    expect(JSON.parse(got.headers as string)).toEqual(want.headers);
  });
}

const T0 = Date.UTC(2025, 5, 1, 12, 0, 0, 123);

/** Rows covering the edges of every column. */
function edgeRows(): ArchiveRow[] {
  return [
    {
      topic: 'feedback',
      partition: 0,
      offset: 0n,
      timestamp: T0,
      key: null,
      value: '{"text":"great app"}',
      headers: [],
      ingestTime: T0 + 1,
    },
    {
      topic: 'feedback',
      partition: 2 ** 31 - 1,
      offset: 2n ** 32n + 5n,
      timestamp: T0 + 999,
      key: 'U0ABC',
      value: '{"text":"café naïve 日本語 😀👍🏽 e\u0301 \\u0000"}',
      headers: [
        ['retry', '1'],
        ['content-type', 'application/json'],
        ['retry', '2'],
      ],
      ingestTime: T0 + 2000,
    },
    {
      topic: 'wiki-changes',
      partition: 7,
      offset: 2n ** 63n - 1n,
      timestamp: 0,
      key: '',
      value: '',
      headers: [['trace', '']],
      ingestTime: 253_402_300_799_999, // 9999-12-31T23:59:59.999Z
    },
    {
      topic: 'wiki-changes',
      partition: 7,
      offset: 9_007_199_254_740_993n, // 2^53 + 1: not representable as a double
      timestamp: -1, // Kafka's "no timestamp"
      key: archiveText(new Uint8Array([0xff, 0xfe, 0x00])),
      value: 'plain text, not JSON',
      headers: [['bin', archiveText(new Uint8Array([0xc3, 0x28]))]],
      ingestTime: T0,
    },
  ];
}

describe('encodeArchiveParquet', () => {
  it('round-trips every column exactly through DuckDB, nulls, unicode, duplicate headers and int64 offsets included', async () => {
    // Prepare
    const rows = edgeRows();

    // Act
    const file = await toFile(await encodeArchiveParquet(structuredClone(rows)));

    // Assess
    expectRoundTrip(await readBack(file), rows);
  });

  it('gives each column its Parquet and SQL type', async () => {
    // Prepare
    const file = await toFile(await encodeArchiveParquet(edgeRows()));

    // Act
    const described = await query(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    const schema = await query(
      `SELECT name, type, converted_type, logical_type, repetition_type FROM parquet_schema('${file}') WHERE type IS NOT NULL`,
    );

    // Assess
    expect(described.map((c) => [c.column_name, c.column_type])).toEqual([
      ['topic', 'VARCHAR'],
      ['partition', 'INTEGER'],
      ['offset', 'BIGINT'],
      ['timestamp', 'TIMESTAMP WITH TIME ZONE'],
      ['key', 'VARCHAR'],
      ['value', 'VARCHAR'],
      ['headers', 'VARCHAR'],
      ['ingest_time', 'TIMESTAMP WITH TIME ZONE'],
    ]);
    expect(schema.map((c) => [c.name, c.type, c.converted_type, c.repetition_type])).toEqual([
      ['topic', 'BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      ['partition', 'INT32', null, 'REQUIRED'],
      ['offset', 'INT64', null, 'REQUIRED'],
      ['timestamp', 'INT64', 'TIMESTAMP_MILLIS', 'REQUIRED'],
      ['key', 'BYTE_ARRAY', 'UTF8', 'OPTIONAL'],
      ['value', 'BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      ['headers', 'BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      ['ingest_time', 'INT64', 'TIMESTAMP_MILLIS', 'REQUIRED'],
    ]);
    expect(String(schema[3]?.logical_type)).toMatch(/isAdjustedToUTC=1.*MILLIS=/);
    expect(schema.map((c) => c.name)).toEqual(ARCHIVE_COLUMNS.map((c) => c.name));
  });

  it('reads back timestamps as the same UTC instants', async () => {
    // Prepare
    const rows = edgeRows();
    const file = await toFile(await encodeArchiveParquet(rows));

    // Act
    const read = await query(`SELECT "timestamp", ingest_time FROM read_parquet('${file}') LIMIT 1`);

    // Assess
    expect(read[0]?.timestamp).toEqual(new DuckDBTimestampTZValue(BigInt(T0) * 1000n));
    expect(read[0]?.ingest_time).toEqual(new DuckDBTimestampTZValue(BigInt(T0 + 1) * 1000n));
  });

  it('writes min/max statistics for coordinates and times, none for free text', async () => {
    // Prepare
    const file = await toFile(await encodeArchiveParquet(edgeRows()));

    // Act
    const stats = await query(
      `SELECT path_in_schema AS name, stats_min_value AS min, stats_max_value AS max FROM parquet_metadata('${file}')`,
    );

    // Assess
    const byName = Object.fromEntries(stats.map((s) => [s.name, [s.min, s.max]]));
    expect(byName.offset).toEqual(['0', String(2n ** 63n - 1n)]);
    expect(byName.partition).toEqual(['0', String(2 ** 31 - 1)]);
    expect(byName.topic).toEqual(['feedback', 'wiki-changes']);
    expect(byName.value).toEqual([null, null]);
    expect(byName.headers).toEqual([null, null]);
  });

  it('records the schema version in the file metadata', async () => {
    // Prepare
    const file = await toFile(await encodeArchiveParquet(edgeRows()));

    // Act
    const kv = await query(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${file}')`);

    // Assess
    expect(kv).toContainEqual({ key: ARCHIVE_SCHEMA_VERSION_KEY, value: String(ARCHIVE_SCHEMA_VERSION) });
  });

  it('splits rows into row groups of the size asked for (the compactor’s large files), one group by default', async () => {
    // Prepare
    const rows = Array.from({ length: 10 }, () => edgeRows()[0]!).map((row, i) => ({ ...row, offset: BigInt(i) }));

    // Act
    const grouped = await toFile(await encodeArchiveParquet(rows, { rowGroupSize: 4 }));
    const single = await toFile(await encodeArchiveParquet(rows));

    // Assess
    const groups = (file: string) =>
      query(
        `SELECT row_group_num_rows::INTEGER AS n FROM parquet_metadata('${file}') GROUP BY row_group_id, row_group_num_rows ORDER BY row_group_id`,
      );
    expect(await groups(grouped)).toEqual([{ n: 4 }, { n: 4 }, { n: 2 }]);
    expect(await groups(single)).toEqual([{ n: 10 }]);
    expectRoundTrip(await readBack(grouped), rows);
  });

  const codecs: ArchiveCodec[] = ['GZIP', 'SNAPPY', ...(zstdAvailable ? (['ZSTD'] as const) : [])];
  it.each(codecs)('writes %s files DuckDB reads back row for row, in order', async (codec) => {
    // Prepare: enough rows for dictionary pages and repeated values.
    const rows: ArchiveRow[] = Array.from({ length: 5000 }, (_, i) => ({
      topic: i % 2 ? 'feedback' : 'wiki-changes',
      partition: i % 3,
      offset: 2n ** 40n + BigInt(i),
      timestamp: T0 + i * 37,
      key: i % 5 === 0 ? null : `user-${i % 97}`,
      value: JSON.stringify({ id: i, text: `feedback number ${i} ✓`, score: (i % 10) / 10 }),
      headers:
        i % 7 === 0
          ? [
              ['a', '1'],
              ['a', String(i)],
            ]
          : [['content-type', 'application/json']],
      ingestTime: T0 + i * 37 + 250,
    }));

    // Act
    const file = await toFile(await encodeArchiveParquet(rows, { codec }));

    // Assess
    const compression = await query(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`);
    expect(compression).toEqual([{ compression: codec }]);
    expectRoundTrip(await readBack(file), rows);
  });

  it('rejects an empty batch: it has no offsets to name an archive object by', async () => {
    // Act
    const encoding = encodeArchiveParquet([]);

    // Assess
    await expect(encoding).rejects.toBeInstanceOf(EmptyArchiveBatchError);
    await expect(encoding).rejects.toThrow(/empty/);
  });

  const invalid: [string, string, Partial<Record<keyof ArchiveRow, unknown>>][] = [
    ['offset as a number', 'offset', { offset: 5 }],
    ['negative offset', 'offset', { offset: -1n }],
    ['offset beyond int64', 'offset', { offset: 2n ** 63n }],
    ['negative partition', 'partition', { partition: -1 }],
    ['partition beyond int32', 'partition', { partition: 2 ** 31 }],
    ['fractional timestamp', 'timestamp', { timestamp: 1.5 }],
    ['timestamp as a Date', 'timestamp', { timestamp: new Date(T0) }],
    ['ingest time NaN', 'ingest_time', { ingestTime: Number.NaN }],
    ['empty topic', 'topic', { topic: '' }],
    ['undefined key', 'key', { key: undefined }],
    ['value as bytes', 'value', { value: new Uint8Array([1]) }],
    ['headers as an object', 'headers', { headers: { a: '1' } }],
    ['header value as bytes', 'headers', { headers: [['a', new Uint8Array([1])]] }],
    ['header with three parts', 'headers', { headers: [['a', '1', '2']] }],
  ];
  it.each(invalid)('rejects a row with %s, naming the row and column', async (_, column, patch) => {
    // Prepare
    const rows = edgeRows();
    Object.assign(rows[2] as ArchiveRow, patch);

    // Act
    const encoding = encodeArchiveParquet(rows);

    // Assess
    await expect(encoding).rejects.toBeInstanceOf(InvalidArchiveRowError);
    await expect(encoding).rejects.toMatchObject({ index: 2, column, name: 'InvalidArchiveRowError' });
  });

  it('writes ZSTD where this Node.js has it (>= 22.15) and refuses it clearly where it does not', async () => {
    // Act
    const encoding = encodeArchiveParquet(edgeRows(), { codec: 'ZSTD' });
    // Assess
    if (zstdAvailable) await expect(encoding).resolves.toBeInstanceOf(Buffer);
    else await expect(encoding).rejects.toThrow(/ZSTD is not available/);
  });
});
