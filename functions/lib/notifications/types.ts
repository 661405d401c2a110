/** Where a notification stands. */
export const NotificationState = {
  /** Recorded, not yet sent: claimed by a sender, or waiting for `nextAttemptAt`. */
  PENDING: 'pending',
  /** Slack accepted it. Final. */
  SENT: 'sent',
  /** Slack refused it for good (a 4xx other than 429), or it stayed unsent past the maximum age. Final. */
  FAILED: 'failed',
} as const;
export type NotificationState = (typeof NotificationState)[keyof typeof NotificationState];

/** Which webhook a notification goes to: a key of the `slack-webhooks` secret. */
export const NotificationKind = {
  NEGATIVE: 'negative',
  POSITIVE: 'positive',
} as const;
export type NotificationKind = (typeof NotificationKind)[keyof typeof NotificationKind];

/** A notification to send, before it is recorded. */
export interface NotificationDraft {
  /** The feedback it is about (partition key of the notifications table). */
  feedbackId: string;
  /** The Slack channel it is for, e.g. `#negative-feedback` (sort key). */
  channel: string;
  /** Which webhook URL of the `slack-webhooks` secret posts to that channel. */
  kind: NotificationKind;
  /** The Slack message body; its metadata already carries `idempotencyKey`. */
  message: Record<string, unknown>;
}

/**
 * One item of the notifications table: the outbox record of a (feedback id, channel) pair,
 * written before anything is sent. Its key makes the pair's notification unique; its state
 * makes sending it at most once per claim.
 */
export interface NotificationRecord {
  /** Partition key: the feedback id. */
  feedbackId: string;
  /** Sort key: the channel. */
  channel: string;
  /** Webhook to post with. */
  kind: NotificationKind;
  /** `<channel>:<feedbackId>`: in the message metadata, so a reader of the channel can dedupe too. */
  idempotencyKey: string;
  /** Where it stands. */
  state: NotificationState;
  /** The Slack body as JSON text, identical on every attempt. */
  message: string;
  /** HTTP requests made to Slack for it so far. */
  attempts: number;
  /** Times it was put back for a later attempt. */
  deferrals: number;
  /**
   * ISO 8601 UTC: while pending, when it may next be claimed (the end of the current claim's
   * lease, or of the backoff). Removed once sent or failed, so the `pending-by-due` index
   * holds pending notifications only.
   */
  nextAttemptAt?: string;
  /** The current claim; a sender updates the record only while its claim holds. */
  claimToken?: string;
  /** When it was first recorded (ISO 8601 UTC). */
  createdAt: string;
  /** When Slack accepted it (ISO 8601 UTC). */
  sentAt?: string;
  /** Why the last attempt did not send it. */
  lastError?: string;
  /** Slack's last HTTP status, when it answered. */
  lastStatus?: number;
  /** DynamoDB TTL, epoch seconds. */
  expiresAt: number;
}

/** Key of a notification record. */
export interface NotificationKey {
  feedbackId: string;
  channel: string;
}

/** What became of one delivery. */
export type DeliveryOutcome =
  /** Slack accepted it now. */
  | 'sent'
  /** Nothing done: it was already sent or failed, or another sender holds it. */
  | 'skipped'
  /** Not sent now; recorded with `nextAttemptAt` for the retrier. */
  | 'deferred'
  /** Slack refused it for good, or it is too old to keep trying. */
  | 'failed';
