/**
 * One Bluesky relay run: Jetstream (`app.bsky.feed.post`) → the posts matching the keywords →
 * `feedback`, resuming from the `time_us` cursor the previous run checkpointed.
 *
 * 1. Take the lease on the Jetstream URL (functions/lib/relay-checkpoint); it returns the
 *    cursor (`lastEventId`, a `time_us`) and the URIs of the posts produced inside the last
 *    `OVERLAP_US` before it (`state.recent`). No cursor yet: start live.
 * 2. Connect with `cursor = checkpoint − OVERLAP_US` and read until `runMs` (never past the
 *    invoke's remaining time less `RESERVE_MS`). A dropped or silent connection reconnects,
 *    with backoff, from the last `time_us` read less the overlap (functions/lib/jetstream).
 * 3. Each message is checked (post-event.ts). Matching posts whose URI was already produced
 *    (the overlap, a reconnection's replay) are skipped and counted as repeats; the others are
 *    batched. Bad messages are dead-lettered with their reason.
 * 4. At most every `CHECKPOINT_EVERY_MS` while events arrive, and at the end: produce the
 *    batch, write its dead letters, then move the checkpoint to the newest `time_us` read,
 *    with the URIs produced in the overlap window before it (conditional on the lease).
 *
 * Guarantee: no gap, and one feedback id per post. Every event at or after the checkpoint is
 * read again by the next connection, so nothing unacknowledged is skipped; a crash between a
 * produce and its checkpoint re-produces that batch under the same ids (the at:// URIs, also
 * the record keys), which the scorer stores and notifies once.
 */

import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DeadLetterReason, SourceItemDeadLetters, SourceItemEntry } from '../lib/dead-letter/index.js';
import { jetstreamMessages } from '../lib/jetstream/index.js';
import type { OutgoingRecord } from '../lib/kafka-producer/index.js';
import {
  acquireLease,
  type CheckpointStore,
  RelayLeaseLostError,
  releaseLease,
  saveCheckpoint,
} from '../lib/relay-checkpoint/index.js';
import {
  BATCH_SIZE,
  BLUESKY_RELAY_TOPIC,
  CHECKPOINT_EVERY_MS,
  LEASE_MARGIN_MS,
  MAX_RECENT_URIS,
  OVERLAP_US,
  POST_COLLECTION,
  RESERVE_MS,
} from './config.js';
import type { KeywordMatcher } from './keywords.js';
import { BLUESKY_SOURCE, postEventDecision } from './post-event.js';

/** Rejected messages logged one by one per run; the rest only in the counts. */
const REJECT_LOG_LIMIT = 10;

export type BlueskyRelayLogger = Pick<Logger, 'info' | 'warn'>;

export interface BlueskyRelayRunOptions {
  store: CheckpointStore;
  jetstreamUrl: string;
  keywords: KeywordMatcher;
  runMs: number;
  remainingMs: () => number;
  produce: (topic: string, records: readonly OutgoingRecord[]) => Promise<void>;
  deadLetters: SourceItemDeadLetters;
  logger: BlueskyRelayLogger;
  userAgent?: string;
  topic?: string;
  batchSize?: number;
  checkpointEveryMs?: number;
  overlapUs?: number;
  reserveMs?: number;
  leaseMarginMs?: number;
  reconnectMs?: number;
  idleTimeoutMs?: number;
  owner?: string;
  now?: () => number;
}

export interface BlueskyRelaySummary {
  /** `relayed`: the run read Jetstream; `lease-held`: another run holds it; `lease-lost`: taken over mid-run. */
  outcome: 'relayed' | 'lease-held' | 'lease-lost';
  /** Messages read (repeats of the overlap included). */
  read: number;
  /** Matching posts produced and checkpointed. */
  relayed: number;
  /** Matching posts skipped because their URI was produced already. */
  repeats: number;
  /** Posts no keyword matched. */
  unmatched: number;
  deadLettered: number;
  deadLetteredByReason: Partial<Record<DeadLetterReason, number>>;
  /** The checkpointed `time_us` at the end (null: none yet). */
  cursor: number | null;
  reconnects: number;
}

