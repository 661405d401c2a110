import { tableEnvName } from '../../infra/pipeline/names.js';
import { BlueskyRelayConfigError } from './errors.js';
import { type KeywordMatcher, keywordMatcher } from './keywords.js';

/** The relay's name in infra/pipeline.ts. */
export const BLUESKY_RELAY_FUNCTION = 'bluesky-relay';

/** The topic matching posts go to (`produces` in infra/pipeline.ts). */
export const BLUESKY_RELAY_TOPIC = 'feedback';

/** Environment variable with the Jetstream subscribe URL (`npm start -- --jetstream-url` sets it). */
export const BLUESKY_JETSTREAM_URL_ENV = 'BLUESKY_JETSTREAM_URL';

/** Environment variable with the keywords per language, JSON (keywords.ts). */
export const BLUESKY_KEYWORDS_ENV = 'BLUESKY_KEYWORDS';

/** Environment variable with how long one run reads, in seconds. */
export const BLUESKY_RELAY_RUN_SECONDS_ENV = 'BLUESKY_RELAY_RUN_SECONDS';

/** Environment variable naming the checkpoint table. */
export const CHECKPOINT_TABLE_ENV = tableEnvName('relay-checkpoints');

/** The one collection read: posts. */
export const POST_COLLECTION = 'app.bsky.feed.post';

/**
 * How far before the checkpointed `time_us` a run resumes, in microseconds. Jetstream's
 * README advises rewinding "a few seconds" when switching instances; events in the overlap
 * are read again and matching posts already produced are recognised by URI (relay-run.ts).
 */
export const OVERLAP_US = 5_000_000;

/** Largest Jetstream message read, in bytes; a post record is far smaller (text ≤ 3,000 bytes). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Matching posts per produce, at most. */
export const BATCH_SIZE = 500;

/** The checkpoint moves at least this often while events arrive, matching or not. */
export const CHECKPOINT_EVERY_MS = 1_000;

/** Time kept back from the invoke for the last produce, checkpoint and lease release. */
export const RESERVE_MS = 10_000;

/** How long a lease outlives the run's reading time. */
export const LEASE_MARGIN_MS = 15_000;

/** Produced post URIs kept in the checkpoint to recognise repeats in the next overlap, at most. */
export const MAX_RECENT_URIS = 2_000;

export interface BlueskyRelayConfig {
  /** Jetstream subscribe URL; also the checkpoint's key. */
  jetstreamUrl: string;
  keywords: KeywordMatcher;
  runMs: number;
  table: string;
}

export function blueskyRelayConfig(env: NodeJS.ProcessEnv = process.env): BlueskyRelayConfig {
  const jetstreamUrl = env[BLUESKY_JETSTREAM_URL_ENV];
  if (!jetstreamUrl || !URL.canParse(jetstreamUrl) || !/^wss?:$/.test(new URL(jetstreamUrl).protocol)) {
    throw new BlueskyRelayConfigError(`${BLUESKY_JETSTREAM_URL_ENV} must be a ws(s) URL, got "${jetstreamUrl ?? ''}"`);
  }
  let spec: unknown;
  try {
    spec = JSON.parse(env[BLUESKY_KEYWORDS_ENV] ?? '');
  } catch {
    throw new BlueskyRelayConfigError(`${BLUESKY_KEYWORDS_ENV} must be JSON: { "<lang>" | "*": [keyword…] }`);
  }
  const keywords = keywordMatcher(spec);
  const raw = env[BLUESKY_RELAY_RUN_SECONDS_ENV];
  const seconds = Number(raw);
  if (!raw || !Number.isFinite(seconds) || seconds <= 0 || seconds > 900) {
    throw new BlueskyRelayConfigError(
      `${BLUESKY_RELAY_RUN_SECONDS_ENV} must be a number of seconds in (0, 900], got "${raw ?? ''}"`,
    );
  }
  const table = env[CHECKPOINT_TABLE_ENV];
  if (!table) throw new BlueskyRelayConfigError(`${CHECKPOINT_TABLE_ENV} is not set: bind the relay-checkpoints table`);
  return { jetstreamUrl, keywords, runMs: seconds * 1000, table };
}
