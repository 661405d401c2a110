import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeKafkaEvent, type KafkaRecordInput } from '../../../functions/lib/kafka-event/index.js';
import { InvalidKafkaBatchError, type KafkaLambdaHandler } from '../../../functions/lib/middleware/index.js';
import { mskEvent, sqsEvent } from '../helpers/events.js';
import { lambdaContext } from '../helpers/lambda-context.js';
import {
  getObjectBytes,
  getObjectJson,
  type LocalS3,
  listKeys,
  startLocalS3,
  useLocalS3Environment,
} from '../helpers/local-s3.js';
import { duckdbHiveRows, duckdbRows, hyparquetRows } from '../helpers/parquet.js';

const ARCHIVE = 'archive';
const DEAD_LETTERS = 'dead-letters';
const JUNE_18 = Date.UTC(2024, 5, 18, 9, 30);
const JUNE_19 = Date.UTC(2024, 5, 19, 0, 0, 0, 1);

/**
 * Stops Date.now at the current time. The current time, not a fixed one: the S3 client signs
 * requests with it, and a clock far off would be refused as skewed.
 */
function freezeClock(): number {
  const now = Date.now();
  vi.spyOn(Date, 'now').mockReturnValue(now);
  return now;
}

/** Builds an MSK event the way the local event source mapping does. */
function kafkaEvent(records: KafkaRecordInput[]) {
  return encodeKafkaEvent({ bootstrapServers: 'b-1.tandem.local:9092', records });
}

