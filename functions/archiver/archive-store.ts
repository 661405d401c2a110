/**
 * Writing archive objects to S3. Partitions are written concurrently; the objects of one
 * partition one after another in offset order, stopping at the first that fails, so with
 * `reportBatchItemFailures` the partition resumes from the first unwritten record and no
 * object after it was written ahead of it.
 */

import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DecodedRecord } from '../lib/kafka-event/index.js';
import type { KafkaBatch } from '../lib/middleware/index.js';
import { encodeArchiveParquet } from '../lib/parquet/index.js';
import type { ArchiveObject } from './archive-objects.js';
import { ArchiveWriteError } from './errors.js';
import { archivedObjects } from './observer.js';

/** Media type of the objects (IANA registration of 2024). */
export const PARQUET_CONTENT_TYPE = 'application/vnd.apache.parquet';

/** Where archive objects go. */
export interface ArchiveStore {
  /** S3 client. */
  s3: S3Client;
  /** The archive bucket. */
  bucket: string;
}

/** Encodes one object as Parquet and puts it, overwriting any object with its key. */
export async function putArchiveObject(
  store: ArchiveStore,
  object: ArchiveObject,
  signal?: AbortSignal,
): Promise<void> {
  const body = await encodeArchiveParquet(object.rows);
  try {
    await store.s3.send(
      new PutObjectCommand({
        Bucket: store.bucket,
        Key: object.key,
        Body: body,
        ContentType: PARQUET_CONTENT_TYPE,
      }),
      signal === undefined ? {} : { abortSignal: signal },
    );
  } catch (error) {
    throw new ArchiveWriteError(store.bucket, object.key, { cause: error });
  }
  if (archivedObjects.listenerCount('archived') > 0) {
    archivedObjects.emit('archived', {
      topic: object.topic,
      partition: object.partition,
      key: object.key,
      offsets: object.records.map((r) => r.offset),
    });
  }
}

/**
 * Writes every object. When the batch reports item failures, resolves to the records of the
 * objects that could not be written (a failed one and the rest of its partition); otherwise
 * the first failure rejects, once every partition has settled.
 */
export async function writeArchiveObjects(
  batch: KafkaBatch,
  objects: readonly ArchiveObject[],
  store: ArchiveStore,
  signal?: AbortSignal,
): Promise<DecodedRecord[]> {
  const byPartition = new Map<string, ArchiveObject[]>();
  for (const object of objects) {
    const key = `${object.topic}-${object.partition}`;
    byPartition.set(key, [...(byPartition.get(key) ?? []), object]);
  }
  const outcomes = await Promise.allSettled(
    [...byPartition.values()].map(async (partitionObjects) => {
      const ordered = [...partitionObjects].sort((a, b) => a.firstOffset - b.firstOffset);
      for (const [index, object] of ordered.entries()) {
        try {
          await putArchiveObject(store, object, signal);
          batch.logger.debug('archive object written', { key: object.key, rows: object.rows.length });
        } catch (error) {
          if (!batch.reportsItemFailures) throw error;
          batch.logger.warn('archive object not written; its partition resumes from it', { key: object.key, error });
          return ordered.slice(index).flatMap((unwritten) => unwritten.records);
        }
      }
      return [];
    }),
  );
  const unwritten: DecodedRecord[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') throw outcome.reason;
    unwritten.push(...outcome.value);
  }
  return unwritten;
}
