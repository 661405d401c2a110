import { tableEnvName } from '../../infra/pipeline/names.js';
import { WikiRelayConfigError } from './errors.js';

/** The relay's name in infra/pipeline.ts. */
export const WIKI_RELAY_FUNCTION = 'wiki-relay';

/** The topic relayed events go to (`produces` of the function in infra/pipeline.ts). */
export const RELAY_TOPIC = 'wiki-changes';

/** Environment variable with the EventStreams URL (declared in infra/pipeline.ts; `npm start -- --wiki-stream` sets it). */
export const WIKIMEDIA_STREAM_URL_ENV = 'WIKIMEDIA_STREAM_URL';

/** Environment variable with how long one run reads the stream, in seconds. */
export const RELAY_RUN_SECONDS_ENV = 'RELAY_RUN_SECONDS';

/**
 * Optional contact (an e-mail address or a URL) added to the User-Agent. Wikimedia's
 * User-Agent policy asks clients to say how to reach whoever runs them; set it on deploy.
 */
export const RELAY_CONTACT_ENV = 'RELAY_CONTACT';

/** Environment variable naming the checkpoint table (`TABLE_RELAY_CHECKPOINTS`). */
export const CHECKPOINT_TABLE_ENV = tableEnvName('relay-checkpoints');

/** Records per produce call, at most; a checkpoint follows each acknowledged batch. */
export const BATCH_SIZE = 500;

/** A batch is produced once its first record has waited this long (checked as events arrive). */
export const BATCH_MAX_WAIT_MS = 1_000;

/**
 * Time kept back at the end of the invoke for the last produce, its checkpoint and the lease
 * release, so a run never dies holding records it read but did not relay.
 */
export const RESERVE_MS = 10_000;

/**
 * How long a lease outlives the run's planned reading time: room for the last produce and
 * checkpoint. A crashed run blocks the stream for at most its run length plus this.
 */
export const LEASE_MARGIN_MS = 15_000;

/**
 * Largest event value relayed, in bytes: Kafka's default `max.message.bytes` (1 MiB) less room
 * for the key and headers. Larger events are skipped and counted.
 */
export const MAX_VALUE_BYTES = 1024 * 1024 - 4 * 1024;

/** What the relay identifies itself as (Wikimedia requires a descriptive User-Agent). */
export function relayUserAgent(env: NodeJS.ProcessEnv = process.env): string {
  const contact = env[RELAY_CONTACT_ENV];
  return (
    `tandem-wiki-relay/0.1 (relays Wikimedia EventStreams into Kafka${contact ? `; ${contact}` : ''}) ` +
    `Node.js/${process.versions.node}`
  );
}

/** The relay's settings, read once per container. */
export interface RelayConfig {
  /** The EventStreams URL; also the checkpoint item's key, so another stream never resumes from its id. */
  streamUrl: string;
  /** How long a run reads, in milliseconds. */
  runMs: number;
  /** The checkpoint table. */
  table: string;
  /** The User-Agent sent. */
  userAgent: string;
}

/** The relay's settings from the environment; throws `WikiRelayConfigError` naming what is missing or wrong. */
export function relayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const streamUrl = env[WIKIMEDIA_STREAM_URL_ENV];
  if (!streamUrl || !URL.canParse(streamUrl) || !/^https?:$/.test(new URL(streamUrl).protocol)) {
    throw new WikiRelayConfigError(`${WIKIMEDIA_STREAM_URL_ENV} must be an http(s) URL, got "${streamUrl ?? ''}"`);
  }
  const rawSeconds = env[RELAY_RUN_SECONDS_ENV];
  const seconds = Number(rawSeconds);
  if (!rawSeconds || !Number.isFinite(seconds) || seconds <= 0 || seconds > 900) {
    throw new WikiRelayConfigError(
      `${RELAY_RUN_SECONDS_ENV} must be a number of seconds in (0, 900], got "${rawSeconds ?? ''}"`,
    );
  }
  const table = env[CHECKPOINT_TABLE_ENV];
  if (!table) throw new WikiRelayConfigError(`${CHECKPOINT_TABLE_ENV} is not set: bind the relay-checkpoints table`);
  return { streamUrl, runMs: seconds * 1000, table, userAgent: relayUserAgent(env) };
}
