import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocationSpec, MetricSpec } from '../../infra/pipeline/types.js';
import { pipeline } from '../../infra/pipeline.js';
import { type ModelRegistry, registryOf } from '../lib/model-registry/index.js';
import type { QueryApiTables } from './config.js';

/** What the query API reads and how; tests pass a client pointed at a local DynamoDB and a fixed clock. */
export interface QueryApiOptions {
  /** Document client (default in the handler: the container's). */
  dynamo: DynamoDBDocumentClient;
  /** Physical table names. */
  tables: QueryApiTables;
  /** Metric declarations by name (default: `pipeline.metrics` of infra/pipeline.ts). */
  metrics?: Record<string, MetricSpec>;
  /** Air-quality locations by name (default: `pipeline.locations` of infra/pipeline.ts). */
  locations?: Record<string, LocationSpec>;
  /** Clock in epoch ms (default `Date.now`): decides expiry, defaults of time ranges and `time` in /v1/health. */
  now?: () => number;
  /** Window queries in flight at once for `/v1/windows/{metric}` without a key (default 8). */
  concurrency?: number;
  /** How long `/v1/health` waits for DynamoDB before answering 503 (default 2000 ms). */
  healthTimeoutMs?: number;
  /** Models `/v1/models` describes, name → description (default: those infra/pipeline.ts binds to query-api). */
  models?: Record<string, string>;
  /** The registry of a model (default: where its `MODEL_<NAME>_URI` says). */
  registryOf?: (name: string) => ModelRegistry;
}

/** Options with their defaults filled in, as every route receives them. */
export type QueryApiContext = Required<QueryApiOptions>;

export const QUERY_API_DEFAULTS = {
  metrics: pipeline.metrics,
  locations: pipeline.locations ?? {},
  now: Date.now,
  concurrency: 8,
  healthTimeoutMs: 2000,
  models: Object.fromEntries(
    (pipeline.functions['query-api']?.models ?? []).map((name) => [name, pipeline.models[name]?.description ?? '']),
  ),
  registryOf: (name: string) => registryOf(name),
} as const satisfies Partial<QueryApiOptions>;
