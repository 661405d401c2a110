export {
  floodPolicy,
  NOTIFICATIONS_TABLE_ENV,
  notificationsTable,
  retryPolicy,
  SLACK_SEND_BUDGET_MS,
  slackSendBudgetMs,
} from './config.js';
export {
  DEFAULT_RETRY_POLICY,
  type DeliveryContext,
  deliverClosedDigests,
  deliverDigest,
  deliverDraft,
  deliverRecorded,
  idempotencyKey,
  NOTIFICATION_TTL_SECONDS,
  notificationRecord,
  type RetryPolicy,
} from './deliver.js';
export { DIGEST_EVENT_TYPE, digestMessage } from './digest-message.js';
export { NotificationError, NotificationStoreError } from './errors.js';
export { DEFAULT_FLOOD_POLICY, DIGEST_CAPACITY, FloodControl, type FloodPolicy } from './flood.js';
export { commonPhrases, type Phrase } from './phrases.js';
export { type Claimed, duePage, type NotificationStore, PENDING_INDEX } from './store.js';
export {
  type DeliveryOutcome,
  type DigestRecord,
  type FeedbackNotificationKind,
  isDigest,
  type NotificationDraft,
  type NotificationKey,
  NotificationKind,
  type NotificationRecord,
  NotificationRoute,
  NotificationState,
  type OutboxItem,
} from './types.js';
export { SLACK_WEBHOOKS_SECRET, slackWebhookUrl } from './webhooks.js';
