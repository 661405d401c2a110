/**
 * Reading an archive Parquet file back into `ArchiveRow`s, the writer's own input form, so a
 * merged file is written by the same encoder as every batch file (same schema, same rules).
 */

import zlib from 'node:zlib';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { ARCHIVE_SCHEMA_VERSION, ARCHIVE_SCHEMA_VERSION_KEY, type ArchiveRow } from '../lib/parquet/index.js';
import { ArchiveCompactorError } from './errors.js';

type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;

/** Decompressors for the archive's codecs besides snappy, for hyparquet. */
// node:zlib gained zstd in Node 22.15 / 23.8; hyparquet reads snappy itself.
const zstdDecompressSync = (zlib as { zstdDecompressSync?: (input: Uint8Array) => Uint8Array }).zstdDecompressSync;
export const decompressors: Record<string, Decompress> = {
  GZIP: (input) => zlib.gunzipSync(input),
  ...(zstdDecompressSync ? { ZSTD: (input: Uint8Array) => zstdDecompressSync(input) } : {}),
};

function epochMillis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return Number(value);
  return value as number;
}

/** The rows of one archive file; throws for a file of another archive schema version. */
export async function readArchiveParquet(bytes: Uint8Array, key: string): Promise<ArchiveRow[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const version = metadata.key_value_metadata?.find((kv) => kv.key === ARCHIVE_SCHEMA_VERSION_KEY)?.value;
  // A file of another layout would be rewritten in this one: refuse instead of guessing.
  if (version !== String(ARCHIVE_SCHEMA_VERSION)) {
    throw new ArchiveCompactorError(
      `${key} has archive schema version ${version}, this compactor writes ${ARCHIVE_SCHEMA_VERSION}`,
    );
  }
  const objects = await parquetReadObjects({ file, metadata, compressors: decompressors });
  return objects.map((o) => ({
    topic: o.topic as string,
    partition: o.partition as number,
    offset: BigInt(o.offset as bigint),
    timestamp: epochMillis(o.timestamp),
    key: (o.key as string | null | undefined) ?? null,
    value: o.value as string,
    headers: JSON.parse(o.headers as string) as [string, string][],
    ingestTime: epochMillis(o.ingest_time),
  }));
}
