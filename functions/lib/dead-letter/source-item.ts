/**
 * Dead letters for items a relay read from outside the pipeline (an X API post, a Jetstream
 * message) and could not relay: they have no Kafka coordinates, so they are named by the
 * source and a hash of the item's id (or, when it has none readable, of its bytes):
 *
 *   items/<function>/<source>/<sha256 prefix>.json
 *
 * Reading the same bad item again (an overlapping replay, a re-polled page) overwrites its
 * dead letter instead of adding a second one.
 */

import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3Client } from '../aws/index.js';
import { type DeadLetterBytes, deadLetterBytes } from './document.js';
import { DeadLetterConfigError, DeadLetterWriteError } from './errors.js';
import type { DeadLetterReason } from './reasons.js';
import { DEAD_LETTER_BUCKET_ENV, type DeadLetterReceipt } from './sink.js';

/** One item to dead-letter. */
export interface SourceItemEntry {
  /** The source it came from (`x`, `bluesky`): a key segment. */
  source: string;
  /** The item's own id (a post id, an at:// URI) when one could be read; null otherwise. */
  itemId: string | null;
  /** Why it is dead-lettered. */
  reason: DeadLetterReason;
  /** What exactly is wrong, for a person. */
  detail: string;
  /** The item as received. */
  raw: Uint8Array;
}

/** The JSON object stored for one item. */
export interface SourceItemDocument {
  reason: DeadLetterReason;
  detail: string;
  /** Where it came from: the source and the item's id, if any. */
  origin: { source: string; itemId: string | null };
  /** The pipeline function that read it. */
  function: string;
  /** When it was dead-lettered (ISO 8601, UTC). */
  deadLetteredAt: string;
  /** The bytes received. */
  value: DeadLetterBytes;
}

/** Stores items a relay could not relay. */
export interface SourceItemDeadLetters {
  /** Writes one dead letter; throws `DeadLetterWriteError`. */
  put(entry: SourceItemEntry): Promise<DeadLetterReceipt>;
}

export interface SourceItemDeadLettersOptions {
  s3?: S3Client;
  /** Bucket (default: `process.env.BUCKET_DEAD_LETTERS`). */
  bucket?: string;
  /** The pipeline function (a key of `functions` in infra/pipeline.ts). */
  functionName: string;
  now?: () => number;
}

const SEGMENT = /^[A-Za-z0-9._-]{1,64}$/;

/** The object key of an entry. */
export function sourceItemKey(functionName: string, entry: SourceItemEntry): string {
  const hash = createHash('sha256')
    .update(entry.itemId === null ? entry.raw : `id:${entry.itemId}`)
    .digest('hex')
    .slice(0, 32);
  return `items/${functionName}/${entry.source}/${hash}.json`;
}

/** The document stored for an entry. */
export function sourceItemDocument(functionName: string, entry: SourceItemEntry, now: number): SourceItemDocument {
  return {
    reason: entry.reason,
    detail: entry.detail,
    origin: { source: entry.source, itemId: entry.itemId },
    function: functionName,
    deadLetteredAt: new Date(now).toISOString(),
    value: deadLetterBytes(entry.raw),
  };
}

/** A sink writing to the dead-letter bucket; throws `DeadLetterConfigError` at once without a bucket. */
export function sourceItemDeadLetters(options: SourceItemDeadLettersOptions): SourceItemDeadLetters {
  const bucket = options.bucket ?? process.env[DEAD_LETTER_BUCKET_ENV];
  if (!bucket) {
    throw new DeadLetterConfigError(
      `sourceItemDeadLetters needs a bucket: pass \`bucket\` or set ${DEAD_LETTER_BUCKET_ENV}`,
    );
  }
  if (!SEGMENT.test(options.functionName)) {
    throw new DeadLetterConfigError(`functionName must be 1 to 64 of A-Z a-z 0-9 . _ -, got ${options.functionName}`);
  }
  const s3 = options.s3 ?? s3Client();
  const now = options.now ?? Date.now;
  return {
    async put(entry) {
      if (!SEGMENT.test(entry.source)) {
        throw new DeadLetterConfigError(`source must be 1 to 64 of A-Z a-z 0-9 . _ -, got ${entry.source}`);
      }
      const key = sourceItemKey(options.functionName, entry);
      const body = JSON.stringify(sourceItemDocument(options.functionName, entry, now()));
      try {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
      } catch (error) {
        throw new DeadLetterWriteError(bucket, key, { cause: error });
      }
      return { bucket, key };
    },
  };
}
