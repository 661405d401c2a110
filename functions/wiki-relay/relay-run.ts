/**
 * One relay run: Wikimedia EventStreams (SSE) → `wiki-changes`, resuming where the previous
 * run's last acknowledged batch ended.
 *
 * 1. Take the stream's lease (functions/lib/relay-checkpoint); the same write returns the checkpoint. If
 *    another run holds an unexpired lease, relay nothing and say so (`lease-held`).
 * 2. Connect with `Last-Event-ID` = the checkpointed id; read for `runMs`, and never past the
 *    invoke's remaining time less `RESERVE_MS`. Dropped connections reconnect with backoff,
 *    honouring the server's `retry:`, from the last id read (functions/lib/sse).
 * 3. Each `message` event is checked (recent-change.ts); what fails is skipped, counted and
 *    logged, never thrown. Records go out in batches of up to `BATCH_SIZE` (or once the first
 *    has waited `BATCH_MAX_WAIT_MS`), and after the broker acknowledges a batch the checkpoint
 *    moves to the SSE id of the batch's last event, conditional on the lease.
 * 4. Flush what was read, release the lease, report `{ relayed, skipped, lastEventId, reconnects }`.
 *
 * Guarantee: at least once. Nothing is checkpointed before the broker has acknowledged it,
 * so nothing read is lost; a crash between a produce and its checkpoint re-relays at most that
 * one batch on the next run. Those copies sit at new offsets, so the window counts (which dedupe
 * by offset) count them again; a reader that must not can dedupe on `meta.id`, the record key
 * (a relayed batch is at most `BATCH_SIZE` events, checkpointed once acknowledged). A run whose lease
 * was taken over (it outlived the lease) finds out at its next checkpoint and stops
 * (`lease-lost`); the batch it had just produced is the one that may be relayed twice.
 */

import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { OutgoingRecord } from '../lib/kafka-producer/index.js';
import {
  acquireLease,
  type CheckpointStore,
  RelayLeaseLostError,
  releaseLease,
  saveCheckpoint,
} from '../lib/relay-checkpoint/index.js';
import { eventSource, type SseEvent } from '../lib/sse/index.js';
import { BATCH_MAX_WAIT_MS, BATCH_SIZE, LEASE_MARGIN_MS, RELAY_TOPIC, RESERVE_MS } from './config.js';
import { recentChangeRecord, type SkipReason } from './recent-change.js';

/** Skipped events logged one by one per run; the rest only in the counts. */
const SKIP_LOG_LIMIT = 10;

/** The logging the run needs. */
export type RelayLogger = Pick<Logger, 'info' | 'warn'>;

export interface RelayRunOptions {
  /** Checkpoint table and client. */
  store: CheckpointStore;
  /** The EventStreams URL; also the checkpoint's key. */
  streamUrl: string;
  /** Sent as `User-Agent`. */
  userAgent: string;
  /** How long to read, in milliseconds. */
  runMs: number;
  /** Milliseconds the invoke has left. */
  remainingMs: () => number;
  /** Produces records and resolves once the broker acknowledged them (the container's producer in the handler). */
  produce: (topic: string, records: readonly OutgoingRecord[]) => Promise<void>;
  logger: RelayLogger;
  /** Topic relayed to (default `wiki-changes`). */
  topic?: string;
  /** Records per batch, at most (default `BATCH_SIZE`). */
  batchSize?: number;
  /** A batch goes out once its first record has waited this long (default `BATCH_MAX_WAIT_MS`). */
  batchMaxWaitMs?: number;
  /** Kept back from the invoke's remaining time (default `RESERVE_MS`). */
  reserveMs?: number;
  /** How long the lease outlives the reading time (default `LEASE_MARGIN_MS`). */
  leaseMarginMs?: number;
  /** Lease owner (default a random UUID per run). */
  owner?: string;
  /** Wait before reconnecting until the server sends `retry:` (the SSE client's default otherwise). */
  reconnectMs?: number;
  /** Silence after which a connection counts as dead (the SSE client's default otherwise). */
  idleTimeoutMs?: number;
  now?: () => number;
}

/** What a run did. */
export interface RelaySummary {
  /**
   * `relayed`: the run read the stream (maybe nothing new); `lease-held`: another run holds the
   * lease, nothing was read; `lease-lost`: the lease was taken over mid-run and the run stopped.
   */
  outcome: 'relayed' | 'lease-held' | 'lease-lost';
  /** Records produced and checkpointed. */
  relayed: number;
  /** Events not relayed (see `skippedByReason`). */
  skipped: number;
  /** Skipped events per reason. */
  skippedByReason: Partial<Record<SkipReason, number>>;
  /** The checkpointed SSE id at the end of the run (null: none yet). */
  lastEventId: string | null;
  /** Times the stream was reconnected. */
  reconnects: number;
}

