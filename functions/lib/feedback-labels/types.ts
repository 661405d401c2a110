/** What a person says a feedback item really was. */
export const FeedbackLabelValue = {
  POSITIVE: 'positive',
  NEGATIVE: 'negative',
} as const;
export type FeedbackLabelValue = (typeof FeedbackLabelValue)[keyof typeof FeedbackLabelValue];

/** The labels accepted, in the order messages name them. */
export const FEEDBACK_LABELS: readonly FeedbackLabelValue[] = Object.values(FeedbackLabelValue);

/** Where a label was given. */
export const LabelSource = {
  /** `POST /v1/feedback/{id}/label`. */
  API: 'api',
  /** A "Right" / "Wrong" button on a Slack notification. */
  SLACK: 'slack',
} as const;
export type LabelSource = (typeof LabelSource)[keyof typeof LabelSource];

/** The topic labels go to, keyed by feedback id. */
export const FEEDBACK_LABELS_TOPIC = 'feedback-labels';

/** Version of the label event's shape; a consumer dead-letters versions it does not know. */
export const LABEL_SCHEMA_VERSION = 1;

/**
 * One label, as produced to the `feedback-labels` topic keyed by `feedbackId`. Labels are
 * events: every one is kept in the topic and the archive; the latest per id (by `ts`, then
 * topic position) is the one the feedback is shown with.
 */
export interface FeedbackLabelEvent {
  /** `LABEL_SCHEMA_VERSION`. */
  schemaVersion: typeof LABEL_SCHEMA_VERSION;
  /** The feedback it labels; it need not exist yet (the label is joined once it does). */
  feedbackId: string;
  /** What the feedback really was. */
  label: FeedbackLabelValue;
  /** Where the label was given. */
  source: LabelSource;
  /** Who gave it, when known: the Slack user id for `slack`. */
  user?: string;
  /** When the label was given, ISO 8601 UTC with milliseconds (`toISOString`), so it sorts as text. */
  ts: string;
}

/** A label's first problem: the field at fault and why. */
export interface LabelProblem {
  field: string;
  message: string;
}
