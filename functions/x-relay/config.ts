import { tableEnvName } from '../../infra/pipeline/names.js';
import { XRelayConfigError } from './errors.js';

/** The relay's name in infra/pipeline.ts. */
export const X_RELAY_FUNCTION = 'x-relay';

/** The topic relayed posts go to (`produces` in infra/pipeline.ts). */
export const X_RELAY_TOPIC = 'feedback';

/** The secret holding the X app's bearer token (`secrets` in infra/pipeline.ts). */
export const X_BEARER_TOKEN_SECRET = 'x-bearer-token';

/** Environment variable with the X API's base URL (`npm start -- --x-api-url` sets it). */
export const X_API_URL_ENV = 'X_API_URL';

/** Environment variable with the recent-search queries, a JSON array of strings. */
export const X_SEARCH_QUERIES_ENV = 'X_SEARCH_QUERIES';

/** Environment variable choosing how the relay reads X: `search` or `stream` (`XRelayMode`). */
export const X_RELAY_MODE_ENV = 'X_RELAY_MODE';

/**
 * Environment variable with the minutes of `backfill_minutes` (1–5) a stream connection may ask
 * for, or 0 for none. X documents backfill for Enterprise access only; elsewhere it is refused.
 */
export const X_STREAM_BACKFILL_MINUTES_ENV = 'X_STREAM_BACKFILL_MINUTES';

/** Environment variable with how long one run may poll (waits included), in seconds. */
export const X_RELAY_RUN_SECONDS_ENV = 'X_RELAY_RUN_SECONDS';

/** Environment variable naming the checkpoint table. */
export const CHECKPOINT_TABLE_ENV = tableEnvName('relay-checkpoints');

/** Longest query recent search accepts with pay-per-use and Basic/Pro access (X API v2 docs). */
export const MAX_QUERY_CHARS = 512;

/** Posts per page: recent search's maximum. */
export const PAGE_SIZE = 100;

/** Largest response body read, in bytes (100 posts with their users are well under 1 MiB). */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** Time kept back from the invoke for the last produce, checkpoint and lease release. */
export const RESERVE_MS = 10_000;

/** How long a lease outlives the run's polling time. */
export const LEASE_MARGIN_MS = 15_000;

/** Extra wait past `x-rate-limit-reset`, for clock skew between X and us. */
export const RESET_MARGIN_MS = 1_000;

/** First wait after a 5xx, a network failure or a 429 without a reset header; doubles per attempt. */
export const BACKOFF_MS = 2_000;

/** Per-request timeout. */
export const REQUEST_TIMEOUT_MS = 15_000;

/**
 * How the relay reads X. `search`: recent search per query, paged back to `since_id` (X's
 * Basic tier and up, and pay-per-use). `stream`: the filtered stream, with one rule per query
 * (X's Pro and Enterprise tiers, and pay-per-use). docs/deploy.md has what each costs.
 */
export const XRelayMode = { SEARCH: 'search', STREAM: 'stream' } as const;
export type XRelayMode = (typeof XRelayMode)[keyof typeof XRelayMode];

/** The relay's settings. */
export interface XRelayConfig {
  /** How it reads X. */
  mode: XRelayMode;
  /** Minutes of backfill a stream connection asks for after a gap (0: none; stream mode only). */
  backfillMinutes: number;
  /** Base URL of the X API (`https://api.x.com`). */
  apiUrl: string;
  /** Recent-search queries, each polled and checkpointed on its own; in stream mode, one rule each. */
  queries: string[];
  /** How long a run may poll, in milliseconds. */
  runMs: number;
  /** The checkpoint table. */
  table: string;
}