export async function relayRun(options: RelayRunOptions): Promise<RelaySummary> {
  const now = options.now ?? Date.now;
  const { store, streamUrl, logger } = options;
  const topic = options.topic ?? RELAY_TOPIC;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const batchMaxWaitMs = options.batchMaxWaitMs ?? BATCH_MAX_WAIT_MS;
  const owner = options.owner ?? randomUUID();
  const started = now();
  const readMs = Math.max(0, Math.min(options.runMs, options.remainingMs() - (options.reserveMs ?? RESERVE_MS)));
  const summary: RelaySummary = {
    outcome: 'relayed',
    relayed: 0,
    skipped: 0,
    skippedByReason: {},
    lastEventId: null,
    reconnects: 0,
  };

  const lease = await acquireLease(
    store,
    streamUrl,
    owner,
    started,
    started + readMs + (options.leaseMarginMs ?? LEASE_MARGIN_MS),
  );
  if (!lease.acquired) {
    logger.warn('another relay run holds the lease; this one relays nothing', {
      stream: streamUrl,
      holder: lease.checkpoint?.leaseOwner,
      leaseExpiresAt: lease.checkpoint?.leaseExpiresAt,
    });
    return { ...summary, outcome: 'lease-held', lastEventId: lease.checkpoint?.lastEventId ?? null };
  }
  let checkpointed = lease.checkpoint.lastEventId ?? '';
  summary.lastEventId = checkpointed || null;
  logger.info('relay run started', { stream: streamUrl, owner, resumeAfter: checkpointed || null, readMs });

  // Events read since the last checkpoint: the records among them and the SSE id of the last one.
  let batch: OutgoingRecord[] = [];
  let unflushed = 0;
  let lastRead = checkpointed;
  let firstRecordAt: number | undefined;
  const flush = async () => {
    if (unflushed === 0) return;
    if (batch.length > 0) await options.produce(topic, batch);
    await saveCheckpoint(store, streamUrl, owner, { lastEventId: lastRead, relayed: batch.length, now: now() });
    summary.relayed += batch.length;
    summary.lastEventId = lastRead || null;
    checkpointed = lastRead;
    batch = [];
    unflushed = 0;
    firstRecordAt = undefined;
  };

  const source = eventSource({
    url: streamUrl,
    userAgent: options.userAgent,
    lastEventId: checkpointed,
    signal: AbortSignal.timeout(readMs),
    ...(options.reconnectMs !== undefined ? { reconnectMs: options.reconnectMs } : {}),
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    onReconnect: (notice) => {
      summary.reconnects++;
      logger.warn('event stream lost; reconnecting', {
        attempt: notice.attempt,
        delayMs: notice.delayMs,
        lastEventId: notice.lastEventId,
        error: notice.error.message,
      });
    },
  });
  let streamError: unknown;
  try {
    for (;;) {
      let next: IteratorResult<SseEvent>;
      try {
        next = await source.next();
      } catch (error) {
        // Not fixable by reconnecting (a 404, not an event stream): relay what was read, then fail.
        streamError = error;
        break;
      }
      if (next.done) break;
      const event = next.value;
      unflushed++;
      lastRead = event.lastEventId;
      const decision = recentChangeRecord(event);
      if (decision.relay) {
        batch.push(decision.record);
        firstRecordAt ??= now();
      } else {
        summary.skipped++;
        summary.skippedByReason[decision.reason] = (summary.skippedByReason[decision.reason] ?? 0) + 1;
        if (summary.skipped <= SKIP_LOG_LIMIT) {
          logger.warn('event skipped', { reason: decision.reason, detail: decision.detail, sseId: event.lastEventId });
        }
      }
      if (batch.length >= batchSize || (firstRecordAt !== undefined && now() - firstRecordAt >= batchMaxWaitMs)) {
        await flush();
      }
    }
    await flush();
  } catch (error) {
    if (!(error instanceof RelayLeaseLostError)) throw error;
    summary.outcome = 'lease-lost';
    logger.warn('relay lease taken over; stopping', { stream: streamUrl, owner });
  } finally {
    await source.return(undefined);
    if (summary.outcome !== 'lease-lost') {
      await releaseLease(store, streamUrl, owner).catch((error: unknown) =>
        logger.warn('releasing the relay lease failed; it lapses on its own', { error: (error as Error).message }),
      );
    }
  }
  if (streamError !== undefined) throw streamError;
  logger.info('relay run done', { ...summary, stream: streamUrl });
  return summary;
}
