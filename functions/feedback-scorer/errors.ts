/** Base class for every error raised by the feedback scorer. */
export class FeedbackScorerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FeedbackScorerError';
  }
}

/** The function is deployed without what it needs, or with settings that contradict each other. */
export class FeedbackScorerConfigError extends FeedbackScorerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FeedbackScorerConfigError';
  }
}

/** Writing a scored feedback item failed: an infrastructure failure, so its record is delivered again. */
export class FeedbackWriteError extends FeedbackScorerError {
  /** The feedback id. */
  readonly id: string;

  constructor(id: string, table: string, options?: ErrorOptions) {
    super(`writing scored feedback ${id} to ${table} failed`, options);
    this.name = 'FeedbackWriteError';
    this.id = id;
  }
}
