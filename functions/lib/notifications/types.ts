/** Where a notification stands. */
export const NotificationState = {
  /** Recorded, not yet sent: claimed by a sender, or waiting for `nextAttemptAt`. */
  PENDING: 'pending',
  /** Slack accepted it. Final. */
  SENT: 'sent',
  /** Slack refused it for good (a 4xx other than 429), or it stayed unsent past the maximum age. Final. */
  FAILED: 'failed',
  /** Its feedback is in a digest (`digestKey`), which is sent, or will be, as its own record. Final. */
  DIGESTED: 'digested',
} as const;
export type NotificationState = (typeof NotificationState)[keyof typeof NotificationState];

/**
 * How a notification reaches its channel, decided once per record under its claim: its own
 * post while the channel's per-minute allowance lasts, else one line in the channel's digest.
 */
export const NotificationRoute = {
  POST: 'post',
  DIGEST: 'digest',
} as const;
export type NotificationRoute = (typeof NotificationRoute)[keyof typeof NotificationRoute];

/** Which webhook a notification goes to: a key of the `slack-webhooks` secret. */
export const NotificationKind = {
  NEGATIVE: 'negative',
  POSITIVE: 'positive',
  /** `#air-quality` alerts (functions/air-windows). */
  AIR_QUALITY: 'air-quality',
  /** `#sensor-alerts`: a sensor anomaly episode began (functions/air-anomalies). */
  SENSOR: 'sensor',
} as const;
export type NotificationKind = (typeof NotificationKind)[keyof typeof NotificationKind];

/** The kinds of feedback notifications (the scorer's bands), as opposed to sensor alerts. */
export type FeedbackNotificationKind = typeof NotificationKind.NEGATIVE | typeof NotificationKind.POSITIVE;

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
  /** The feedback's text (shortened), for the common phrases of the digest it may end up in. */
  text?: string;
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
  /** Own post or digest: written once, by the first claim holder that decides (absent until then). */
  route?: NotificationRoute;
  /**
   * With route `digest`: the digest (`<interval start>#<page>`, the digest item's partition key)
   * that holds or will hold this feedback. It changes only away from a digest that is sealed or
   * full without it, so the feedback is in at most one digest.
   */
  digestKey?: string;
  /** The feedback's text (shortened), for a digest's common phrases. */
  text?: string;
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
  | 'failed'
  /** Put in the channel's digest, which is sent once its interval closes. */
  | 'digested';

/**
 * One digest page of a channel and interval, an item of the notifications table beside the
 * outbox records: key (`<interval start>#<page>`, `<channel> digest`). Outbox records routed to
 * the digest add their feedback id to `ids` while it is open; the first claim, once the
 * interval has closed (`nextAttemptAt` starts at its end), seals it: `ids` never change after
 * `sealedAt`, so every attempt posts the same ids. It is then sent, deferred and failed like
 * any outbox record, and found by the retrier through the same `pending-by-due` index.
 */
export interface DigestRecord extends Omit<NotificationRecord, 'message' | 'route' | 'digestKey' | 'text'> {
  /** Marks a digest among the outbox records. */
  type: 'digest';
  /** The Slack channel it is posted to (the sort key is `<channel> digest`). */
  targetChannel: string;
  /** Interval it collects, ISO 8601 UTC, start inclusive, end exclusive (by the appenders' clocks). */
  intervalStart: string;
  intervalEnd: string;
  /** Feedback ids in it (a DynamoDB string set: adding one twice keeps one). */
  ids: Set<string>;
  /** When the first claim froze `ids`. */
  sealedAt?: string;
}

/** A due item of the outbox: a notification or a digest. */
export type OutboxItem = NotificationRecord | DigestRecord;

export function isDigest(item: OutboxItem): item is DigestRecord {
  return (item as DigestRecord).type === 'digest';
}
