import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { AthenaQueryClient } from '../../../functions/lib/athena/index.js';
import {
  athenaTrainingSetQuery,
  readArchivedDaysWithAthena,
} from '../../../models/air-quality/train/athena-training-set.js';
import { readArchivedDays } from '../../../models/air-quality/train/training-set.js';
import { DUCKDB_PRELUDE } from '../../../models/air-quality/train/training-set-sql.js';
import { atOffsets, checkedValue, weatherValue, writeArchiveBatch } from './archive-fixture.js';

const D1 = Date.UTC(2026, 10, 30);
const D2 = D1 + 86_400_000;
const HOUR = 3_600_000;

/** An archive with every case the query must handle, written with the archiver's encoder. */
async function caseArchive(root: string) {
  const berlin = (h: number, pm10: number | null, check?: Parameters<typeof checkedValue>[3]) => ({
    hourMs: D1 + h * HOUR,
    key: 'berlin',
    value: checkedValue('berlin', D1 + h * HOUR, pm10, check),
  });
  const first = atOffsets(0, 0, [
    berlin(0, 10),
    berlin(1, 20),
    berlin(2, 30),
    berlin(3, 44),
    berlin(4, 400, { status: 'flagged', flagged: true }),
    // Not measured that hour: no value to average or leave out.
    berlin(5, null),
    // The detector had no state yet: kept.
    berlin(6, 50, { status: 'unchecked' }),
  ]);
  await writeArchiveBatch(root, 'air-quality-checked', first, D1 + 8 * HOUR);
  // A retried Lambda batch archived the same offsets again.
  await writeArchiveBatch(root, 'air-quality-checked', first, D1 + 9 * HOUR);
  // A re-poll revised hour 2 (30 → 36); a re-send of hour 4 carries its stored flag.
  const later = atOffsets(0, 7, [
    { ...berlin(2, 36), hourMs: D1 + 10 * HOUR },
    { ...berlin(4, 400, { status: 'flagged', flagged: true }), hourMs: D1 + 10 * HOUR },
    // The next day: its only value flagged.
    { hourMs: D2, key: 'berlin', value: checkedValue('berlin', D2, 12, { status: 'flagged', flagged: true }) },
  ]);
  await writeArchiveBatch(root, 'air-quality-checked', later, D1 + 11 * HOUR);
  await writeArchiveBatch(
    root,
    'air-quality-checked',
    atOffsets(1, 0, [
      { hourMs: D1, key: 'munich', value: checkedValue('munich', D1, 5) },
      { hourMs: D1 + HOUR, key: 'munich', value: checkedValue('munich', D1 + HOUR, 7) },
    ]),
    D1 + 8 * HOUR,
  );
  const weather = (h: number, w: Parameters<typeof weatherValue>[2], at = D1 + h * HOUR) => ({
    hourMs: at,
    key: 'berlin',
    value: weatherValue('berlin', D1 + h * HOUR, w),
  });
  await writeArchiveBatch(
    root,
    'weather',
    atOffsets(2, 0, [
      weather(0, { temperatureC: 4, windSpeedMs: 2, precipitationMm: 0.5, humidityPct: 80, pressureHpa: 1000 }),
      weather(1, { temperatureC: 6, windSpeedMs: 4, precipitationMm: 1.5, humidityPct: 90, pressureHpa: 1010 }),
      // A re-poll of hour 1 revised its precipitation: counted once, the newest value.
      weather(
        1,
        { temperatureC: 6, windSpeedMs: 4, precipitationMm: 1, humidityPct: 90, pressureHpa: 1010 },
        D1 + 3 * HOUR,
      ),
    ]),
    D1 + 8 * HOUR,
  );
}

const EXPECTED = [
  {
    location: 'berlin',
    date: '2026-11-30',
    // 10, 20, 36 (the re-poll), 44 and 50 (unchecked); 400 flagged, left out once.
    pm10: 32,
    hours: 5,
    leftOut: 1,
    lat: 52.52,
    lon: 13.405,
    weather: { temperatureC: 5, windSpeedMs: 3, precipitationMm: 1.5, humidityPct: 85, pressureHpa: 1005, hours: 2 },
  },
  { location: 'munich', date: '2026-11-30', pm10: 6, hours: 2, leftOut: 0, lat: 48.1374, lon: 11.5755, weather: null },
  { location: 'berlin', date: '2026-12-01', pm10: null, hours: 0, leftOut: 1, lat: 52.52, lon: 13.405, weather: null },
];

