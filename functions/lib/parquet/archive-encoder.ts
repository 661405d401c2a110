import zlib from 'node:zlib';
import type { SchemaElement } from 'hyparquet';
import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import { ARCHIVE_COLUMNS, ARCHIVE_SCHEMA } from './archive-columns.js';
import { ARCHIVE_SCHEMA_VERSION, type ArchiveRow } from './archive-row.js';
import { ArchiveEncodeError, EmptyArchiveBatchError, InvalidArchiveRowError } from './errors.js';

/** Page compression codecs the archive can be written with. */
export type ArchiveCodec = 'SNAPPY' | 'ZSTD' | 'GZIP';

/**
 * The codec archive files use unless told otherwise, chosen by `bench/parquet.ts`:
 * gzip at level 1 from node:zlib is faster than hyparquet-writer's JavaScript
 * snappy and makes files about 30% smaller.
 */
export const ARCHIVE_DEFAULT_CODEC: ArchiveCodec = 'GZIP';

// Level 6 saves about 12% more bytes at nearly twice the time (bench/parquet.ts);
// the archive is written on every batch and read rarely.
const GZIP_LEVEL = 1;

/** Key-value metadata key under which every file records `ARCHIVE_SCHEMA_VERSION`. */
export const ARCHIVE_SCHEMA_VERSION_KEY = 'tandem.archive.schema_version';

export interface ArchiveEncodeOptions {
  /** Page compression (default `ARCHIVE_DEFAULT_CODEC`). `ZSTD` needs node:zlib zstd, Node ≥ 22.15. */
  codec?: ArchiveCodec;
  /**
   * Rows per row group (default: all rows in one group, right for one batch). The compactor's
   * large files split into groups so readers can parallelise and skip on statistics.
   */
  rowGroupSize?: number;
}

type Compress = (input: Uint8Array) => Uint8Array;

// node:zlib gained zstd in Node 22.15 / 23.8; @types/node 20 does not declare it.
const zstdCompressSync = (zlib as { zstdCompressSync?: Compress }).zstdCompressSync;

/** Whether this Node.js can write `ZSTD` archives. */
export const zstdAvailable = typeof zstdCompressSync === 'function';

// hyparquet-writer carries its own snappy; the other codecs come from node:zlib.
const compressors: Partial<Record<ArchiveCodec, Compress>> = {
  GZIP: (input) => zlib.gzipSync(input, { level: GZIP_LEVEL }),
  ...(zstdCompressSync ? { ZSTD: (input: Uint8Array) => zstdCompressSync(input) } : {}),
};

/**
 * Encodes one batch of raw records as one Parquet file (one row group unless
 * `rowGroupSize` says otherwise, rows in the order given) with the archive schema of `ARCHIVE_COLUMNS`.
 *
 * Rejects an empty batch with `EmptyArchiveBatchError` (an archive object is
 * named by its first and last offsets, so an empty one has no name) and a row
 * that does not fit the schema with `InvalidArchiveRowError`, before writing
 * anything.
 */
export async function encodeArchiveParquet(
  rows: readonly ArchiveRow[],
  options: ArchiveEncodeOptions = {},
): Promise<Buffer> {
  if (rows.length === 0) throw new EmptyArchiveBatchError();
  const codec = options.codec ?? ARCHIVE_DEFAULT_CODEC;
  if (codec !== 'SNAPPY' && !compressors[codec]) {
    throw new ArchiveEncodeError(`codec ${codec} is not available in Node.js ${process.versions.node}`);
  }

  const columnData: ColumnSource[] = ARCHIVE_COLUMNS.map((column) => {
    const data = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as ArchiveRow;
      try {
        data[i] = column.cell(row);
      } catch (error) {
        throw new InvalidArchiveRowError(i, column.name, (error as Error).message, {
          cause: {
            package: 'tandem/parquet',
            data: { index: i, topic: row?.topic, partition: row?.partition, offset: row?.offset },
          },
        });
      }
    }
    return { name: column.name, data, statistics: column.statistics };
  });

  try {
    const file = parquetWriteBuffer({
      columnData,
      schema: ARCHIVE_SCHEMA as SchemaElement[],
      codec,
      compressors,
      rowGroupSize: options.rowGroupSize ?? rows.length,
      kvMetadata: [{ key: ARCHIVE_SCHEMA_VERSION_KEY, value: String(ARCHIVE_SCHEMA_VERSION) }],
      createdBy: `tandem archive schema v${ARCHIVE_SCHEMA_VERSION} (hyparquet-writer)`,
    });
    return Buffer.from(file);
  } catch (error) {
    throw new ArchiveEncodeError(`writing ${rows.length} archive rows as Parquet failed`, { cause: error });
  }
}