/** The relay's settings from the environment; throws `XRelayConfigError` naming what is wrong. */
export function xRelayConfig(env: NodeJS.ProcessEnv = process.env): XRelayConfig {
  const apiUrl = env[X_API_URL_ENV];
  if (!apiUrl || !URL.canParse(apiUrl) || !/^https?:$/.test(new URL(apiUrl).protocol)) {
    throw new XRelayConfigError(`${X_API_URL_ENV} must be an http(s) URL, got "${apiUrl ?? ''}"`);
  }
  let queries: unknown;
  try {
    queries = JSON.parse(env[X_SEARCH_QUERIES_ENV] ?? '');
  } catch {
    queries = undefined;
  }
  if (
    !Array.isArray(queries) ||
    queries.length === 0 ||
    !queries.every((q) => typeof q === 'string' && q.trim() !== '' && q.length <= MAX_QUERY_CHARS) ||
    new Set(queries).size !== queries.length
  ) {
    throw new XRelayConfigError(
      `${X_SEARCH_QUERIES_ENV} must be a JSON array of distinct, non-blank queries of at most ${MAX_QUERY_CHARS} characters`,
    );
  }
  const mode = env[X_RELAY_MODE_ENV] ?? XRelayMode.SEARCH;
  if (!Object.values<string>(XRelayMode).includes(mode)) {
    throw new XRelayConfigError(`${X_RELAY_MODE_ENV} must be "search" or "stream", got "${mode}"`);
  }
  const rawBackfill = env[X_STREAM_BACKFILL_MINUTES_ENV] ?? '0';
  if (!/^[0-5]$/.test(rawBackfill)) {
    throw new XRelayConfigError(
      `${X_STREAM_BACKFILL_MINUTES_ENV} must be a whole number of minutes in [0, 5], got "${rawBackfill}"`,
    );
  }
  const raw = env[X_RELAY_RUN_SECONDS_ENV];
  const seconds = Number(raw);
  if (!raw || !Number.isFinite(seconds) || seconds <= 0 || seconds > 900) {
    throw new XRelayConfigError(
      `${X_RELAY_RUN_SECONDS_ENV} must be a number of seconds in (0, 900], got "${raw ?? ''}"`,
    );
  }
  const table = env[CHECKPOINT_TABLE_ENV];
  if (!table) throw new XRelayConfigError(`${CHECKPOINT_TABLE_ENV} is not set: bind the relay-checkpoints table`);
  return {
    mode: mode as XRelayMode,
    backfillMinutes: Number(rawBackfill),
    apiUrl: apiUrl.replace(/\/+$/, ''),
    queries: queries as string[],
    runMs: seconds * 1000,
    table,
  };
}

/** The checkpoint item's key of a query: another API or another query never resumes from its id. */
export function queryStream(apiUrl: string, query: string): string {
  return `x:${apiUrl}/2/tweets/search/recent?query=${encodeURIComponent(query)}`;
}

/** The filtered stream's checkpoint key: one connection carries every rule of the app. */
export function filteredStream(apiUrl: string): string {
  return `x:${apiUrl}/2/tweets/search/stream`;
}

/**
 * The tag on every rule the relay adds. Rules tagged so and no longer declared are deleted at
 * the start of a stream run; rules with any other tag (someone else's on the same App) are
 * left alone, and posts only they match are not relayed.
 */
export const RULE_TAG = 'tandem:x-relay';

/**
 * Silence after which a stream connection counts as dead: X sends a keep-alive `\r\n` at least
 * every 20 s and suggests a 20 s read timeout; 10 s more absorbs network jitter.
 */
export const STREAM_IDLE_MS = 30_000;

/** Longest line read from the stream; a post with its includes is a few KiB. */
export const MAX_STREAM_LINE_BYTES = 1024 * 1024;

/** Matched posts per produce, at most. */
export const STREAM_BATCH_SIZE = 500;

/** The stream checkpoint moves at least this often while posts arrive. */
export const STREAM_CHECKPOINT_EVERY_MS = 1_000;

/**
 * How far back, in milliseconds of post time (a post id is a snowflake carrying its
 * creation time), produced ids are remembered in the checkpoint: a backfill reaches back at
 * most 5 minutes, so an id older than that, plus a minute's margin, cannot be delivered again.
 */
export const STREAM_RECENT_MS = 6 * 60_000;

/** Produced post ids kept in the checkpoint, at most. */
export const MAX_RECENT_IDS = 2_000;