/**
 * A stand-in for Athena that runs the text it is given on DuckDB over a Glue-like table
 * `"archive_db"."raw_events"`, answering as Athena does: RUNNING first, the header as the first
 * row, pages of `pageSize` rows, a SQL NULL as a cell without `VarCharValue`.
 */
function duckdbAthena(archiveRoot: string, pageSize: number): AthenaQueryClient {
  let table: (string | null)[][] = [];
  let polls = 0;
  return {
    async startQueryExecution({ QueryString }) {
      const instance = await DuckDBInstance.create(':memory:');
      const db = await instance.connect();
      try {
        await db.run(DUCKDB_PRELUDE);
        await db.run('CREATE SCHEMA archive_db');
        const glob = path.join(archiveRoot, 'raw', '*', '*', '*.parquet');
        await db.run(
          `CREATE VIEW archive_db.raw_events AS SELECT * FROM read_parquet('${glob}', hive_partitioning = true)`,
        );
        const reader = await db.runAndReadAll(QueryString);
        table = [
          reader.columnNames(),
          ...reader.getRowsJson().map((r) => r.map((c) => (c === null ? null : String(c)))),
        ];
      } finally {
        db.closeSync();
        instance.closeSync();
      }
      return { QueryExecutionId: 'q-1' };
    },
    async getQueryExecution() {
      polls++;
      return { QueryExecution: { Status: { State: polls === 1 ? 'RUNNING' : 'SUCCEEDED' } } };
    },
    async getQueryResults({ NextToken }) {
      const from = NextToken ? Number(NextToken) : 0;
      const next = from + pageSize;
      return {
        ResultSet: {
          Rows: table
            .slice(from, next)
            .map((cells) => ({ Data: cells.map((c) => (c === null ? {} : { VarCharValue: c })) })),
        },
        ...(next < table.length ? { NextToken: String(next) } : {}),
      };
    },
  };
}

describe('air-quality training set (the SQL over archived air-quality-checked and weather rows)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  const archive = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tandem-air-training-set-'));
    dirs.push(dir);
    return dir;
  };

  it('means each day over distinct hours, newest copy, flagged PM10 left out and counted, joined with the day’s weather', async () => {
    // Prepare
    const root = await archive();
    await caseArchive(root);

    // Act
    const days = await readArchivedDays(root);

    // Assess
    expect(days).toEqual(EXPECTED);
  });

  it('gives the same days through the Athena runner, its own query text and paged text cells', async () => {
    // Prepare
    const root = await archive();
    await caseArchive(root);

    // Act
    const days = await readArchivedDaysWithAthena({
      athena: duckdbAthena(root, 2),
      database: 'archive_db',
      pollMs: 1,
    });

    // Assess
    expect(days).toEqual(EXPECTED);
    expect(athenaTrainingSetQuery('archive_db')).toContain(`WHERE topic = 'air-quality-checked'`);
  });

  it('reads no days from an archive without air-quality-checked rows, and days without weather when none was archived', async () => {
    // Prepare
    const empty = await archive();
    const noWeather = await archive();
    await writeArchiveBatch(
      noWeather,
      'air-quality-checked',
      atOffsets(0, 0, [{ hourMs: D1, key: 'munich', value: checkedValue('munich', D1, 8) }]),
      D1,
    );

    // Act
    const none = await readArchivedDays(empty);
    const withoutWeather = await readArchivedDays(noWeather);

    // Assess
    expect(none).toEqual([]);
    expect(withoutWeather).toEqual([
      {
        location: 'munich',
        date: '2026-11-30',
        pm10: 8,
        hours: 1,
        leftOut: 0,
        lat: 48.1374,
        lon: 11.5755,
        weather: null,
      },
    ]);
  });
});
