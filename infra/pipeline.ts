import { DEFAULT_SETTLE_SECONDS, DEFAULT_TARGET_BYTES } from '../functions/archive-compactor/config.js';
import { RETRAIN_SCHEDULE } from '../functions/retrainer/config.js';
import { RETRAINED_MODELS, RETRAINING_FILES } from '../functions/retrainer/retrained-models.js';
import {
  type LocationSpec,
  type MetricSpec,
  type PipelineSpec,
  type TriggerSpec,
  validatePipeline,
} from './pipeline/index.js';

/**
 * THE declaration of tandem's pipeline: topics, tables, buckets, functions,
 * triggers (MSK event source mappings), schedules and API routes. The CDK app
 * (`infra/aws/`) and the local runtime (`infra/local/`) both read it; nothing is
 * wired anywhere else. It is validated when loaded.
 */

const ARCHIVED_TOPICS = [
  'feedback',
  'feedback-labels',
  'wiki-changes',
  'weather',
  'air-quality',
  'air-quality-checked',
] as const;

/**
 * Wikimedia's EventStreams send `canary` events (meta.domain "canary") to check the stream is
 * alive; they are not edits. Everything else passes — JSON without a meta.domain, text that is
 * not a JSON object, bytes that are not UTF-8 — so the handler dead-letters it as invalid
 * instead of it vanishing into the filtered count.
 *
 * Lambda matches with EventBridge's rules, where comparisons apply to leaf values only: a
 * condition list on `value` itself ({"value": [{"exists": false}]}) matches every JSON-object
 * value, canaries included, so there is none here. Both filters address `value.meta.domain`:
 * a domain other than "canary" (first), or no leaf there at all (second) — which also holds
 * for plain text, a JSON object without it, and an absent value. Only a canary fails both.
 * If Lambda instead ignored a value pattern that does not fit the value's format (the older
 * docs' "filters on the other metadata properties only"), text would pass too and a JSON
 * canary would still fail both. test/infra/pipeline/not-canary.test.ts checks every shape.
 */
const NOT_CANARY = {
  Filters: [
    { Pattern: JSON.stringify({ value: { meta: { domain: [{ 'anything-but': ['canary'] }] } } }) },
    { Pattern: JSON.stringify({ value: { meta: { domain: [{ exists: false }] } } }) },
  ],
};

/**
 * Every topic's raw records go to the Parquet archive through one trigger each. An archive wants
 * few large objects, not fresh ones: each invoke writes one object per Hive partition it touches
 * (wiki edits also split by wiki), so batches of up to 10,000 records gathered for up to 60 s
 * (Lambda's maximum batch, a fifth of its maximum window). The cost is latency: a record reaches
 * S3 up to 60 s after it arrives, instead of 1 s, which the archive's readers (the nightly
 * retraining, Athena and DuckDB queries over whole days) do not notice.
 */
