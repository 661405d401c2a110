import { type PipelineSpec, type TriggerSpec, validatePipeline } from './pipeline/index.js';

/**
 * THE declaration of tandem's pipeline: topics, tables, buckets, functions,
 * triggers (MSK event source mappings), schedules and API routes. The CDK app
 * (`infra/aws/`) and the local runtime (`infra/local/`) both read it; nothing is
 * wired anywhere else. It is validated when loaded.
 */

const ARCHIVED_TOPICS = ['feedback', 'wiki-changes', 'weather', 'air-quality'] as const;

/** Every topic's raw records go to the Parquet archive through one trigger each. */
const archiveTriggers: TriggerSpec[] = ARCHIVED_TOPICS.map((topic) => ({
  name: `archive-${topic}`,
  function: 'archiver',
  topic,
  batchSize: 1000,
  batchingWindowMs: 1000,
  startingPosition: 'TRIM_HORIZON',
  retry: { maximumRetryAttempts: 10, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: true },
  reportBatchItemFailures: true,
  onFailure: { bucket: 'dead-letters' },
}));

/**
 * Feedback scores and notification settings. The scorer reads them; the retrier reads the
 * retry settings. Both see the same values (the local runtime shares one environment).
 */
const feedbackSettings = {
  NEGATIVE_THRESHOLD: '0.3',
  POSITIVE_THRESHOLD: '0.9',
  NEGATIVE_CHANNEL: '#negative-feedback',
  POSITIVE_CHANNEL: '#positive-feedback',
  FEEDBACK_TTL_DAYS: '90',
  SLACK_SEND_BUDGET_MS: '10000',
  NOTIFICATION_RETRY_BASE_SECONDS: '60',
  NOTIFICATION_RETRY_MAX_SECONDS: '3600',
  NOTIFICATION_MAX_AGE_HOURS: '24',
} as const;

/** Scores feedback as it arrives; one model run per batch, so batches are large. */
const scoreFeedbackTrigger: TriggerSpec = {
  name: 'score-feedback',
  function: 'feedback-scorer',
  topic: 'feedback',
  batchSize: 500,
  batchingWindowMs: 500,
  startingPosition: 'TRIM_HORIZON',
  retry: { maximumRetryAttempts: 10, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: true },
  reportBatchItemFailures: true,
  onFailure: { bucket: 'dead-letters' },
};

export const pipeline: PipelineSpec = validatePipeline({
  topics: {
    feedback: {
      partitions: 3,
      retentionHours: 168,
      description: 'User feedback from Slack, X/Twitter, web forms and HTTP',
      demo: { generator: 'feedback', ratePerSecond: 20 },
    },
    'wiki-changes': {
      partitions: 3,
      retentionHours: 72,
      description: 'Wikimedia EventStreams recentchange events',
      demo: { generator: 'wiki-changes', ratePerSecond: 50 },
    },
    weather: {
      partitions: 3,
      retentionHours: 168,
      description: 'Weather station readings (temperature, wind, solar radiation)',
      demo: { generator: 'weather', ratePerSecond: 5 },
    },
    'air-quality': {
      partitions: 3,
      retentionHours: 168,
      description: 'Air-quality sensor readings (O3, NO2, SO2, PM10, PM2.5, CO)',
      demo: { generator: 'air-quality', ratePerSecond: 5 },
    },
  },
  secrets: {
    'slack-webhooks': {
      description:
        'Slack incoming webhook URL per notification channel, JSON: ' +
        '{"negative": "https://hooks.slack.com/services/…", "positive": "https://hooks.slack.com/services/…"}',
    },
    'slack-signing-secret': {
      description: "The Slack app's signing secret (plain text), for verifying Events API requests",
    },
  },
  models: {
    sentiment: {
      directory: 'models/sentiment',
      description: 'Feedback sentiment: linear model over hashed word n-grams and lexicon features (ONNX)',
    },
  },
  tables: {
    feedback: {
      partitionKey: 'id',
      ttlAttribute: 'expiresAt',
      indexes: { 'by-band': { partitionKey: 'band', sortKey: 'ts' } },
    },
    notifications: {
      partitionKey: 'feedbackId',
      sortKey: 'channel',
      ttlAttribute: 'expiresAt',
      // Sparse: only pending notifications carry nextAttemptAt.
      indexes: { 'pending-by-due': { partitionKey: 'state', sortKey: 'nextAttemptAt' } },
    },
  },
  buckets: {
    archive: {
      description: 'Raw events as Parquet, Hive-partitioned by topic and event date',
      infrequentAccessAfterDays: 30,
    },
    'dead-letters': {
      description: 'Rejected records with their reason, and batches whose retries ran out',
      expireAfterDays: 90,
    },
  },
  functions: {
    archiver: {
      handler: 'functions/archiver/handler.ts',
      memoryMb: 1024,
      timeoutSeconds: 60,
      buckets: [
        { name: 'archive', access: 'write' },
        { name: 'dead-letters', access: 'write' },
      ],
    },
    'feedback-scorer': {
      handler: 'functions/feedback-scorer/handler.ts',
      memoryMb: 2048,
      timeoutSeconds: 120,
      onnx: true,
      models: ['sentiment'],
      tables: [
        { name: 'feedback', access: 'readwrite' },
        { name: 'notifications', access: 'readwrite' },
      ],
      buckets: [{ name: 'dead-letters', access: 'write' }],
      secrets: ['slack-webhooks'],
      environment: { ...feedbackSettings },
    },
    'notification-retrier': {
      handler: 'functions/notification-retrier/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 120,
      tables: [{ name: 'notifications', access: 'readwrite' }],
      secrets: ['slack-webhooks'],
      environment: {
        SLACK_SEND_BUDGET_MS: feedbackSettings.SLACK_SEND_BUDGET_MS,
        NOTIFICATION_RETRY_BASE_SECONDS: feedbackSettings.NOTIFICATION_RETRY_BASE_SECONDS,
        NOTIFICATION_RETRY_MAX_SECONDS: feedbackSettings.NOTIFICATION_RETRY_MAX_SECONDS,
        NOTIFICATION_MAX_AGE_HOURS: feedbackSettings.NOTIFICATION_MAX_AGE_HOURS,
      },
    },
    'feedback-ingest': {
      handler: 'functions/feedback-ingest/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 10,
      produces: ['feedback'],
    },
    'slack-events': {
      handler: 'functions/slack-events/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 10,
      produces: ['feedback'],
      secrets: ['slack-signing-secret'],
    },
  },
  triggers: [...archiveTriggers, scoreFeedbackTrigger],
  schedules: [{ name: 'retry-notifications', function: 'notification-retrier', expression: 'rate(5 minutes)' }],
  api: [
    { route: 'POST /v1/feedback', function: 'feedback-ingest', auth: 'iam' },
    { route: 'POST /v1/slack/events', function: 'slack-events', auth: 'none' },
  ],
});
