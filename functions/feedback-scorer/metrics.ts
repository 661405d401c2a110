/** Metrics the feedback scorer emits beside the Kafka handler's own (namespace `tandem`). */
export const FeedbackMetric = {
  /** Feedback scored and stored. */
  SCORED: 'FeedbackScored',
  /** Of those, feedback from a source the pipeline does not know (stored with `sourceKnown: false`). */
  UNKNOWN_SOURCE: 'FeedbackUnknownSource',
  /** Writes refused because the table already holds a later record's item for the id. */
  SUPERSEDED: 'FeedbackSuperseded',
  /** Feedback stored but behind a watermark of the band counts, so left out of them. */
  LATE_FOR_COUNTS: 'FeedbackLateForCounts',
  /** Feedback stored but dated too far ahead of its ingestion (metric `maxFutureSeconds`), so left out of the counts. */
  FUTURE_FOR_COUNTS: 'FeedbackFutureForCounts',
  /** Milliseconds of the one model run per batch. */
  SCORING_TIME: 'ScoringTime',
  /** Notifications Slack accepted. */
  NOTIFICATIONS_SENT: 'NotificationsSent',
  /** Notifications already sent (or being sent) by an earlier delivery: nothing done. */
  NOTIFICATIONS_SKIPPED: 'NotificationsSkipped',
  /** Notifications left for the retrier. */
  NOTIFICATIONS_DEFERRED: 'NotificationsDeferred',
  /** Notifications Slack refused for good, or given up on after their maximum age. */
  NOTIFICATIONS_FAILED: 'NotificationsFailed',
  /** Notifications beyond their channel's posts per minute, put in its digest. */
  NOTIFICATIONS_DIGESTED: 'NotificationsDigested',
  /** Digests the scorer sent (it sends those it filled once their interval has closed; the retrier sends the rest). */
  DIGESTS_SENT: 'DigestsSent',
} as const;
export type FeedbackMetric = (typeof FeedbackMetric)[keyof typeof FeedbackMetric];

/** The metric counting each delivery outcome. */
export const DELIVERY_METRIC = {
  sent: FeedbackMetric.NOTIFICATIONS_SENT,
  skipped: FeedbackMetric.NOTIFICATIONS_SKIPPED,
  deferred: FeedbackMetric.NOTIFICATIONS_DEFERRED,
  failed: FeedbackMetric.NOTIFICATIONS_FAILED,
  digested: FeedbackMetric.NOTIFICATIONS_DIGESTED,
} as const;
