/**
 * The "Right" / "Wrong" buttons of a feedback notification (Block Kit `actions` block,
 * https://api.slack.com/reference/block-kit/blocks#actions) and reading back the value of the
 * one clicked. Pure.
 *
 * Each button's `value` carries the feedback id and the label the button means, so the
 * interactivity endpoint needs nothing else: "Right" confirms the predicted band, "Wrong"
 * gives the opposite one. A value is at most 2,000 characters; an id is at most 200.
 */

import { LabelValidationError } from './errors.js';
import { FeedbackLabelValue } from './types.js';
import { validateFeedbackId, validateLabelValue } from './validate.js';

/** `action_id`s of the two buttons: what the interactivity endpoint answers to. */
export const LabelAction = {
  RIGHT: 'tandem_label_right',
  WRONG: 'tandem_label_wrong',
} as const;
export type LabelAction = (typeof LabelAction)[keyof typeof LabelAction];

/** `block_id` of the actions block. */
export const LABEL_BLOCK_ID = 'tandem_label';

/** What a clicked button says. */
export interface LabelButtonValue {
  feedbackId: string;
  label: FeedbackLabelValue;
}

/** The other label. */
export function oppositeLabel(label: FeedbackLabelValue): FeedbackLabelValue {
  return label === FeedbackLabelValue.POSITIVE ? FeedbackLabelValue.NEGATIVE : FeedbackLabelValue.POSITIVE;
}

/** The actions block with "Right" (the predicted label) and "Wrong" (the opposite one). */
export function labelButtons(feedbackId: string, predicted: FeedbackLabelValue): Record<string, unknown> {
  const button = (action: LabelAction, text: string, label: FeedbackLabelValue, style: string) => ({
    type: 'button',
    action_id: action,
    text: { type: 'plain_text', text },
    style,
    value: JSON.stringify({ id: feedbackId, label }),
  });
  return {
    type: 'actions',
    block_id: LABEL_BLOCK_ID,
    elements: [
      button(LabelAction.RIGHT, 'Right', predicted, 'primary'),
      button(LabelAction.WRONG, 'Wrong', oppositeLabel(predicted), 'danger'),
    ],
  };
}

/** The feedback id and label of a button's `value`; throws `LabelValidationError` for one we did not write. */
export function parseLabelButtonValue(value: unknown): LabelButtonValue {
  let parsed: unknown;
  try {
    parsed = typeof value === 'string' ? JSON.parse(value) : undefined;
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new LabelValidationError({ field: 'actions[0].value', message: 'button value is not a JSON object' });
  }
  const v = parsed as Record<string, unknown>;
  return { feedbackId: validateFeedbackId(v.id, 'actions[0].value.id'), label: validateLabelValue(v.label) };
}
