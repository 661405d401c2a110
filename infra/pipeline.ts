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
  secrets: {},
  models: {},
  tables: {},
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
  },
  triggers: archiveTriggers,
  schedules: [],
  api: [],
});
