/**
 * One X relay run in stream mode: the filtered stream → `feedback` for a bounded time, as the
 * Bluesky relay reads Jetstream.
 *
 * 1. Take the lease on the App's stream (one connection carries every rule); it returns the
 *    checkpoint: `lastEventId` = the newest post id produced, `state.recent` = the ids produced
 *    lately, `state.readUntil` = when the previous run last heard from X.
 * 2. Bring the rules in step with the declared queries (stream-rules.ts).
 * 3. Read the stream until `runMs` (never past the invoke's remaining time less `RESERVE_MS`),
 *    reconnecting after drops, silences and refusals with the waits X prescribes
 *    (reconnect-delay.ts). A wait that would outlast the run ends it: the next run connects.
 * 4. Each post matched by a declared rule becomes the same feedback record as in search mode
 *    (post.ts, `x-<post id>`); posts matched only by someone else's rules are skipped; bad
 *    lines are dead-lettered with their reason. At most every `STREAM_CHECKPOINT_EVERY_MS`
 *    while posts arrive, and at the end: produce the batch, write its dead letters, then
 *    checkpoint (conditional on the lease).
 *
 * The stream has no cursor. What X publishes while no connection is open (between two runs, or
 * during a reconnection's wait) is only delivered again through `backfill_minutes`, which X
 * documents for Enterprise access: with `backfillMinutes` > 0 each connection asks for the
 * minutes since it last heard from X (at most 5). Backfilled posts overlap what was read; ids
 * produced lately (kept in the checkpoint, pruned by the time inside each post id) are skipped
 * as repeats. A crash between a produce and its checkpoint re-produces the same ids at worst,
 * which the scorer stores and notifies once (the outbox is keyed by feedback id).
 */

import { randomUUID } from 'node:crypto';
import type { DeadLetterReason, SourceItemDeadLetters, SourceItemEntry } from '../lib/dead-letter/index.js';
import { DeadLetterReason as Reason } from '../lib/dead-letter/index.js';
import type { OutgoingRecord } from '../lib/kafka-producer/index.js';
import {
  acquireLease,
  type CheckpointStore,
  RelayLeaseLostError,
  releaseLease,
  saveCheckpoint,
} from '../lib/relay-checkpoint/index.js';
import {
  filteredStream,
  LEASE_MARGIN_MS,
  MAX_RECENT_IDS,
  RESERVE_MS,
  STREAM_BATCH_SIZE,
  STREAM_CHECKPOINT_EVERY_MS,
  STREAM_RECENT_MS,
  X_RELAY_TOPIC,
} from './config.js';
import { XStreamRulesUnavailableError } from './errors.js';
import { filteredStreamLines, type StreamLine } from './filtered-stream.js';
import { X_SOURCE, xPostDecision } from './post.js';
import type { ReconnectPolicy } from './reconnect-delay.js';
import type { XRelayLogger } from './relay-run.js';
import { isPostId } from './search-page.js';
import { streamMessage } from './stream-message.js';
import { syncStreamRules } from './stream-rules.js';

/** Rejected lines logged one by one per run; the rest only in the counts. */
const REJECT_LOG_LIMIT = 10;

/** X's snowflake epoch: a post id's top bits are milliseconds since it. */
const SNOWFLAKE_EPOCH_MS = 1_288_834_974_657;

export interface XStreamRunOptions {
  store: CheckpointStore;
  apiUrl: string;
  /** The declared queries: one rule each. */
  queries: readonly string[];
  token: string;
  runMs: number;
  remainingMs: () => number;
  produce: (topic: string, records: readonly OutgoingRecord[]) => Promise<void>;
  deadLetters: SourceItemDeadLetters;
  logger: XRelayLogger;
  /** Minutes of `backfill_minutes` a connection may ask for after a gap (0: never; Enterprise). */
  backfillMinutes?: number;
  userAgent?: string;
  topic?: string;
  reserveMs?: number;
  leaseMarginMs?: number;
  policy?: ReconnectPolicy;
  idleMs?: number;
  batchSize?: number;
  checkpointEveryMs?: number;
  owner?: string;
  now?: () => number;
  fetch?: typeof fetch;
}

export interface XStreamSummary {
  mode: 'stream';
  /**
   * `read`: the run read the stream; `deferred`: the rules could not be read or changed and
   * nothing was read; `lease-held`: another run reads it; `lease-lost`: taken over mid-run.
   */
  outcome: 'read' | 'deferred' | 'lease-held' | 'lease-lost';
  rules: { added: number; deleted: number; kept: number };
  /** Connections opened, and of those reconnections after a failure. */
  connections: number;
  reconnects: number;
  keepAlives: number;
  /** System messages (operational disconnects and the like). */
  systemMessages: number;
  /** Posts delivered (repeats and other rules' included). */
  read: number;
  relayed: number;
  /** Posts skipped because their id was produced already (a backfill's overlap). */
  repeats: number;
  /** Posts only other rules matched. */
  unmatched: number;
  /** Messages of no known kind. */
  ignored: number;
  deadLettered: number;
  deadLetteredByReason: Partial<Record<DeadLetterReason, number>>;
  /** The newest post id produced so far over all runs (null: none). */
  newestId: string | null;
  /** Why reading stopped before the run's time was up, if it did. */
  stoppedBecause?: string;
}

