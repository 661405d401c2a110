export { FeedbackError, FeedbackValidationError } from './errors.js';
export { MAX_FEEDBACK_BYTES, MAX_ID_CHARS, MAX_NAME_CHARS, MAX_TEXT_CHARS, MAX_URL_CHARS } from './limits.js';
export { type Feedback, type FeedbackProblem, KNOWN_SOURCES, type KnownSource } from './types.js';
export { codePoints, feedbackProblem, isKnownSource, isWellFormedText, validateFeedback } from './validate.js';