export async function blueskyRelayRun(options: BlueskyRelayRunOptions): Promise<BlueskyRelaySummary> {
  const now = options.now ?? Date.now;
  const { store, jetstreamUrl: stream, logger } = options;
  const topic = options.topic ?? BLUESKY_RELAY_TOPIC;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const checkpointEveryMs = options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS;
  const overlapUs = options.overlapUs ?? OVERLAP_US;
  const owner = options.owner ?? randomUUID();
  const started = now();
  const readMs = Math.max(0, Math.min(options.runMs, options.remainingMs() - (options.reserveMs ?? RESERVE_MS)));
  const summary: BlueskyRelaySummary = {
    outcome: 'relayed',
    read: 0,
    relayed: 0,
    repeats: 0,
    unmatched: 0,
    deadLettered: 0,
    deadLetteredByReason: {},
    cursor: null,
    reconnects: 0,
  };

  const lease = await acquireLease(
    store,
    stream,
    owner,
    started,
    started + readMs + (options.leaseMarginMs ?? LEASE_MARGIN_MS),
  );
  if (!lease.acquired) {
    logger.warn('another Bluesky relay run holds the lease; this one reads nothing', {
      stream,
      holder: lease.checkpoint?.leaseOwner,
    });
    return { ...summary, outcome: 'lease-held', cursor: cursorOf(lease.checkpoint?.lastEventId) ?? null };
  }
  const checkpointed = cursorOf(lease.checkpoint.lastEventId);
  summary.cursor = checkpointed ?? null;
  // URI → time_us of every post produced whose time_us may be read again.
  const produced = new Map<string, number>(recentOf(lease.checkpoint.state));
  let lastRead = checkpointed;
  let batch: OutgoingRecord[] = [];
  let batchUris: [string, number][] = [];
  let rejected: SourceItemEntry[] = [];
  let unflushed = 0;
  let lastFlush = now();
  logger.info('Bluesky relay run started', { stream, owner, cursor: checkpointed ?? null, readMs });

  const flush = async () => {
    if (unflushed === 0) return;
    for (const entry of rejected) await options.deadLetters.put(entry);
    rejected = [];
    // Nothing read had a time_us (only unreadable messages): no position to checkpoint yet.
    if (lastRead === undefined) return;
    if (batch.length > 0) await options.produce(topic, batch);
    for (const [uri, timeUs] of batchUris) produced.set(uri, timeUs);
    // Only URIs the next connection can read again are kept: time_us ≥ cursor − overlap.
    for (const [uri, timeUs] of produced) if (timeUs < lastRead - overlapUs) produced.delete(uri);
    const recent = [...produced].sort((a, b) => b[1] - a[1]).slice(0, MAX_RECENT_URIS);
    await saveCheckpoint(store, stream, owner, {
      lastEventId: String(lastRead),
      relayed: batch.length,
      now: now(),
      state: recent.length > 0 ? { recent } : null,
    });
    summary.relayed += batch.length;
    summary.cursor = lastRead;
    batch = [];
    batchUris = [];
    unflushed = 0;
    lastFlush = now();
  };

  const signal = AbortSignal.timeout(readMs);
  const messages = jetstreamMessages({
    url: stream,
    wantedCollections: [POST_COLLECTION],
    // Every reconnection resumes from the newest time_us read, less the overlap.
    resumeCursor: () => (lastRead === undefined ? undefined : lastRead - overlapUs),
    userAgent: options.userAgent ?? `tandem-bluesky-relay/0.1 Node.js/${process.versions.node}`,
    signal,
    ...(options.reconnectMs !== undefined ? { reconnectMs: options.reconnectMs } : {}),
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    onReconnect: (notice) => {
      summary.reconnects++;
      logger.warn('Jetstream connection lost; reconnecting', {
        attempt: notice.attempt,
        delayMs: notice.delayMs,
        cursor: notice.cursor,
        error: notice.error.message,
      });
    },
  });
  let streamError: unknown;
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await messages.next();
      } catch (error) {
        // Not fixable by reconnecting (a 404, a refused upgrade): relay what was read, then fail.
        streamError = error;
        break;
      }
      if (next.done) break;
      summary.read++;
      const decision = postEventDecision(next.value, options.keywords);
      unflushed++;
      if (decision.timeUs !== undefined && (lastRead === undefined || decision.timeUs > lastRead)) {
        lastRead = decision.timeUs;
      }
      if (decision.kind === 'unmatched') summary.unmatched++;
      else if (decision.kind === 'relay') {
        if (produced.has(decision.uri) || batchUris.some(([uri]) => uri === decision.uri)) summary.repeats++;
        else {
          batch.push(decision.record);
          batchUris.push([decision.uri, decision.timeUs]);
        }
      } else if (decision.kind === 'reject') {
        rejected.push({
          source: BLUESKY_SOURCE,
          itemId: decision.itemId,
          reason: decision.reason,
          detail: decision.detail,
          raw: next.value,
        });
        summary.deadLettered++;
        summary.deadLetteredByReason[decision.reason] = (summary.deadLetteredByReason[decision.reason] ?? 0) + 1;
        if (summary.deadLettered <= REJECT_LOG_LIMIT) {
          logger.warn('Jetstream message dead-lettered', {
            reason: decision.reason,
            detail: decision.detail,
            uri: decision.itemId,
          });
        }
      }
      if (batch.length >= batchSize || now() - lastFlush >= checkpointEveryMs) await flush();
    }
    await flush();
  } catch (error) {
    if (!(error instanceof RelayLeaseLostError)) throw error;
    summary.outcome = 'lease-lost';
    logger.warn('Bluesky relay lease taken over; stopping', { stream, owner });
  } finally {
    await messages.return(undefined);
    if (summary.outcome !== 'lease-lost') {
      await releaseLease(store, stream, owner).catch((error: unknown) =>
        logger.warn('releasing the Bluesky relay lease failed; it lapses on its own', {
          error: (error as Error).message,
        }),
      );
    }
  }
  if (streamError !== undefined) throw streamError;
  logger.info('Bluesky relay run done', { ...summary, stream });
  return summary;
}

function cursorOf(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,17}$/.test(value)) return undefined;
  return Number(value);
}

/** `state.recent` as stored: `[uri, time_us]` pairs; anything else is ignored. */
function recentOf(state: Record<string, unknown> | undefined): [string, number][] {
  const recent = state?.recent;
  if (!Array.isArray(recent)) return [];
  return recent.filter(
    (r): r is [string, number] =>
      Array.isArray(r) && r.length === 2 && typeof r[0] === 'string' && typeof r[1] === 'number',
  );
}