describe('archiver handler (real handler, real S3 API)', () => {
  let s3: LocalS3;
  let handler: KafkaLambdaHandler;

  const invoke = (event: unknown) => handler(structuredClone(event), lambdaContext('tandem-archiver'));

  /** Every archive object under a prefix: key, bytes, and rows as hyparquet reads them. */
  async function archiveContents(prefix: string) {
    const keys = await listKeys(s3.client, ARCHIVE, prefix);
    return Promise.all(
      keys.map(async (key) => {
        const bytes = await getObjectBytes(s3.client, ARCHIVE, key);
        return { key, bytes, rows: await hyparquetRows(bytes) };
      }),
    );
  }

  beforeAll(async () => {
    s3 = await startLocalS3([ARCHIVE, DEAD_LETTERS]);
    useLocalS3Environment(s3.endpoint, { BUCKET_ARCHIVE: ARCHIVE, BUCKET_DEAD_LETTERS: DEAD_LETTERS });
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    ({ handler } = await import('../../../functions/archiver/handler.js'));
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await s3.close();
  });

  it('leaves the same objects with the same rows however often a batch is replayed', async () => {
    // Prepare
    const event = mskEvent();
    const withoutIngestTime = (contents: Awaited<ReturnType<typeof archiveContents>>) =>
      contents.map(({ key, rows }) => ({ key, rows: rows.map(({ ingest_time: _, ...row }) => row) }));
    const results: unknown[] = [];
    const snapshots: ReturnType<typeof withoutIngestTime>[] = [];

    // Act
    for (let replay = 0; replay < 3; replay++) {
      results.push(await invoke(event));
      snapshots.push(withoutIngestTime(await archiveContents('raw/topic=air-quality/')));
    }

    // Assess
    expect(results).toEqual([undefined, undefined, undefined]);
    expect(snapshots[0]!.map(({ key, rows }) => [key, rows.map((row) => row.offset)])).toEqual([
      ['raw/topic=air-quality/dt=2024-06-18/part-0-1041-1043.parquet', [1041n, 1042n, 1043n]],
      ['raw/topic=air-quality/dt=2024-06-18/part-1-877-878.parquet', [877n, 878n]],
    ]);
    expect(snapshots[1]).toEqual(snapshots[0]);
    expect(snapshots[2]).toEqual(snapshots[0]);
  });

  it('writes byte-identical objects on every replay: only ingest_time could differ, and it is pinned here', async () => {
    // Prepare
    const event = mskEvent();
    const ingestTime = freezeClock();
    const snapshots: { key: string; bytes: Buffer; rows: unknown[] }[][] = [];

    // Act
    for (let replay = 0; replay < 3; replay++) {
      await invoke(event);
      snapshots.push(await archiveContents('raw/topic=air-quality/'));
    }

    // Assess
    expect(snapshots[0]).toHaveLength(2);
    expect(snapshots[1]).toEqual(snapshots[0]);
    expect(snapshots[2]).toEqual(snapshots[0]);
    expect(snapshots[0]!.flatMap(({ rows }) => rows.map((row) => (row as { ingest_time: Date }).ingest_time))).toEqual(
      Array(5).fill(new Date(ingestTime)),
    );
  });

  it('dead-letters a poison record mid-batch with its reason and coordinates and archives the rest', async () => {
    // Prepare
    const poison = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const event = kafkaEvent([
      ...[500, 501, 502, 503, 504].map((offset) => ({
        topic: 'feedback',
        partition: 0,
        offset,
        timestamp: JUNE_18 + offset,
        key: `user-${offset}`,
        value: offset === 502 ? poison : `{"text":"message ${offset}"}`,
      })),
      { topic: 'feedback', partition: 1, offset: 60, timestamp: JUNE_18, value: '{"text":"fine"}' },
    ]);

    // Act
    const result = await invoke(event);

    // Assess
    expect(result).toBeUndefined();
    const archived = await archiveContents('raw/topic=feedback/');
    expect(archived.map(({ key, rows }) => [key, rows.map((row) => row.offset)])).toEqual([
      ['raw/topic=feedback/dt=2024-06-18/part-0-500-504.parquet', [500n, 501n, 503n, 504n]],
      ['raw/topic=feedback/dt=2024-06-18/part-1-60-60.parquet', [60n]],
    ]);
    expect(await listKeys(s3.client, DEAD_LETTERS, 'records/archiver/feedback/')).toEqual([
      'records/archiver/feedback/0/502.json',
    ]);
    expect(await getObjectJson(s3.client, DEAD_LETTERS, 'records/archiver/feedback/0/502.json')).toMatchObject({
      reason: 'invalid',
      detail: 'feedback-0@502 value is not valid UTF-8',
      coordinates: { topic: 'feedback', partition: 0, offset: 502 },
      function: 'archiver',
      timestamp: JUNE_18 + 502,
      key: { base64: Buffer.from('user-502').toString('base64'), bytes: 8, utf8Preview: 'user-502' },
      value: { base64: poison.toString('base64'), bytes: 4 },
      headers: [],
    });
  });

  it('dead-letters tombstones, oversize and undecodable records, each with its own reason', async () => {
    // Prepare
    const event = kafkaEvent([
      { topic: 'weather', partition: 0, offset: 0, timestamp: JUNE_18, key: 'station-1', value: null },
      { topic: 'weather', partition: 0, offset: 1, timestamp: JUNE_18, value: 'x'.repeat(1024 * 1024 + 1) },
      { topic: 'weather', partition: 0, offset: 2, timestamp: JUNE_18, value: '{"t":21.5}' },
      { topic: 'weather', partition: 0, offset: 3, timestamp: JUNE_18, value: '{"t":21.6}' },
    ]);
    event.records['weather-0']![3]!.value = '@@ not base64';

    // Act
    const result = await invoke(event);

    // Assess
    expect(result).toBeUndefined();
    expect(await listKeys(s3.client, ARCHIVE, 'raw/topic=weather/')).toEqual([
      'raw/topic=weather/dt=2024-06-18/part-0-2-2.parquet',
    ]);
    const letters = await Promise.all(
      [0, 1, 3].map((offset) => getObjectJson(s3.client, DEAD_LETTERS, `records/archiver/weather/0/${offset}.json`)),
    );
    expect(letters.map((letter) => (letter as { reason: string }).reason)).toEqual([
      'invalid',
      'too-large',
      'undecodable',
    ]);
    expect(letters[0]).toMatchObject({ key: { utf8Preview: 'station-1' }, value: null });
    expect(letters[1]).toMatchObject({ value: { bytes: 1024 * 1024 + 1 } });
    expect(letters[2]).toMatchObject({ raw: { offset: 3, value: '@@ not base64' } });
  });

  it('writes one object per (partition, UTC date), named by the offsets in it', async () => {
    // Prepare
    const at = (partition: number, offset: number, timestamp: number): KafkaRecordInput => ({
      topic: 'station-readings',
      partition,
      offset,
      timestamp,
      value: `{"id":${offset}}`,
    });
    const event = kafkaEvent([
      at(0, 100, JUNE_18),
      at(0, 101, JUNE_18 + 1),
      at(0, 102, JUNE_19),
      at(1, 7, JUNE_19),
      at(1, 8, JUNE_18),
      at(1, 9, JUNE_19 + 1),
    ]);

    // Act
    await invoke(event);

    // Assess
    const archived = await archiveContents('raw/topic=station-readings/');
    expect(archived.map(({ key, rows }) => [key, rows.map((row) => row.offset)])).toEqual([
      ['raw/topic=station-readings/dt=2024-06-18/part-0-100-101.parquet', [100n, 101n]],
      ['raw/topic=station-readings/dt=2024-06-18/part-1-8-8.parquet', [8n]],
      ['raw/topic=station-readings/dt=2024-06-19/part-0-102-102.parquet', [102n]],
      ['raw/topic=station-readings/dt=2024-06-19/part-1-7-9.parquet', [7n, 9n]],
    ]);
  });

  it('partitions wiki-changes by server_name after dt=, records without one under the Hive default partition', async () => {
    // Prepare
    const change = (partition: number, offset: number, timestamp: number, value: string): KafkaRecordInput => ({
      topic: 'wiki-changes',
      partition,
      offset,
      timestamp,
      value,
    });
    const wiki = (server: string, offset: number) => JSON.stringify({ id: offset, server_name: server, type: 'edit' });
    const event = kafkaEvent([
      change(0, 10, JUNE_18, wiki('en.wikipedia.org', 10)),
      change(0, 11, JUNE_18, wiki('www.wikidata.org', 11)),
      change(0, 12, JUNE_18, wiki('en.wikipedia.org', 12)),
      change(0, 13, JUNE_18, '{"id": 13, "server_name": '),
      change(0, 14, JUNE_19, wiki('en.wikipedia.org', 14)),
      change(1, 3, JUNE_18, wiki('www.wikidata.org', 3)),
      change(1, 4, JUNE_18, JSON.stringify({ id: 4, meta: { domain: 'x' } })),
    ]);

    // Act
    const results = [await invoke(event), await invoke(event)];
    const archived = await archiveContents('raw/topic=wiki-changes/');

    // Assess
    expect(results).toEqual([undefined, undefined]);
    expect(archived.map(({ key, rows }) => [key, rows.map((row) => row.offset)])).toEqual([
      ['raw/topic=wiki-changes/dt=2024-06-18/server_name=__HIVE_DEFAULT_PARTITION__/part-0-13-13.parquet', [13n]],
      ['raw/topic=wiki-changes/dt=2024-06-18/server_name=__HIVE_DEFAULT_PARTITION__/part-1-4-4.parquet', [4n]],
      ['raw/topic=wiki-changes/dt=2024-06-18/server_name=en.wikipedia.org/part-0-10-12.parquet', [10n, 12n]],
      ['raw/topic=wiki-changes/dt=2024-06-18/server_name=www.wikidata.org/part-0-11-11.parquet', [11n]],
      ['raw/topic=wiki-changes/dt=2024-06-18/server_name=www.wikidata.org/part-1-3-3.parquet', [3n]],
      ['raw/topic=wiki-changes/dt=2024-06-19/server_name=en.wikipedia.org/part-0-14-14.parquet', [14n]],
    ]);
    // DuckDB reads the partitions back as columns: dt as a date, the default partition as NULL.
    expect(
      await duckdbHiveRows(
        archived,
        'raw/topic=wiki-changes/**/*.parquet',
        `SELECT topic, CAST(dt AS VARCHAR) AS dt, server_name, count(*) AS records, list("offset" ORDER BY "offset") AS offsets
         FROM archive GROUP BY ALL ORDER BY dt, server_name NULLS FIRST`,
      ),
    ).toEqual([
      { topic: 'wiki-changes', dt: '2024-06-18', server_name: null, records: '2', offsets: ['4', '13'] },
      { topic: 'wiki-changes', dt: '2024-06-18', server_name: 'en.wikipedia.org', records: '2', offsets: ['10', '12'] },
      { topic: 'wiki-changes', dt: '2024-06-18', server_name: 'www.wikidata.org', records: '2', offsets: ['3', '11'] },
      { topic: 'wiki-changes', dt: '2024-06-19', server_name: 'en.wikipedia.org', records: '1', offsets: ['14'] },
    ]);
  });

  it('writes Parquet that hyparquet and DuckDB both read back with exact values', async () => {
    // Prepare
    const ingestTime = freezeClock();
    const event = kafkaEvent([
      {
        topic: 'readback',
        partition: 3,
        offset: 9_007_199_254_740_000,
        timestamp: 1718712000123,
        key: 'DEBE042',
        value: '{"station":"DEBE042","name":"café ☕"}',
        headers: [
          { key: 'content-type', value: 'application/json' },
          { key: 'hop', value: 'ingest' },
          { key: 'hop', value: new Uint8Array([0xff]) },
        ],
      },
      {
        topic: 'readback',
        partition: 3,
        offset: 9_007_199_254_740_001,
        timestamp: 1718712000999,
        key: new Uint8Array([0x00, 0xff]),
        value: '\uFEFFplain text, BOM kept',
      },
      { topic: 'readback', partition: 3, offset: 9_007_199_254_740_002, timestamp: 1718712001000, value: '' },
    ]);
    const key = 'raw/topic=readback/dt=2024-06-18/part-3-9007199254740000-9007199254740002.parquet';

    // Act
    await invoke(event);
    const bytes = await getObjectBytes(s3.client, ARCHIVE, key);

    // Assess
    expect(await hyparquetRows(bytes)).toEqual([
      {
        topic: 'readback',
        partition: 3,
        offset: 9_007_199_254_740_000n,
        timestamp: new Date(1718712000123),
        key: 'DEBE042',
        value: '{"station":"DEBE042","name":"café ☕"}',
        headers: '[["content-type","application/json"],["hop","ingest"],["hop","base64:/w=="]]',
        ingest_time: new Date(ingestTime),
      },
      {
        topic: 'readback',
        partition: 3,
        offset: 9_007_199_254_740_001n,
        timestamp: new Date(1718712000999),
        key: 'base64:AP8=',
        // Both JavaScript readers decode text with a default TextDecoder, which drops a leading
        // BOM; the bytes DuckDB reads (value_hex below) show it is stored.
        value: 'plain text, BOM kept',
        headers: '[]',
        ingest_time: new Date(ingestTime),
      },
      {
        topic: 'readback',
        partition: 3,
        offset: 9_007_199_254_740_002n,
        timestamp: new Date(1718712001000),
        key: null,
        value: '',
        headers: '[]',
        ingest_time: new Date(ingestTime),
      },
    ]);
    expect(
      await duckdbRows(
        bytes,
        `SELECT topic, "partition", "offset", epoch_ms("timestamp") AS ts, "key", "value",
                hex(encode("value")) AS value_hex, headers,
                epoch_ms(ingest_time) AS ingested, json_extract_string(headers, '$[1][1]') AS second_header
         FROM archive ORDER BY "offset"`,
      ),
    ).toEqual([
      {
        topic: 'readback',
        partition: 3,
        offset: '9007199254740000',
        ts: '1718712000123',
        key: 'DEBE042',
        value: '{"station":"DEBE042","name":"café ☕"}',
        value_hex: Buffer.from('{"station":"DEBE042","name":"café ☕"}').toString('hex').toUpperCase(),
        headers: '[["content-type","application/json"],["hop","ingest"],["hop","base64:/w=="]]',
        ingested: String(ingestTime),
        second_header: 'ingest',
      },
      {
        topic: 'readback',
        partition: 3,
        offset: '9007199254740001',
        ts: '1718712000999',
        key: 'base64:AP8=',
        value: 'plain text, BOM kept',
        value_hex: `EFBBBF${Buffer.from('plain text, BOM kept').toString('hex').toUpperCase()}`,
        headers: '[]',
        ingested: String(ingestTime),
        second_header: null,
      },
      {
        topic: 'readback',
        partition: 3,
        offset: '9007199254740002',
        ts: '1718712001000',
        key: null,
        value: '',
        value_hex: '',
        headers: '[]',
        ingested: String(ingestTime),
        second_header: null,
      },
    ]);
  });

  it('fails the invoke with a clear error for an event that is not a Kafka event, writing nothing', async () => {
    // Prepare
    const event = sqsEvent();
    const before = await listKeys(s3.client, ARCHIVE);

    // Act
    const result = invoke(event);

    // Assess
    await expect(result).rejects.toThrow(InvalidKafkaBatchError);
    await expect(result).rejects.toThrow(
      'archiver expects an MSK or self-managed Kafka event: eventSource must be "aws:kafka" or "SelfManagedKafka", got undefined',
    );
    expect(await listKeys(s3.client, ARCHIVE)).toEqual(before);
  });

  it('reports each partition from its first unwritten offset when S3 refuses the writes', async () => {
    // Prepare
    vi.resetModules();
    vi.stubEnv('BUCKET_ARCHIVE', 'no-such-bucket');
    const { handler: misconfigured } = await import('../../../functions/archiver/handler.js');
    vi.stubEnv('BUCKET_ARCHIVE', ARCHIVE);

    // Act
    const result = await misconfigured(mskEvent(), lambdaContext('tandem-archiver'));

    // Assess
    expect(result).toEqual({
      batchItemFailures: [
        { itemIdentifier: { partition: 'air-quality-0', offset: 1041 } },
        { itemIdentifier: { partition: 'air-quality-1', offset: 877 } },
      ],
    });
  });
});
