/**
 * Types of the pipeline declaration (`infra/pipeline.ts`). Both back ends read
 * the same declaration: the CDK app (`infra/aws/`) and the local runtime
 * (`infra/local/`). Field names follow the AWS settings they become.
 */

/** Where a new consumer group starts reading (AWS `StartingPosition`). */
export const StartingPosition = {
  LATEST: 'LATEST',
  TRIM_HORIZON: 'TRIM_HORIZON',
  AT_TIMESTAMP: 'AT_TIMESTAMP',
} as const;
export type StartingPosition = (typeof StartingPosition)[keyof typeof StartingPosition];

export interface TopicSpec {
  /** Number of partitions (MSK and the local broker). */
  partitions: number;
  /** How long records are kept, in hours (`retention.ms`). */
  retentionHours: number;
  /** What the topic carries, for docs and the dashboard. */
  description: string;
  /** Local demo producer that replays bundled data into this topic under `npm start`. */
  demo?: { generator: string; ratePerSecond: number };
  /**
   * Extra Hive partitions of the topic's archive after `dt=`, in order: top-level fields of the
   * JSON value (`server_name` → `…/dt=2025-06-01/server_name=en.wikipedia.org/part-….parquet`).
   * A record without a usable value goes to `__HIVE_DEFAULT_PARTITION__`. The archive catalog
   * gets a table per such topic with these as partition keys.
   */
  archivePartitionBy?: string[];
}

export interface TableSpec {
  /** Partition key attribute name (string). */
  partitionKey: string;
  /** Sort key attribute name (string), if any. */
  sortKey?: string;
  /** Attribute holding the expiry time in epoch seconds (DynamoDB TTL). */
  ttlAttribute?: string;
  /** Global secondary indexes: name → key attributes. */
  indexes?: Record<string, { partitionKey: string; sortKey?: string }>;
  /** Key attributes (of the table or its indexes) that are numbers; every other key attribute is a string. */
  numberAttributes?: string[];
}

export interface BucketSpec {
  /** What the bucket holds. */
  description: string;
  /** Days after which objects move to a cheaper storage class on AWS (omit to keep in Standard). */
  infrequentAccessAfterDays?: number;
  /** Days after which objects are deleted (omit to keep forever). */
  expireAfterDays?: number;
}

export interface FunctionSpec {
  /** Path of the handler module from the repo root; it exports `handler`. */
  handler: string;
  /** Lambda memory in MB (128..10240). */
  memoryMb: number;
  /** Lambda timeout in seconds (1..900); enforced by the local runtime too. */
  timeoutSeconds: number;
  /** Extra environment variables (plain configuration, never secrets). */
  environment?: Record<string, string>;
  /** Tables the function reads or writes: sets `TABLE_<NAME>` and the IAM grant. */
  tables?: { name: string; access: 'read' | 'readwrite' }[];
  /** Buckets the function reads or writes: sets `BUCKET_<NAME>` and the IAM grant. */
  buckets?: { name: string; access: 'read' | 'readwrite' | 'write' }[];
  /** Topics the function produces to (grants write on MSK; sets `KAFKA_BOOTSTRAP`). */
  produces?: string[];
  /** Needs the ONNX runtime (packaged with the linux-arm64 binaries only on AWS). */
  onnx?: boolean;
  /**
   * Secrets the function reads (keys of `secrets`). On AWS the value lives in
   * Secrets Manager and the function gets `SECRET_<NAME>_ARN` plus read access;
   * locally the runtime sets `SECRET_<NAME>_VALUE` instead. Never plain env.
   */
  secrets?: string[];
  /** Models the function loads (keys of `models`): sets `MODEL_<NAME>_URI` (S3 on AWS, a file path locally). */
  models?: string[];
  /**
   * Models the function retrains and publishes (keys of `models`): as `models`, plus write
   * access to the model's registry (new versions and its `current.json`).
   */
  publishes?: string[];
  /**
   * Queries the archive with Athena: on AWS sets `ARCHIVE_DATABASE`, `ARCHIVE_TABLE` and
   * `ATHENA_WORKGROUP` (the stack's archive catalog) and grants queries in that workgroup,
   * Glue reads of the archive's database and tables, reads of the archive's `raw/` objects and
   * of the workgroup's results. Needs the `archive` bucket.
   */
  queriesArchive?: boolean;
  /**
   * Files the handler reads at run time that esbuild cannot inline, as paths from the repo root:
   * on AWS copied into the bundle at the same path under its root.
   */
  files?: string[];
}

export interface SecretSpec {
  /** What the secret holds and its JSON shape, for whoever fills it in after `cdk deploy`. */
  description: string;
  /**
   * The value `cdk deploy` creates the secret with, until someone puts the real one: a value
   * its readers take for "not configured yet" (never a credential; it is in the template).
   * Unset: a random 32-character string. A secret read as JSON needs one, since its readers
   * throw on anything that is not JSON. Change it only before the first deploy: a changed
   * placeholder would overwrite the value put since.
   */
  placeholder?: string;
}

export interface ModelSpec {
  /** Directory under `models/` holding `model.onnx` and `model-card.json`. */
  directory: string;
  description: string;
}

/** AWS Lambda FilterCriteria: a record is delivered when any pattern matches. */
export interface FilterCriteria {
  Filters: { Pattern: string }[];
}

