/** Base class for every error raised by the dead-letter sink. */
export class DeadLetterError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeadLetterError';
  }
}

/** The sink was set up without a bucket or with a function name that cannot be a key segment. */
export class DeadLetterConfigError extends DeadLetterError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeadLetterConfigError';
  }
}

/**
 * Writing a dead letter to S3 failed. This is an infrastructure failure, never a per-record
 * one: it propagates and fails the batch, so the record is retried instead of being lost.
 */
export class DeadLetterWriteError extends DeadLetterError {
  /** Bucket the dead letter was for. */
  readonly bucket: string;
  /** Object key the dead letter was for. */
  readonly key: string;

  constructor(bucket: string, key: string, options?: ErrorOptions) {
    super(`writing dead letter s3://${bucket}/${key} failed`, options);
    this.name = 'DeadLetterWriteError';
    this.bucket = bucket;
    this.key = key;
  }
}
