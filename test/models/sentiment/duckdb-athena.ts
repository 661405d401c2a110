import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { AthenaQueryClient } from '../../../functions/lib/athena/index.js';
import { DUCKDB_PRELUDE } from '../../../models/sentiment/train/training-set-sql.js';

/** What the stand-in was asked. */
export interface AthenaCalls {
  /** Every StartQueryExecution input, in order. */
  started: Parameters<AthenaQueryClient['startQueryExecution']>[0][];
  polls: number;
  pages: number;
}

export interface DuckdbAthenaOptions {
  /** A directory laid out as the archive bucket (`raw/topic=<topic>/dt=<date>/…parquet`). */
  archiveRoot: string;
  /** Glue database the table is in (default `archive_db`). */
  database?: string;
  /** Rows per GetQueryResults page, the header included (default 1000, Athena's maximum). */
  pageSize?: number;
  /** Make every query end FAILED with this reason. */
  fail?: string;
}

/**
 * A stand-in for Athena, since none runs locally: it runs the query text it is given on DuckDB,
 * over a Glue-like table `"<database>"."raw_events"` (every topic's objects, `topic` from the
 * path), so the Athena runner's own text, relations included, must run as DuckDB runs the local
 * one. It answers as Athena does: RUNNING before SUCCEEDED, the header as the first row, pages of
 * `pageSize` rows with a NextToken.
 */
export function duckdbAthena(options: DuckdbAthenaOptions): { client: AthenaQueryClient; calls: AthenaCalls } {
  const database = options.database ?? 'archive_db';
  const pageSize = options.pageSize ?? 1000;
  const results = new Map<string, string[][]>();
  const polled = new Map<string, number>();
  const calls: AthenaCalls = { started: [], polls: 0, pages: 0 };
  const client: AthenaQueryClient = {
    async startQueryExecution(input) {
      calls.started.push(input);
      const id = `q-${calls.started.length}`;
      const instance = await DuckDBInstance.create(':memory:');
      const db = await instance.connect();
      try {
        await db.run(DUCKDB_PRELUDE);
        await db.run(`CREATE SCHEMA ${database}`);
        const glob = path.join(options.archiveRoot, 'raw', '*', '*', '*.parquet');
        await db.run(
          `CREATE VIEW ${database}.raw_events AS SELECT * FROM read_parquet('${glob}', hive_partitioning = true)`,
        );
        const reader = await db.runAndReadAll(input.QueryString);
        const rows = reader.getRowsJson().map((r) => r.map((c) => (c === null ? '' : String(c))));
        results.set(id, [reader.columnNames(), ...rows]);
      } finally {
        db.closeSync();
        instance.closeSync();
      }
      return { QueryExecutionId: id };
    },
    async getQueryExecution({ QueryExecutionId }) {
      calls.polls++;
      const seen = (polled.get(QueryExecutionId) ?? 0) + 1;
      polled.set(QueryExecutionId, seen);
      if (seen === 1) return { QueryExecution: { Status: { State: 'RUNNING' } } };
      return {
        QueryExecution: {
          Status: options.fail ? { State: 'FAILED', StateChangeReason: options.fail } : { State: 'SUCCEEDED' },
        },
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
