export {
  NOTIFICATIONS_TABLE_ENV,
  notificationsTable,
  retryPolicy,
  SLACK_SEND_BUDGET_MS,
  slackSendBudgetMs,
} from './config.js';
export {
  DEFAULT_RETRY_POLICY,
  type DeliveryContext,
  deliverDraft,
  deliverRecorded,
  idempotencyKey,
  NOTIFICATION_TTL_SECONDS,
  notificationRecord,
  type RetryPolicy,
} from './deliver.js';
export { NotificationError, NotificationStoreError } from './errors.js';
export { type Claimed, duePage, type NotificationStore, PENDING_INDEX } from './store.js';
export {
  type DeliveryOutcome,
  type NotificationDraft,
  type NotificationKey,
  NotificationKind,
  type NotificationRecord,
  NotificationState,
} from './types.js';
export { SLACK_WEBHOOKS_SECRET, slackWebhookUrl } from './webhooks.js';
