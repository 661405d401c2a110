/**
 * One Kafka record → one archive row, or a refusal with the reason it is dead-lettered.
 * Pure: no clock, no AWS; the batch's ingest time comes in as an argument.
 *
 * Refused (`RecordRejectedError`):
 * - `too-large`: key + value + headers over `maxRecordBytes` (checked first, before decoding).
 * - `invalid`: a tombstone (null value). The archive's `value` column is required text, and
 *   the archived topics are event streams, not compacted tables, so a tombstone on them is
 *   itself an anomaly: dead-lettering keeps it, with its key, where someone will look.
 * - `invalid`: a value that is not valid UTF-8 (the archive stores values as text; replacing
 *   bad bytes with U+FFFD would archive something the producer never sent).
 * - `invalid`: a timestamp after 9999-12-31, which has no `dt=YYYY-MM-DD` partition.
 * - `invalid`: anything else the archive schema's own column rules refuse, checked here per
 *   record (with `ARCHIVE_COLUMNS`) so that a bad row never fails a whole file.
 * A leading byte order mark is kept: the value is archived exactly as it arrived.
 */

import { DeadLetterReason } from '../lib/dead-letter/reasons.js';
import type { DecodedRecord } from '../lib/kafka-event/index.js';
import { RecordRejectedError } from '../lib/middleware/errors.js';
import { ARCHIVE_COLUMNS, type ArchiveRow, archiveText } from '../lib/parquet/index.js';
import { MAX_RECORD_BYTES } from './config.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Last millisecond with a four-digit year, the last one `dt=YYYY-MM-DD` can name. */
export const MAX_ARCHIVE_TIMESTAMP = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export interface ArchiveRowOptions {
  /** When the archiver handled the batch, epoch milliseconds: every row's `ingest_time`. */
  ingestTime: number;
  /** Largest record archived, in bytes (default `MAX_RECORD_BYTES`). */
  maxRecordBytes?: number;
}

/** Bytes a record carries: key, value, and each header's name (UTF-8) and value. */
export function recordBytes(record: DecodedRecord): number {
  let bytes = (record.key?.byteLength ?? 0) + (record.value?.byteLength ?? 0);
  for (const header of record.headers) bytes += Buffer.byteLength(header.key, 'utf8') + header.value.byteLength;
  return bytes;
}

/** The archive row of a record; throws `RecordRejectedError` for a record the archive cannot hold. */
export function toArchiveRow(record: DecodedRecord, options: ArchiveRowOptions): ArchiveRow {
  const at = record.coordinates;
  const maxRecordBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  const size = recordBytes(record);
  if (size > maxRecordBytes) {
    throw new RecordRejectedError(
      DeadLetterReason.TOO_LARGE,
      `${at} is ${size} bytes (key, value and headers), over the archive's per-record limit of ${maxRecordBytes}`,
    );
  }
  if (record.value === null) {
    throw new RecordRejectedError(
      DeadLetterReason.INVALID,
      `${at} is a tombstone (no value); the archive's value column is required text`,
    );
  }
  let value: string;
  try {
    value = utf8.decode(record.value);
  } catch (error) {
    throw new RecordRejectedError(DeadLetterReason.INVALID, `${at} value is not valid UTF-8`, { cause: error });
  }
  if (record.timestamp > MAX_ARCHIVE_TIMESTAMP) {
    throw new RecordRejectedError(
      DeadLetterReason.INVALID,
      `${at} timestamp ${record.timestamp} is after 9999-12-31T23:59:59.999Z; it has no dt= partition`,
    );
  }
  const row: ArchiveRow = {
    topic: record.topic,
    partition: record.partition,
    offset: BigInt(record.offset),
    timestamp: record.timestamp,
    key: record.key === null ? null : archiveText(record.key),
    value,
    headers: record.headers.map((header) => [header.key, archiveText(header.value)] as const),
    ingestTime: options.ingestTime,
  };
  for (const column of ARCHIVE_COLUMNS) {
    try {
      column.cell(row);
    } catch (error) {
      throw new RecordRejectedError(
        DeadLetterReason.INVALID,
        `${at} does not fit archive column ${column.name}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return row;
}