const archiveTriggers: TriggerSpec[] = ARCHIVED_TOPICS.map((topic) => ({
  name: `archive-${topic}`,
  ...(topic === 'wiki-changes' ? { filterCriteria: NOT_CANARY } : {}),
  function: 'archiver',
  topic,
  batchSize: 10_000,
  batchingWindowMs: 60_000,
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
  // Flood control: posts of their own per channel per minute (a Slack webhook takes about one a
  // second), the rest in one digest per channel per interval, linking to the query API.
  NOTIFICATION_POSTS_PER_MINUTE: '10',
  NOTIFICATION_DIGEST_SECONDS: '300',
  // The query API's base URL for the digest's link (the API Gateway URL, or the local API's);
  // empty gives the route as a path.
  FEEDBACK_QUERY_URL: '',
} as const;

/**
 * Scores feedback as it arrives, one model run per batch. No batching window (AWS allows 0 s):
 * a negative feedback should reach Slack within a second, and a batch is whatever one poll
 * returned, up to 500 under load. With the 500 ms default, produce-to-handler latency was p50
 * 363 ms / p99 922 ms; with 0, p50 24 ms / p99 131 ms (`npm start -- --duration 45
 * --summary-json F`, byTopic.feedback.triggers['score-feedback'], on this 2-core machine).
 */
const scoreFeedbackTrigger: TriggerSpec = {
  name: 'score-feedback',
  function: 'feedback-scorer',
  topic: 'feedback',
  batchSize: 500,
  batchingWindowMs: 0,
  startingPosition: 'TRIM_HORIZON',
  retry: { maximumRetryAttempts: 10, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: true },
  reportBatchItemFailures: true,
  onFailure: { bucket: 'dead-letters' },
};

/**
 * Keeps the latest label per feedback id. Labels come from people clicking, a handful a minute:
 * the default 500 ms window costs nothing they would notice.
 */
const storeLabelsTrigger: TriggerSpec = {
  name: 'store-feedback-labels',
  function: 'label-store',
  topic: 'feedback-labels',
  batchSize: 100,
  batchingWindowMs: 500,
  startingPosition: 'TRIM_HORIZON',
  retry: { maximumRetryAttempts: 10, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: true },
  reportBatchItemFailures: true,
  onFailure: { bucket: 'dead-letters' },
};

/** Counts wiki edits per user and per wiki in event-time windows (metrics below). */
const windowWikiTrigger: TriggerSpec = {
  name: 'window-wiki-changes',
  function: 'wiki-windows',
  topic: 'wiki-changes',
  batchSize: 1000,
  batchingWindowMs: 1000,
  startingPosition: 'TRIM_HORIZON',
  filterCriteria: NOT_CANARY,
  retry: { maximumRetryAttempts: 10, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: true },
  reportBatchItemFailures: true,
  onFailure: { bucket: 'dead-letters' },
};

/** Window tables every metric-applying function reads and writes. */
const windowTables = [
  { name: 'windows', access: 'readwrite' },
  { name: 'window-state', access: 'readwrite' },
] as const;

/** Wiki edits (`edit` and `new` changes) in 10-minute windows with a 10-minute watermark, by `key`. */
function wikiEdits(key: string[], description: string): MetricSpec {
  return {
    description,
    topic: 'wiki-changes',
    function: 'wiki-windows',
    eventTime: { field: 'timestamp', format: 'unix-seconds' },
    key,
    filter: { type: ['edit', 'new'] },
    window: { sizeSeconds: 600 },
    allowedLatenessSeconds: 600,
    idlePartitionTimeoutSeconds: 60,
    // Wikimedia stamps edits when they are saved; 5 minutes covers clock skew between its hosts and ours.
    maxFutureSeconds: 300,
    retentionDays: 7,
  };
}

/** Scored feedback per source × sentiment band (key "<source>|<band>"), counted by the scorer. */
function feedbackBands(options: {
  sizeSeconds: number;
  allowedLatenessSeconds: number;
  retentionDays: number;
}): MetricSpec {
  return {
    description: 'Scored feedback per source and sentiment band (key "<source>|<band>")',
    topic: 'feedback',
    function: 'feedback-scorer',
    eventTime: { field: 'ts', format: 'iso-8601' },
    key: ['source', 'band'],
    window: { sizeSeconds: options.sizeSeconds },
    allowedLatenessSeconds: options.allowedLatenessSeconds,
    idlePartitionTimeoutSeconds: 60,
    // `ts` is the client's clock: five minutes of skew is tolerated, hours ahead is a bug.
    maxFutureSeconds: 300,
    retentionDays: options.retentionDays,
  };
}

/**
 * Checked air-quality readings (air-anomalies' output) and weather into the numeric windows and
 * the latest weather per location.
 */
function airWindowsTrigger(topic: 'air-quality-checked' | 'weather'): TriggerSpec {
  return {
    name: `air-windows-${topic}`,
    function: 'air-windows',
    topic,
    // A poll produces its records within a second or so (about 12 per location and topic), so a
    // 1 s window mostly makes one batch per poll, and readings reach the AQI while people look.
    batchSize: 500,
    batchingWindowMs: 1000,
    startingPosition: 'TRIM_HORIZON',
    retry: { maximumRetryAttempts: 10, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: true },
    reportBatchItemFailures: true,
    onFailure: { bucket: 'dead-letters' },
  };
}

/**
 * Sensor anomaly detection (functions/air-anomalies): the stage in front of air-windows. It
 * reads `air-quality` and forwards every reading to `air-quality-checked` with what the
 * detector said of it, so air-windows never sees a reading before its verdict. A 1 s window,
 * so an hour's readings of every location mostly share a batch and judge each other.
 */
const airAnomaliesTrigger: TriggerSpec = {
  name: 'air-anomalies',
  function: 'air-anomalies',
  topic: 'air-quality',
  batchSize: 500,
  batchingWindowMs: 1000,
  startingPosition: 'TRIM_HORIZON',
  retry: { maximumRetryAttempts: 10, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: true },
  reportBatchItemFailures: true,
  onFailure: { bucket: 'dead-letters' },
};

/**
 * Mean of one pollutant per location in hourly or daily windows, from the `air-quality-checked`
 * topic. air-windows puts each reading's concentration in its canonical unit (CANONICAL_UNIT of
 * functions/lib/air-records: µg/m³ for PM, ppb for O3/NO2/SO2, ppm for CO) under `canonical`,
 * since a record may carry a gas in µg/m³ or ppb; a reading without the pollutant, or whose
 * value air-anomalies flagged, has no `canonical.<pollutant>` and is not counted (the engine
 * counts a record under a numeric metric only when the value is there).
 */
function airMeans(options: {
  pollutant: 'pm25' | 'pm10' | 'o3' | 'no2' | 'so2' | 'co';
  unit: string;
  sizeSeconds: number;
  retentionDays: number;
}): MetricSpec {
  const span = options.sizeSeconds === 3600 ? 'Hourly' : 'Daily';
  return {
    description: `${span} mean ${options.pollutant} (${options.unit}) per location`,
    topic: 'air-quality-checked',
    function: 'air-windows',
    eventTime: { field: 'hour', format: 'iso-8601' },
    key: ['location'],
    value: { field: `canonical.${options.pollutant}`, unit: options.unit },
    window: { sizeSeconds: options.sizeSeconds },
    // The poller re-produces the last 3 hours every 15 minutes (AIR_POLL_LOOKBACK_HOURS), so an
    // hour's value may still arrive 3 h 15 min after the hour starts; 4 hours covers that and a
    // missed run, while a day's mean is still final by 04:00 the next day.
    allowedLatenessSeconds: 4 * 3600,
    // Polls come every 15 minutes: a partition quiet for two of them has nothing in flight.
    idlePartitionTimeoutSeconds: 1800,
    // `hour` names the start of the hour a value is for; the current hour's value is produced
    // within it, so up to an hour (plus a few minutes of clock skew) ahead of its ingestion.
    maxFutureSeconds: 3600 + 300,
    retentionDays: options.retentionDays,
  };
}

/** Hourly and daily means of every pollutant of the air-quality record contract. */
const AIR_MEAN_POLLUTANTS = [
  ['pm25', 'µg/m³'],
  ['pm10', 'µg/m³'],
  ['o3', 'ppb'],
  ['no2', 'ppb'],
  ['so2', 'ppb'],
  ['co', 'ppm'],
] as const;
const airMeanMetrics: Record<string, MetricSpec> = Object.fromEntries(
  AIR_MEAN_POLLUTANTS.flatMap(([pollutant, unit]) => [
    [`air-${pollutant}-1h`, airMeans({ pollutant, unit, sizeSeconds: 3600, retentionDays: 14 })],
    [`air-${pollutant}-1d`, airMeans({ pollutant, unit, sizeSeconds: 86_400, retentionDays: 400 })],
  ]),
);

/**
 * Places the air-quality pipeline polls (Open-Meteo) and forecasts for. Waldhof sits beside
 * UBA's rural background station DEUB005, one of the stations whose 1998–2008 PM10 trains the
 * bootstrap forecast model (../shared/data/de-pm10-stations.csv).
 */
const AIR_LOCATIONS = {
  berlin: { lat: 52.52, lon: 13.405, description: 'Berlin, Mitte' },
  munich: { lat: 48.1374, lon: 11.5755, description: 'Munich, Altstadt' },
  hamburg: { lat: 53.5511, lon: 9.9937, description: 'Hamburg, Altstadt' },
  waldhof: { lat: 52.8008, lon: 10.7567, description: 'Waldhof, Lüneburg Heath (UBA station DEUB005)' },
} as const satisfies Record<string, LocationSpec>;

/** The locations as the functions read them (`AIR_LOCATIONS`): a JSON array of `{ name, lat, lon }`. */
const airLocationsEnvironment = JSON.stringify(
  Object.entries(AIR_LOCATIONS).map(([name, { lat, lon }]) => ({ name, lat, lon })),
);

/**
 * How x-relay reads X (functions/x-relay/config.ts), and what for. `search` polls recent search
 * every 5 minutes, from each query's last post id (X's Basic tier and up, or pay-per-use);
 * `stream` reads the filtered stream for 50 s of every minute, one rule per query, tagged
 * `tandem:x-relay` and kept in step at the start of each run (X's Pro and Enterprise tiers, or
 * pay-per-use). docs/deploy.md says what each tier allows and costs. The mode sets the schedule
 * and run length below, so switching is this one line.
 */
const xRelay = {
  mode: 'search' as 'search' | 'stream',
  /** X search operators; the same text is each stream rule's value. */
  queries: ['(@acme OR #acme) -is:retweet lang:en'],
  /**
   * Stream mode: minutes of `backfill_minutes` a connection asks for after a gap (0–5). X
   * documents backfill for Enterprise access only and refuses it elsewhere; 0 leaves the gaps
   * between runs and reconnections unread.
   */
  backfillMinutes: 0,
};

export const pipeline: PipelineSpec = validatePipeline({
  topics: {
    feedback: {
      partitions: 3,
      retentionHours: 168,
      description: 'User feedback from Slack, X, Bluesky, web forms and HTTP',
      demo: { generator: 'feedback', ratePerSecond: 20 },
    },
    'feedback-labels': {
      partitions: 3,
      // Labels feed retraining from the archive; the topic only has to outlive a consumer outage.
      retentionHours: 168,
      description: 'Labels people give feedback (Slack buttons, POST /v1/feedback/{id}/label), keyed by feedback id',
      demo: { generator: 'feedback-labels', ratePerSecond: 2 },
    },
    'wiki-changes': {
      partitions: 3,
      retentionHours: 72,
      description: 'Wikimedia EventStreams recentchange events',
      demo: { generator: 'wiki-changes', ratePerSecond: 50 },
      archivePartitionBy: ['server_name'],
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
    // air-anomalies forwards every air-quality record here with `check` (clean, flagged or
    // unchecked, and the flags), keyed by location. Each keeps its source record's partition,
    // hence the same partition count: `air-quality` is keyed `<location>|<hour>`, so a backfill
    // reaches air-anomalies as one batch per partition at a time, each spanning the whole
    // backfill, and re-partitioning by location would put each partition's stretch after the
    // others' on one partition, hours late for the means' 4-hour lateness. Kept on its source
    // partition, each partition of this topic is in the order of the same partition of
    // air-quality; the poller and air-ingest put a location's air-quality records on one
    // partition (airPartition; the demo's backfill does not, README "Sensor anomalies in the
    // pipeline" says why), so a location's hours they produce are in order on one partition of both.
    // Hashing the location instead can also leave a partition empty (murmur2 puts the four
    // declared names on one partition of 3), and an empty partition holds the means' watermark
    // until it counts as idle (30 min).
    'air-quality-checked': {
      partitions: 3,
      retentionHours: 168,
      description:
        'Air-quality readings with what the anomaly detector said of each (check: clean, flagged, unchecked)',
    },
  },
  secrets: {
    'slack-webhooks': {
      description:
        'Slack incoming webhook URL per notification channel, JSON: ' +
        '{"negative": "https://hooks.slack.com/services/…", "positive": "https://hooks.slack.com/services/…", ' +
        '"air-quality": "https://hooks.slack.com/services/…", "sensor": "…(#sensor-alerts)"}',
      // No URL for a channel keeps its notifications pending (retried every 5 minutes) until one is put.
      placeholder: JSON.stringify({ negative: '', positive: '', 'air-quality': '', sensor: '' }),
    },
    'slack-signing-secret': {
      description: "The Slack app's signing secret (plain text), for verifying Events API and interactivity requests",
    },
    'x-bearer-token': {
      description: "The X app's OAuth 2.0 app-only Bearer Token (plain text), for recent search (docs/deploy.md)",
    },
  },
  models: {
    sentiment: {
      directory: 'models/sentiment',
      description: 'Feedback sentiment: linear model over hashed word n-grams and lexicon features (ONNX)',
    },
    'air-quality': {
      directory: 'models/air-quality',
      description: "Tomorrow's daily mean PM10 per location: linear base plus gradient-boosted trees (ONNX)",
    },
  },
  tables: {
    feedback: {
      partitionKey: 'id',
      ttlAttribute: 'expiresAt',
      // Newest first per band: tsUtc is ts in UTC, so it sorts in time order whatever the source's offset.
      indexes: { 'by-band': { partitionKey: 'band', sortKey: 'tsUtc' } },
    },
    'feedback-labels': {
      // One item per feedback id: its latest label (functions/label-store/label-table.ts). No TTL:
      // a label may come before its feedback, and labels are few.
      partitionKey: 'feedbackId',
    },
    windows: {
      // One item per (metric, key, window): series = "<metric>|<key>", start = window start (epoch ms).
      partitionKey: 'series',
      sortKey: 'start',
      ttlAttribute: 'expiresAt',
      // Top N of one window without a scan: window = "<metric>|<start>", sorted by count.
      indexes: { 'by-window': { partitionKey: 'window', sortKey: 'count' } },
      numberAttributes: ['start', 'count'],
    },
    'window-state': {
      // One item per metric: per source partition its max event time and last delivery, and the watermark.
      partitionKey: 'metric',
    },
    'air-weather': {
      // One item per location: its latest hour's weather (only ever moved forward in hour).
      partitionKey: 'location',
    },
    'air-now': {
      // One item per location: its last 12 hours of PM2.5 and PM10 and 8 of ozone, and the AQI now.
      partitionKey: 'location',
    },
    'air-forecasts': {
      // One item per (location, forecast day): AirForecastItem of functions/lib/air-records/forecast-item.ts.
      partitionKey: 'location',
      sortKey: 'date',
    },
    'air-anomaly-state': {
      // One item per sensor ("<location>|<pollutant>"): the anomaly detector's state and the last hour applied.
      partitionKey: 'sensor',
    },
    'air-anomalies': {
      // One item per flagged reading: at = "<hour>#<pollutant>", so a location's flags in a time range are one Query.
      partitionKey: 'location',
      sortKey: 'at',
      ttlAttribute: 'expiresAt',
    },
    'relay-checkpoints': {
      // One item per relayed stream: the last SSE event id produced, and the lease of the running relay.
      partitionKey: 'stream',
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
    // Merges the archive's small objects hourly (functions/archive-compactor). Reads, writes and
    // deletes under raw/ and compaction/. Memory for one merge of up to the target size in
    // memory at once; the 15-minute timeout keeps runs from overlapping under an hourly schedule.
    'archive-compactor': {
      handler: 'functions/archive-compactor/handler.ts',
      memoryMb: 3008,
      timeoutSeconds: 900,
      buckets: [{ name: 'archive', access: 'readwrite' }],
      environment: {
        COMPACTION_SETTLE_SECONDS: String(DEFAULT_SETTLE_SECONDS),
        COMPACTION_TARGET_BYTES: String(DEFAULT_TARGET_BYTES),
      },
    },
    // Retrains every model of functions/retrainer/model-retrainers.ts nightly: training set by
    // Athena over the archive, training and the gate in the function, versions and the pointer
    // in the models bucket. Sized from `/usr/bin/time -v node --no-experimental-require-module
    // --import tsx bench/retrain-once.ts <labels>` (one sentiment retraining; x86, 2 CPUs, load
    // average 11): 300, 3,000 and 30,000 labels peaked at 236, 231 and 257 MB RSS (241,732,
    // 236,672 and 263,376 kB; tsx included) and retrained in 1.3, 1.4 and 2.5 s (3.4, 3.2 and
    // 5.6 s with Node's start); one air-quality retraining (`/usr/bin/time -v npx tandem
    // retrain air-quality --data-dir "$(mktemp -d)"`, 117k history rows, 270 trees) peaked at
    // 357 MB (356,604 kB) and trained in 13.5 s (17.5 s wall, load average 5). 1024 MB is 4x the sentiment peak, room for a model or training set that
    // grows, and 0.58 of a vCPU. The timeout is Lambda's maximum because each model's Athena
    // query may queue (its runner gives up after 10 minutes), not because training is slow.
    retrainer: {
      handler: 'functions/retrainer/handler.ts',
      memoryMb: 1024,
      timeoutSeconds: 900,
      onnx: true,
      publishes: Object.keys(RETRAINED_MODELS),
      queriesArchive: true,
      files: RETRAINING_FILES,
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
        ...windowTables,
      ],
      buckets: [{ name: 'dead-letters', access: 'write' }],
      secrets: ['slack-webhooks'],
      environment: { ...feedbackSettings, MODEL_CHECK_SECONDS: '60' },
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
        NOTIFICATION_POSTS_PER_MINUTE: feedbackSettings.NOTIFICATION_POSTS_PER_MINUTE,
        NOTIFICATION_DIGEST_SECONDS: feedbackSettings.NOTIFICATION_DIGEST_SECONDS,
        FEEDBACK_QUERY_URL: feedbackSettings.FEEDBACK_QUERY_URL,
      },
    },
    'wiki-windows': {
      handler: 'functions/wiki-windows/handler.ts',
      memoryMb: 512,
      timeoutSeconds: 60,
      tables: [...windowTables],
      buckets: [{ name: 'dead-letters', access: 'write' }],
    },
    'air-windows': {
      handler: 'functions/air-windows/handler.ts',
      // The forecast model (onnxruntime, loaded once a day has closed) needs more than the means alone.
      memoryMb: 1024,
      timeoutSeconds: 60,
      onnx: true,
      models: ['air-quality'],
      tables: [
        { name: 'air-weather', access: 'readwrite' },
        { name: 'air-now', access: 'readwrite' },
        { name: 'air-forecasts', access: 'readwrite' },
        { name: 'notifications', access: 'readwrite' },
        // The closed-day anomaly check (drift): its per-location daily state and flags, beside the hourly ones.
        { name: 'air-anomaly-state', access: 'readwrite' },
        { name: 'air-anomalies', access: 'readwrite' },
        ...windowTables,
      ],
      buckets: [{ name: 'dead-letters', access: 'write' }],
      secrets: ['slack-webhooks'],
      environment: {
        // The forecast is made for every declared location, from the declared lon/lat.
        AIR_LOCATIONS: airLocationsEnvironment,
        AIR_QUALITY_CHANNEL: '#air-quality',
        SENSOR_ALERTS_CHANNEL: '#sensor-alerts',
        SLACK_SEND_BUDGET_MS: feedbackSettings.SLACK_SEND_BUDGET_MS,
        NOTIFICATION_RETRY_BASE_SECONDS: feedbackSettings.NOTIFICATION_RETRY_BASE_SECONDS,
        NOTIFICATION_RETRY_MAX_SECONDS: feedbackSettings.NOTIFICATION_RETRY_MAX_SECONDS,
        NOTIFICATION_MAX_AGE_HOURS: feedbackSettings.NOTIFICATION_MAX_AGE_HOURS,
        // How often a forecasting batch checks for a newly published forecast model: the feedback scorer's cadence.
        MODEL_CHECK_SECONDS: '60',
      },
    },
    'air-anomalies': {
      handler: 'functions/air-anomalies/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 60,
      produces: ['air-quality-checked'],
      tables: [
        { name: 'air-anomaly-state', access: 'readwrite' },
        { name: 'air-anomalies', access: 'readwrite' },
        { name: 'notifications', access: 'readwrite' },
      ],
      buckets: [{ name: 'dead-letters', access: 'write' }],
      secrets: ['slack-webhooks'],
      environment: {
        AIR_LOCATIONS: airLocationsEnvironment,
        SENSOR_ALERTS_CHANNEL: '#sensor-alerts',
        SLACK_SEND_BUDGET_MS: feedbackSettings.SLACK_SEND_BUDGET_MS,
        NOTIFICATION_RETRY_BASE_SECONDS: feedbackSettings.NOTIFICATION_RETRY_BASE_SECONDS,
        NOTIFICATION_RETRY_MAX_SECONDS: feedbackSettings.NOTIFICATION_RETRY_MAX_SECONDS,
        NOTIFICATION_MAX_AGE_HOURS: feedbackSettings.NOTIFICATION_MAX_AGE_HOURS,
        NOTIFICATION_POSTS_PER_MINUTE: feedbackSettings.NOTIFICATION_POSTS_PER_MINUTE,
        NOTIFICATION_DIGEST_SECONDS: feedbackSettings.NOTIFICATION_DIGEST_SECONDS,
        FEEDBACK_QUERY_URL: feedbackSettings.FEEDBACK_QUERY_URL,
      },
    },
    'wiki-relay': {
      handler: 'functions/wiki-relay/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 75,
      produces: ['wiki-changes'],
      tables: [{ name: 'relay-checkpoints', access: 'readwrite' }],
      environment: {
        WIKIMEDIA_STREAM_URL: 'https://stream.wikimedia.org/v2/stream/recentchange',
        // Each run reads this long, then stops; the next scheduled run resumes from its last event id.
        RELAY_RUN_SECONDS: '55',
      },
    },
    'x-relay': {
      handler: 'functions/x-relay/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 90,
      produces: ['feedback'],
      tables: [{ name: 'relay-checkpoints', access: 'readwrite' }],
      buckets: [{ name: 'dead-letters', access: 'write' }],
      secrets: ['x-bearer-token'],
      environment: {
        X_API_URL: 'https://api.x.com',
        X_RELAY_MODE: xRelay.mode,
        // Recent-search queries (X search operators), each polled and checkpointed on its own, or one stream rule each.
        X_SEARCH_QUERIES: JSON.stringify(xRelay.queries),
        // Search: a run polls (rate-limit waits included) at most this long; what is left waits for the next.
        // Stream: a run reads this long, then the next scheduled run connects again.
        X_RELAY_RUN_SECONDS: xRelay.mode === 'stream' ? '50' : '60',
        X_STREAM_BACKFILL_MINUTES: String(xRelay.backfillMinutes),
      },
    },
    'bluesky-relay': {
      handler: 'functions/bluesky-relay/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 75,
      produces: ['feedback'],
      tables: [{ name: 'relay-checkpoints', access: 'readwrite' }],
      buckets: [{ name: 'dead-letters', access: 'write' }],
      environment: {
        BLUESKY_JETSTREAM_URL: 'wss://jetstream2.us-east.bsky.network/subscribe',
        // Keywords per post language (BCP 47 primary tag), "*" for any; matched case-insensitively on word boundaries.
        BLUESKY_KEYWORDS: JSON.stringify({ '*': ['acme', '#acme', '@acme.com'] }),
        // Each run reads Jetstream this long, then stops; the next resumes from its time_us cursor.
        BLUESKY_RELAY_RUN_SECONDS: '50',
      },
    },
    'air-poller': {
      handler: 'functions/air-poller/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 60,
      produces: ['air-quality', 'weather'],
      environment: {
        OPEN_METEO_AIR_URL: 'https://air-quality-api.open-meteo.com/v1/air-quality',
        OPEN_METEO_FORECAST_URL: 'https://api.open-meteo.com/v1/forecast',
        AIR_LOCATIONS: airLocationsEnvironment,
        // Each run re-produces this many past hours, so a failed run or a late model update is
        // made good by the next; the keys make the repeats idempotent downstream.
        AIR_POLL_LOOKBACK_HOURS: '3',
      },
    },
    'air-ingest': {
      handler: 'functions/air-ingest/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 10,
      produces: ['air-quality'],
    },
    'query-api': {
      handler: 'functions/query-api/handler.ts',
      memoryMb: 512,
      timeoutSeconds: 10,
      // GET /v1/models reads each model's registry (current.json, versions/*/model-card.json).
      models: ['sentiment'],
      tables: [
        { name: 'windows', access: 'read' },
        { name: 'window-state', access: 'read' },
        { name: 'feedback', access: 'read' },
        { name: 'feedback-labels', access: 'read' },
        { name: 'air-now', access: 'read' },
        { name: 'air-weather', access: 'read' },
        { name: 'air-forecasts', access: 'read' },
        { name: 'air-anomalies', access: 'read' },
      ],
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
    'label-ingest': {
      handler: 'functions/label-ingest/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 10,
      produces: ['feedback-labels'],
      secrets: ['slack-signing-secret'],
    },
    'label-store': {
      handler: 'functions/label-store/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 30,
      tables: [{ name: 'feedback-labels', access: 'readwrite' }],
      buckets: [{ name: 'dead-letters', access: 'write' }],
    },
  },
  triggers: [
    ...archiveTriggers,
    scoreFeedbackTrigger,
    storeLabelsTrigger,
    windowWikiTrigger,
    airWindowsTrigger('air-quality-checked'),
    airWindowsTrigger('weather'),
    airAnomaliesTrigger,
  ],
  schedules: [
    { name: 'retry-notifications', function: 'notification-retrier', expression: 'rate(5 minutes)' },
    { name: 'compact-archive', function: 'archive-compactor', expression: 'rate(1 hour)' },
    // Needs Athena: locally the same nightly path is `npx tandem retrain <model>` (DuckDB).
    { name: 'retrain-models', function: 'retrainer', expression: RETRAIN_SCHEDULE, runsLocally: false },
    { name: 'relay-wikimedia', function: 'wiki-relay', expression: 'rate(1 minute)', runsLocally: false },
    // Search: every 5 minutes, as recent search is billed per post read and rate-limited per
    // 15-minute window. Stream: every minute, each run holding the connection for 50 s.
    {
      name: 'relay-x',
      function: 'x-relay',
      expression: xRelay.mode === 'stream' ? 'rate(1 minute)' : 'rate(5 minutes)',
      runsLocally: false,
    },
    { name: 'relay-bluesky', function: 'bluesky-relay', expression: 'rate(1 minute)', runsLocally: false },
    // Calls Open-Meteo on the internet: off under `npm start` unless `--schedule air-poller`.
    { name: 'air-poller', function: 'air-poller', expression: 'rate(15 minutes)', runsLocally: false },
  ],
  api: [
    { route: 'POST /v1/feedback', function: 'feedback-ingest', auth: 'iam' },
    { route: 'POST /v1/slack/events', function: 'slack-events', auth: 'none' },
    { route: 'POST /v1/feedback/{id}/label', function: 'label-ingest', auth: 'iam' },
    { route: 'POST /v1/slack/interactivity', function: 'label-ingest', auth: 'none' },
    { route: 'POST /v1/air/readings', function: 'air-ingest', auth: 'iam' },
    { route: 'GET /v1/metrics', function: 'query-api', auth: 'iam' },
    { route: 'GET /v1/windows/{metric}', function: 'query-api', auth: 'iam' },
    { route: 'GET /v1/top/{metric}', function: 'query-api', auth: 'iam' },
    { route: 'GET /v1/feedback', function: 'query-api', auth: 'iam' },
    { route: 'GET /v1/health', function: 'query-api', auth: 'iam' },
    { route: 'GET /v1/models', function: 'query-api', auth: 'iam' },
    { route: 'GET /v1/air/locations', function: 'query-api', auth: 'iam' },
    { route: 'GET /v1/air/{location}', function: 'query-api', auth: 'iam' },
    { route: 'GET /v1/air/{location}/history', function: 'query-api', auth: 'iam' },
    { route: 'GET /v1/advice', function: 'query-api', auth: 'iam' },
    { route: 'GET /v1/air/anomalies', function: 'query-api', auth: 'iam' },
  ],
  metrics: {
    'wiki-edits-by-user': wikiEdits(['user'], 'Edits and page creations per user'),
    'wiki-edits-by-server': wikiEdits(['server_name'], 'Edits and page creations per wiki (server_name)'),
    'feedback-by-band-1m': feedbackBands({ sizeSeconds: 60, allowedLatenessSeconds: 120, retentionDays: 7 }),
    'feedback-by-band-1h': feedbackBands({ sizeSeconds: 3600, allowedLatenessSeconds: 3600, retentionDays: 90 }),
    ...airMeanMetrics,
  },
  locations: AIR_LOCATIONS,
});
