import { EventEmitter } from 'node:events';

/** What `archivedObjects` reports for each archive object written. */
export interface ArchivedNotice {
  topic: string;
  partition: number;
  /** The object's key in the archive bucket. */
  key: string;
  /** Offsets of its rows, ascending. */
  offsets: readonly number[];
}

/**
 * In-process observer of archive objects written, emitting `'archived'` once S3 acknowledged
 * the PUT. The local runtime keeps a running count of the rows archived from it instead of
 * reading every Parquet file back. On AWS nothing listens. Listeners must not throw.
 */
export const archivedObjects = new EventEmitter<{ archived: [ArchivedNotice] }>();
