import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { bucketEnvName } from '../../../infra/pipeline/names.js';
import { s3Client } from '../aws/index.js';
import { type DeadLetterEntry, deadLetterDocument, deadLetterKey } from './document.js';
import { DeadLetterConfigError, DeadLetterWriteError } from './errors.js';
import { deadLetterEvents } from './observer.js';

/** Environment variable naming the dead-letter bucket (`BUCKET_DEAD_LETTERS`). */
export const DEAD_LETTER_BUCKET_ENV = bucketEnvName('dead-letters');

/** A function name becomes a key segment: no '/', nothing S3 or Hive tools would trip on. */
const FUNCTION_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Where a dead letter was written. */
export interface DeadLetterReceipt {
  /** The bucket. */
  bucket: string;
  /** The object key, `records/<function>/<topic>/<partition>/<offset>.json`. */
  key: string;
}

/** Stores rejected records with their reason and coordinates. */
export interface DeadLetterSink {
  /** Writes one dead letter; a second put of the same record overwrites the first. Throws `DeadLetterWriteError`. */
  put(entry: DeadLetterEntry): Promise<DeadLetterReceipt>;
}

export interface DeadLetterSinkOptions {
  /** S3 client (default: the shared `s3Client()`, endpoint from `AWS_ENDPOINT_URL_S3`). */
  s3?: S3Client;
  /** Bucket (default: `process.env.BUCKET_DEAD_LETTERS`). */
  bucket?: string;
  /** The pipeline function (a key of `functions` in infra/pipeline.ts): the first key segment. */
  functionName: string;
  /** Clock for `deadLetteredAt` (default `Date.now`). */
  now?: () => number;
}

const defaults = { now: () => Date.now() };

/**
 * A dead-letter sink writing JSON documents to S3. Throws `DeadLetterConfigError` at once when
 * there is no bucket, so a missing grant shows at cold start rather than at the first bad record.
 */
export function deadLetterSink(opts: DeadLetterSinkOptions): DeadLetterSink {
  const options = { ...defaults, ...opts };
  const bucket = options.bucket ?? process.env[DEAD_LETTER_BUCKET_ENV];
  if (!bucket) {
    throw new DeadLetterConfigError(`deadLetterSink needs a bucket: pass \`bucket\` or set ${DEAD_LETTER_BUCKET_ENV}`);
  }
  if (!FUNCTION_NAME.test(options.functionName)) {
    throw new DeadLetterConfigError(
      `deadLetterSink functionName must be 1 to 64 of A-Z a-z 0-9 . _ -, got ${JSON.stringify(options.functionName)}`,
    );
  }
  const s3 = options.s3 ?? s3Client();
  const now = options.now ?? defaults.now;

  return {
    async put(entry) {
      const key = deadLetterKey(options.functionName, entry);
      const body = JSON.stringify(deadLetterDocument(options.functionName, entry, now()));
      try {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
      } catch (error) {
        throw new DeadLetterWriteError(bucket, key, { cause: error });
      }
      deadLetterEvents.emit('dead-letter', {
        function: options.functionName,
        topic: entry.topic,
        partition: entry.partition,
        offset: entry.offset,
        reason: entry.reason,
        location: { bucket, key },
      });
      return { bucket, key };
    },
  };
}
