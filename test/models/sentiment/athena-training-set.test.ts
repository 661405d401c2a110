import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AthenaQueryClient,
  readLabelledFeedbackWithAthena,
} from '../../../models/sentiment/train/athena-training-set.js';
import { AthenaQueryError } from '../../../models/sentiment/train/errors.js';
import { readLabelledFeedback } from '../../../models/sentiment/train/training-set.js';
import { DUCKDB_PRELUDE } from '../../../models/sentiment/train/training-set-sql.js';
import { writeArchiveBatch } from './archive-fixture.js';
import { slangArchive } from './labelled-domain.js';

const T0 = Date.UTC(2026, 10, 30, 9);

/**
 * A stand-in for Athena that runs the query text it is given on DuckDB, over a Glue-like table
 * `"archive_db"."raw_events"` (every topic's objects, `topic` from the path): the Athena runner's
 * own text, relations included, must run as DuckDB runs the local one. It answers as Athena
 * does: RUNNING before SUCCEEDED, the header as the first row, pages of `pageSize` rows.
 */
function duckdbAthena(archiveRoot: string, pageSize: number, fail?: string) {
  const results = new Map<string, string[][]>();
  const calls = { polls: 0, pages: 0 };
  const client: AthenaQueryClient = {
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
        const rows = reader.getRowsJson().map((r) => r.map((c) => (c === null ? '' : String(c))));
        results.set('q-1', [reader.columnNames(), ...rows]);
      } finally {
        db.closeSync();
        instance.closeSync();
      }
      return { QueryExecutionId: 'q-1' };
    },
    async getQueryExecution() {
      calls.polls++;
      if (calls.polls === 1) return { QueryExecution: { Status: { State: 'RUNNING' } } };
      return {
        QueryExecution: { Status: fail ? { State: 'FAILED', StateChangeReason: fail } : { State: 'SUCCEEDED' } },
      };
    },
    async getQueryResults({ QueryExecutionId, NextToken }) {
      calls.pages++;
      const all = results.get(QueryExecutionId) ?? [];
      const from = NextToken ? Number(NextToken) : 0;
      const next = from + pageSize;
      return {
        ResultSet: {
          Rows: all.slice(from, next).map((cells) => ({ Data: cells.map((VarCharValue) => ({ VarCharValue })) })),
        },
        ...(next < all.length ? { NextToken: String(next) } : {}),
      };
    },
  };
  return { client, calls };
}

describe('sentiment training set on Athena (the same query text, Glue-table relations)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  const archive = async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'tandem-athena-'));
    dirs.push(root);
    const { feedback, labels } = slangArchive(T0);
    await writeArchiveBatch(root, 'feedback', feedback, T0);
    await writeArchiveBatch(root, 'feedback', feedback.slice(0, 40), T0 + 1);
    await writeArchiveBatch(root, 'feedback-labels', labels, T0 + 2);
    return root;
  };

  it('reads every page after polling to SUCCEEDED, giving the rows the DuckDB runner gives', async () => {
    // Prepare
    const root = await archive();
    const athena = duckdbAthena(root, 50);

    // Act
    const rows = await readLabelledFeedbackWithAthena({ athena: athena.client, database: 'archive_db', pollMs: 1 });

    // Assess
    expect(rows).toEqual(await readLabelledFeedback(root));
    expect(rows).toHaveLength(288);
    expect(athena.calls.polls).toBe(2);
    expect(athena.calls.pages).toBe(Math.ceil((288 + 1) / 50));
  });

  it('says why when the query fails', async () => {
    // Prepare
    const root = await archive();
    const athena = duckdbAthena(root, 50, 'HIVE_BAD_DATA: broken file');

    // Act
    const reading = readLabelledFeedbackWithAthena({ athena: athena.client, database: 'archive_db', pollMs: 1 });

    // Assess
    await expect(reading).rejects.toThrow(AthenaQueryError);
    await expect(reading).rejects.toThrow(/FAILED: HIVE_BAD_DATA: broken file/);
  });
});
