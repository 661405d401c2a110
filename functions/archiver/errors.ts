/** Base class for every error raised by the archiver. */
export class ArchiverError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ArchiverError';
  }
}

/** The function is deployed without what it needs (its archive bucket). */
export class ArchiverConfigError extends ArchiverError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ArchiverConfigError';
  }
}

/** Writing one archive object failed: an infrastructure failure, so its records are delivered again. */
export class ArchiveWriteError extends ArchiverError {
  /** Bucket of the object. */
  readonly bucket: string;
  /** Key of the object. */
  readonly key: string;

  constructor(bucket: string, key: string, options?: ErrorOptions) {
    super(`writing archive object s3://${bucket}/${key} failed`, options);
    this.name = 'ArchiveWriteError';
    this.bucket = bucket;
    this.key = key;
  }
}
