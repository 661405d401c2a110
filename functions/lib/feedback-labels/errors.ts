import type { LabelProblem } from './types.js';

/** Base class for every error raised by the feedback-label model. */
export class FeedbackLabelError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FeedbackLabelError';
  }
}

/** A document is not a valid label (event); `field` names the first field at fault. */
export class LabelValidationError extends FeedbackLabelError {
  /** The field at fault (`label`, `feedbackId`, …), or `(body)`. */
  readonly field: string;

  constructor(problem: LabelProblem, options?: ErrorOptions) {
    super(problem.message, options);
    this.name = 'LabelValidationError';
    this.field = problem.field;
  }
}
