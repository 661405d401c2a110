/**
 * Files, rows and distinct rows (by topic, partition, offset) of the archive: what `tandem
 * compact` prints before and after a run. Reads only the three coordinate columns of every
 * file, and keeps one string per distinct row in memory: meant for a local archive, not for
 * a production bucket (query the distinct view with Athena there).
 */

import { parquetReadObjects } from 'hyparquet';
import { type ArchiveBucket, getObject, listObjects } from './archive-bucket.js';
import { decompressors } from './archive-reader.js';
import { archivePartitionOf, RAW_PREFIX } from './compaction-plan.js';

export interface ArchiveCensus {
  /** Archive objects under `raw/`. */
  files: number;
  /** Bytes of those objects. */
  bytes: number;
  /** Rows in them, copies included. */
  rows: number;
  /** Distinct (topic, partition, offset). */
  distinctRows: number;
}

/** Counts the archive's files, bytes, rows and distinct rows. */
export async function archiveCensus(store: ArchiveBucket): Promise<ArchiveCensus> {
  const objects = (await listObjects(store, RAW_PREFIX)).filter((o) => archivePartitionOf(o.key) !== undefined);
  const distinct = new Set<string>();
  let rows = 0;
  for (const object of objects) {
    const bytes = await getObject(store, object.key);
    if (bytes === undefined) continue;
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const coordinates = await parquetReadObjects({
      file,
      columns: ['topic', 'partition', 'offset'],
      compressors: decompressors,
    });
    rows += coordinates.length;
    for (const c of coordinates) distinct.add(`${c.topic}\u0000${c.partition}\u0000${c.offset}`);
  }
  return {
    files: objects.length,
    bytes: objects.reduce((sum, o) => sum + o.size, 0),
    rows,
    distinctRows: distinct.size,
  };
}
