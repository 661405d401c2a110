/** Base class for every error raised by the retrainer function. */
export class RetrainerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetrainerError';
  }
}

/** The function is deployed without what it needs (the archive's Glue database, Athena workgroup). */
export class RetrainerConfigError extends RetrainerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetrainerConfigError';
  }
}
