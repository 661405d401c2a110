import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';

/** Rows of a Parquet file as hyparquet reads them (INT64 as bigint, timestamps as Date). */
export async function hyparquetRows(bytes: Buffer): Promise<Record<string, unknown>[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return parquetReadObjects({
    file,
    // hyparquet reads snappy itself; the archive's gzip needs a decompressor.
    compressors: { GZIP: (input: Uint8Array) => zlib.gunzipSync(input) },
  });
}

/** Rows of a Parquet file as DuckDB's `read_parquet` reads them, in JSON form, with `sql` run over `archive`. */
export async function duckdbRows(
  bytes: Buffer,
  sql = 'SELECT * FROM archive ORDER BY "offset"',
): Promise<Record<string, unknown>[]> {
  const path = join(tmpdir(), `tandem-${randomUUID()}.parquet`);
  await writeFile(path, bytes);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE VIEW archive AS SELECT * FROM read_parquet('${path}')`);
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(path, { force: true });
  }
}

/**
 * Rows of archive objects as DuckDB reads them with Hive partitioning: the objects are laid
 * out under a temporary directory by their keys, `archive` is a view over `glob` (relative to
 * it, e.g. `raw/topic=wiki-changes/**\/*.parquet`), and `sql` runs over it.
 */
export async function duckdbHiveRows(
  objects: readonly { key: string; bytes: Buffer }[],
  glob: string,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-hive-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const { key, bytes } of objects) {
      await mkdir(dirname(join(dir, key)), { recursive: true });
      await writeFile(join(dir, key), bytes);
    }
    await connection.run(
      `CREATE VIEW archive AS SELECT * FROM read_parquet('${join(dir, glob)}', hive_partitioning = true)`,
    );
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}