/** A post id's creation time, epoch milliseconds. */
export function postIdTime(id: string): number {
  return Number(BigInt(id) >> 22n) + SNOWFLAKE_EPOCH_MS;
}

export async function xStreamRun(options: XStreamRunOptions): Promise<XStreamSummary> {
  const now = options.now ?? Date.now;
  const { store, logger } = options;
  const stream = filteredStream(options.apiUrl);
  const topic = options.topic ?? X_RELAY_TOPIC;
  const batchSize = options.batchSize ?? STREAM_BATCH_SIZE;
  const checkpointEveryMs = options.checkpointEveryMs ?? STREAM_CHECKPOINT_EVERY_MS;
  const maxBackfill = options.backfillMinutes ?? 0;
  const owner = options.owner ?? randomUUID();
  const userAgent = options.userAgent ?? `tandem-x-relay/0.1 Node.js/${process.versions.node}`;
  const started = now();
  const readMs = Math.max(0, Math.min(options.runMs, options.remainingMs() - (options.reserveMs ?? RESERVE_MS)));
  const deadline = started + readMs;
  const summary: XStreamSummary = {
    mode: 'stream',
    outcome: 'read',
    rules: { added: 0, deleted: 0, kept: 0 },
    connections: 0,
    reconnects: 0,
    keepAlives: 0,
    systemMessages: 0,
    read: 0,
    relayed: 0,
    repeats: 0,
    unmatched: 0,
    ignored: 0,
    deadLettered: 0,
    deadLetteredByReason: {},
    newestId: null,
  };

  const lease = await acquireLease(
    store,
    stream,
    owner,
    started,
    deadline + (options.leaseMarginMs ?? LEASE_MARGIN_MS),
  );
  if (!lease.acquired) {
    logger.warn('another X relay run holds the stream; this one reads nothing', {
      stream,
      holder: lease.checkpoint?.leaseOwner,
    });
    const last = lease.checkpoint?.lastEventId;
    return { ...summary, outcome: 'lease-held', newestId: isPostId(last) ? last : null };
  }
  const previous = lease.checkpoint;
  let newestId = isPostId(previous.lastEventId) ? previous.lastEventId : undefined;
  summary.newestId = newestId ?? null;
  const produced = new Set(recentOf(previous.state));
  // When X was last heard from: the gap a backfill must cover starts there.
  let lastHeard = readUntilOf(previous.state);
  let batch: OutgoingRecord[] = [];
  let batchIds = new Set<string>();
  let rejected: SourceItemEntry[] = [];
  let lastFlush = now();

  const flush = async () => {
    for (const entry of rejected) await options.deadLetters.put(entry);
    rejected = [];
    if (batch.length > 0) await options.produce(topic, batch);
    for (const id of batchIds) produced.add(id);
    // Only ids a backfill can deliver again are kept.
    const horizon = now() - STREAM_RECENT_MS;
    const recent = [...produced]
      .filter((id) => postIdTime(id) >= horizon)
      .sort((a, b) => (BigInt(a) > BigInt(b) ? -1 : 1))
      .slice(0, MAX_RECENT_IDS);
    produced.clear();
    for (const id of recent) produced.add(id);
    await saveCheckpoint(store, stream, owner, {
      lastEventId: newestId ?? '0',
      relayed: batch.length,
      now: now(),
      state: { recent, ...(lastHeard !== undefined ? { readUntil: lastHeard } : {}) },
    });
    summary.relayed += batch.length;
    summary.newestId = newestId ?? null;
    batch = [];
    batchIds = new Set();
    lastFlush = now();
  };

  const handle = (item: StreamLine) => {
    lastHeard = now();
    if (item.kind === 'keep-alive') {
      summary.keepAlives++;
      return;
    }
    if (item.kind === 'oversized') {
      reject({ itemId: null, reason: Reason.TOO_LARGE, detail: `a ${item.bytes}-byte line`, raw: item.head });
      return;
    }
    const message = streamMessage(item.line);
    switch (message.kind) {
      case 'undecodable':
        reject({ itemId: null, reason: Reason.UNDECODABLE, detail: message.problem, raw: item.line });
        return;
      case 'ignored':
        summary.ignored++;
        if (summary.ignored <= REJECT_LOG_LIMIT) logger.warn('X stream message of no known kind; ignored', message);
        return;
      case 'system':
        summary.systemMessages++;
        logger.warn('X stream system message', { title: message.title, detail: message.detail });
        return;
      case 'post': {
        summary.read++;
        if (!message.ruleIds.some((id) => declared.has(id))) {
          summary.unmatched++;
          return;
        }
        const decision = xPostDecision(message.post, message.usernames);
        if (!decision.relay) {
          reject({ itemId: decision.postId, reason: decision.reason, detail: decision.detail, raw: decision.raw });
          return;
        }
        const postId = decision.id.slice(`${X_SOURCE}-`.length);
        if (produced.has(postId) || batchIds.has(postId)) {
          summary.repeats++;
          return;
        }
        batch.push(decision.record);
        batchIds.add(postId);
        if (newestId === undefined || BigInt(postId) > BigInt(newestId)) newestId = postId;
      }
    }
  };
  const reject = (entry: Omit<SourceItemEntry, 'source'>) => {
    rejected.push({ source: X_SOURCE, ...entry });
    summary.deadLettered++;
    summary.deadLetteredByReason[entry.reason] = (summary.deadLetteredByReason[entry.reason] ?? 0) + 1;
    if (summary.deadLettered <= REJECT_LOG_LIMIT) {
      logger.warn('X stream line dead-lettered', { postId: entry.itemId, reason: entry.reason, detail: entry.detail });
    }
  };

  let declared = new Map<string, string>();
  let failure: unknown;
  try {
    try {
      const sync = await syncStreamRules(
        { apiUrl: options.apiUrl, token: options.token, userAgent, ...(options.fetch ? { fetch: options.fetch } : {}) },
        options.queries,
      );
      declared = sync.declared;
      summary.rules = { added: sync.added, deleted: sync.deleted, kept: sync.kept };
      if (sync.added > 0 || sync.deleted > 0) logger.info('X stream rules changed', summary.rules);
    } catch (error) {
      if (!(error instanceof XStreamRulesUnavailableError)) throw error;
      summary.outcome = 'deferred';
      summary.stoppedBecause = error.message;
      logger.warn('X stream rules unavailable; the next run tries again', { error: error.message });
    }
    if (summary.outcome === 'read') {
      const lines = filteredStreamLines({
        apiUrl: options.apiUrl,
        token: options.token,
        userAgent,
        signal: AbortSignal.timeout(Math.max(1, deadline - now())),
        deadline,
        now,
        backfillMinutes: () => backfillFor(maxBackfill, lastHeard, now()),
        ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
        ...(options.policy ? { policy: options.policy } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        onConnect: ({ backfillMinutes }) => {
          summary.connections++;
          if (lastHeard !== undefined && maxBackfill > 0 && now() - lastHeard > 5 * 60_000) {
            logger.warn('X stream gap longer than a backfill reaches; posts in it are not relayed', {
              gapMs: now() - lastHeard,
            });
          }
          if (backfillMinutes > 0) logger.info('X stream connecting with backfill', { backfillMinutes });
        },
        onReconnect: (notice) => {
          summary.reconnects++;
          logger.warn('X stream connection lost; reconnecting', { ...notice });
        },
        onGiveUp: (notice) => {
          summary.stoppedBecause = `${notice.problem.slice(0, 200)}; the next wait (${Math.ceil(notice.delayMs / 1000)} s) is past the run's time`;
          logger.warn("X stream reconnection wait is past the run's time; the next run connects", { ...notice });
        },
      });
      try {
        for (;;) {
          let next: IteratorResult<StreamLine>;
          try {
            next = await lines.next();
          } catch (error) {
            // Not fixable by reconnecting (the token, the request): relay what was read, then fail.
            failure = error;
            break;
          }
          if (next.done) break;
          handle(next.value);
          if (
            batch.length >= batchSize ||
            (now() - lastFlush >= checkpointEveryMs && (batch.length > 0 || rejected.length > 0))
          ) {
            await flush();
          }
        }
      } finally {
        await lines.return(undefined);
      }
      await flush();
    }
  } catch (error) {
    if (!(error instanceof RelayLeaseLostError)) {
      await releaseLease(store, stream, owner).catch(() => false);
      throw error;
    }
    summary.outcome = 'lease-lost';
    logger.warn('X relay lease taken over; stopping', { stream, owner });
  }
  if (summary.outcome !== 'lease-lost') {
    await releaseLease(store, stream, owner).catch((error: unknown) =>
      logger.warn('releasing the X relay lease failed; it lapses on its own', { error: (error as Error).message }),
    );
  }
  if (failure !== undefined) throw failure;
  logger.info('X relay stream run done', { ...summary, stream });
  return summary;
}

/** Minutes of backfill for a connection opened at `at` after hearing from X last at `lastHeard`. */
export function backfillFor(maxMinutes: number, lastHeard: number | undefined, at: number): number {
  if (maxMinutes <= 0 || lastHeard === undefined) return 0;
  return Math.min(maxMinutes, 5, Math.max(1, Math.ceil((at - lastHeard) / 60_000)));
}

/** `state.recent` as stored: post ids; anything else is ignored. */
function recentOf(state: Record<string, unknown> | undefined): string[] {
  const recent = state?.recent;
  return Array.isArray(recent) ? recent.filter(isPostId) : [];
}

function readUntilOf(state: Record<string, unknown> | undefined): number | undefined {
  const t = state?.readUntil;
  return typeof t === 'number' && Number.isFinite(t) ? t : undefined;
}
