import type { FeedbackProblem } from './types.js';

/** Base class for every error raised by the feedback model. */
export class FeedbackError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FeedbackError';
  }
}

/** A document is not valid feedback; `field` names the first field at fault. */
export class FeedbackValidationError extends FeedbackError {
  /** The field at fault (`text`, `ts`, …), or `(body)`. */
  readonly field: string;

  constructor(problem: FeedbackProblem, options?: ErrorOptions) {
    super(problem.message, options);
    this.name = 'FeedbackValidationError';
    this.field = problem.field;
  }
}
