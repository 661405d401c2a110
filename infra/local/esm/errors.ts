/** Base class for every error raised by the local event source mapping. */
export class EventSourceMappingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EventSourceMappingError';
  }
}

/** The options handed to `EventSourceMapping.start` are not a mapping Lambda would accept. */
export class MappingConfigError extends EventSourceMappingError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MappingConfigError';
  }
}

/** The mapping could not join its consumer group or find where to start reading. */
export class MappingStartError extends EventSourceMappingError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MappingStartError';
  }
}

/** The handler was still running when the function timeout expired. */
export class InvokeTimeoutError extends EventSourceMappingError {
  /** The function timeout that expired, in seconds. */
  readonly timeoutSeconds: number;

  constructor(timeoutSeconds: number) {
    // Lambda's own wording, so logs read the same locally and on AWS.
    super(`Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);
    this.name = 'InvokeTimeoutError';
    this.timeoutSeconds = timeoutSeconds;
  }
}

/** A ReportBatchItemFailures response Lambda cannot read: the whole batch counts as failed. */
export class BatchResponseError extends EventSourceMappingError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BatchResponseError';
  }
}
