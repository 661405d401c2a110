export { FeedbackLabelError, LabelValidationError } from './errors.js';
export {
  LABEL_BLOCK_ID,
  LabelAction,
  type LabelButtonValue,
  labelButtons,
  oppositeLabel,
  parseLabelButtonValue,
} from './slack-buttons.js';
export {
  FEEDBACK_LABELS,
  FEEDBACK_LABELS_TOPIC,
  type FeedbackLabelEvent,
  FeedbackLabelValue,
  LABEL_SCHEMA_VERSION,
  type LabelProblem,
  LabelSource,
} from './types.js';
export { validateFeedbackId, validateLabelEvent, validateLabelValue } from './validate.js';
