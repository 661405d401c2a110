/** Base class for every error raised while encoding the raw-event archive. */
export class ArchiveParquetError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ArchiveParquetError';
  }
}

/**
 * An empty batch has no first and last offset, so it has no archive object key
 * and nothing worth an S3 object: the archiver must skip it, not write it.
 */
export class EmptyArchiveBatchError extends ArchiveParquetError {
  constructor(options?: ErrorOptions) {
    super('archive batch is empty: there is nothing to write and no offsets to name the object by', options);
    this.name = 'EmptyArchiveBatchError';
  }
}

/** One row does not fit the archive schema; `index` is its position in the batch. */
export class InvalidArchiveRowError extends ArchiveParquetError {
  readonly index: number;
  readonly column: string;
  constructor(index: number, column: string, reason: string, options?: ErrorOptions) {
    super(`archive row ${index}: column ${column} ${reason}`, options);
    this.name = 'InvalidArchiveRowError';
    this.index = index;
    this.column = column;
  }
}

/** The Parquet writer itself failed on rows that passed validation. */
export class ArchiveEncodeError extends ArchiveParquetError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ArchiveEncodeError';
  }
}