export interface TriggerSpec {
  /** Unique name; also the default consumer group id (`tandem-<name>`). */
  name: string;
  /** Function invoked (a key of `functions`). */
  function: string;
  /** Topic consumed (an MSK event source mapping reads exactly one topic). */
  topic: string;
  /** Records per invoke, 1..10000 (AWS default 100). */
  batchSize: number;
  /** How long to gather records before invoking, 0..300000 ms (AWS default 500). */
  batchingWindowMs: number;
  startingPosition: StartingPosition;
  /** Required with AT_TIMESTAMP: epoch milliseconds. */
  startingPositionTimestamp?: number;
  /**
   * Consumer group id; default `<stack name>-<name>` on AWS, `tandem-<name>` locally. A declared
   * id is used as is on every stack: keeping it unique on a shared cluster is then yours to do.
   */
  consumerGroupId?: string;
  filterCriteria?: FilterCriteria;
  /**
   * Retry controls. Without them a failing batch is retried until it succeeds
   * (the partition waits), which is MSK's default.
   */
  retry?: {
    /** -1 = until the records expire / forever; 0..10000 retries. */
    maximumRetryAttempts: number;
    /** -1 = never; 60..604800 seconds. */
    maximumRecordAgeSeconds: number;
    /** Split a failing batch in two and retry each half. */
    bisectBatchOnFunctionError: boolean;
  };
  /** The handler returns `batchItemFailures`; the partition resumes from the reported offset. */
  reportBatchItemFailures: boolean;
  /** Where a batch goes once retries are exhausted: a bucket of `buckets` (S3 gets metadata and payload). */
  onFailure?: { bucket: string };
}

export interface ScheduleSpec {
  /** Unique name. */
  name: string;
  /** Function invoked. */
  function: string;
  /** EventBridge Scheduler expression: `rate(5 minutes)` or `cron(0 3 * * ? *)`. */
  expression: string;
  /** Static input passed as the event. */
  input?: Record<string, unknown>;
  /**
   * Whether `npm start` runs it (default true). False for schedules that need the internet,
   * such as the Wikimedia relay; `npm start -- --schedule <name>` turns one on.
   */
  runsLocally?: boolean;
}

/** A JSON value a metric's filter compares a field with. */
export type MetricScalar = string | number | boolean | null;

/**
 * A windowed count: records of `topic` (as the `function` sees them, after its own
 * enrichment) counted per key in event-time windows aligned to the epoch, start inclusive,
 * end exclusive. Tumbling when `slideSeconds` is absent or equals `sizeSeconds`, hopping
 * when smaller. State lives in the `windows` and `window-state` tables.
 */
export interface MetricSpec {
  /** What is counted, for the query API and the dashboard. */
  description: string;
  /** Topic whose records are counted. */
  topic: string;
  /** Function that applies the metric (it must read and write `windows` and `window-state`). */
  function: string;
  /** Where the event time is: a dotted field path and its encoding. */
  eventTime: { field: string; format: 'unix-seconds' | 'unix-millis' | 'iso-8601' };
  /** Dotted field paths whose values, joined by `|`, make the key counted. A record missing one is not counted. */
  key: string[];
  /** Only records whose field (dotted path) equals one of the listed values are counted. */
  filter?: Record<string, MetricScalar[]>;
  /**
   * A numeric aggregate beside the count: each window also keeps the sum, minimum and maximum
   * of this field (a dotted path to a finite number), so the mean is sum / count. A record
   * whose field is missing or not a finite number is not counted.
   */
  value?: { field: string; unit: string };
  window: { sizeSeconds: number; slideSeconds?: number };
  /** The watermark trails the event time by this much; records older than the watermark are late. */
  allowedLatenessSeconds: number;
  /**
   * A source partition that delivered nothing for this long (wall clock; counted from the
   * metric's first delivery for a partition that never delivered) stops holding the watermark
   * back. Until then every partition of the topic holds it, delivered or not.
   */
  idlePartitionTimeoutSeconds: number;
  /**
   * How far an event time may be ahead of the record's ingestion (its Kafka timestamp, never
   * later than now). Records further ahead are not counted, never move the watermark, and
   * are counted as `future` (a function that only counts dead-letters them).
   */
  maxFutureSeconds: number;
  /**
   * Window aggregates expire (DynamoDB TTL) this many days after the window ends or after
   * they were last written, whichever is later, so a backfill of old events stays queryable.
   */
  retentionDays: number;
}

export interface ApiRouteSpec {
  /** `GET /v1/metrics`, `POST /v1/feedback`, path parameters as `{name}`. */
  route: string;
  /** Function answering it (API Gateway HTTP API v2 payload). */
  function: string;
  /** `iam` or `jwt` on AWS; `none` only for signature-verified webhooks (Slack). */
  auth: 'iam' | 'jwt' | 'none';
}

/** A place the air-quality pipeline polls and forecasts for (`locations` in infra/pipeline.ts). */
export interface LocationSpec {
  /** Latitude, WGS84 degrees, −90..90. */
  lat: number;
  /** Longitude, WGS84 degrees, −180..180. */
  lon: number;
  /** What the place is, for docs and the dashboard. */
  description: string;
}

export interface PipelineSpec {
  topics: Record<string, TopicSpec>;
  secrets: Record<string, SecretSpec>;
  models: Record<string, ModelSpec>;
  tables: Record<string, TableSpec>;
  buckets: Record<string, BucketSpec>;
  functions: Record<string, FunctionSpec>;
  triggers: TriggerSpec[];
  schedules: ScheduleSpec[];
  api: ApiRouteSpec[];
  metrics: Record<string, MetricSpec>;
  /** Places the air-quality pipeline serves, by name (lower-case kebab-case): records carry the name. */
  locations?: Record<string, LocationSpec>;
}
