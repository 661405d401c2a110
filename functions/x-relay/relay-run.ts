/**
 * One X relay run: for each declared query, recent search → `feedback`, resuming after the
 * newest post id the previous runs relayed.
 *
 * Per query, in declaration order, while the run's budget lasts:
 * 1. Take the query's lease (functions/lib/relay-checkpoint); it returns the checkpoint:
 *    `lastEventId` = the newest post id relayed (`since_id`), and `state` = a paging left
 *    unfinished by an earlier run (`{ newestId, nextToken }`).
 * 2. Ask for pages, newest first, with `since_id` and `next_token`. After each page its posts
 *    are produced (post.ts; bad ones dead-lettered with a reason) and, once the broker has
 *    acknowledged them, the checkpoint moves: to `{ state: newestId + the next token }` while
 *    pages remain, to `lastEventId = newestId` (state removed) after the last one. So a paging
 *    cut short (budget, rate limit) resumes at the same page next run, and nothing between
 *    `since_id` and the newest post is skipped.
 * 3. Rate limits: when `x-rate-limit-remaining` is 0, or on a 429, the run waits until
 *    `x-rate-limit-reset` if that falls inside its budget, and otherwise leaves the query for
 *    the next run (`deferred`). 5xx answers and network failures are retried with doubling
 *    waits inside the budget, then deferred. 401/403 (the token) and a 400 on a fresh paging
 *    (the query) throw `XApiRefusedError`; a 400 on a resumed paging drops the stale token
 *    and starts that paging again.
 * 4. A query with no checkpoint starts at the newest page only (as the Wikimedia relay starts
 *    at the live edge): recent search would otherwise pour seven days into the first run.
 *
 * Guarantee: at least once per post, one feedback id per post. A crash between a produce and
 * its checkpoint makes the next run poll the same page again and produce the same ids (`x-<id>`,
 * also the record key); the scorer keeps one item and sends one Slack post per id.
 */

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DeadLetterReason, SourceItemDeadLetters } from '../lib/dead-letter/index.js';
import type { OutgoingRecord } from '../lib/kafka-producer/index.js';
import {
  acquireLease,
  type CheckpointStore,
  RelayLeaseLostError,
  releaseLease,
  saveCheckpoint,
} from '../lib/relay-checkpoint/index.js';
import { BACKOFF_MS, LEASE_MARGIN_MS, queryStream, RESERVE_MS, RESET_MARGIN_MS, X_RELAY_TOPIC } from './config.js';
import { XApiRefusedError } from './errors.js';
import { X_SOURCE, xPostDecision } from './post.js';
import { fetchSearchPage, isPostId, type RateLimit, type SearchAnswer, type SearchRequest } from './search-page.js';

export type XRelayLogger = Pick<Logger, 'info' | 'warn'>;

export interface XRelayRunOptions {
  store: CheckpointStore;
  apiUrl: string;
  queries: readonly string[];
  /** The bearer token (read from Secrets Manager by the handler). */
  token: string;
  /** How long the run may poll, waits included, in milliseconds. */
  runMs: number;
  /** Milliseconds the invoke has left. */
  remainingMs: () => number;
  produce: (topic: string, records: readonly OutgoingRecord[]) => Promise<void>;
  deadLetters: SourceItemDeadLetters;
  logger: XRelayLogger;
  userAgent?: string;
  topic?: string;
  reserveMs?: number;
  leaseMarginMs?: number;
  /** First wait after a failure that carries no reset time (default `BACKOFF_MS`). */
  backoffMs?: number;
  owner?: string;
  now?: () => number;
  /** One page (default: `fetchSearchPage`); tests pass a fetch through `fetch`. */
  fetch?: typeof fetch;
}

/** What happened to one query. */
export interface XQuerySummary {
  query: string;
  /**
   * `caught-up`: everything up to the newest post is relayed; `deferred`: a rate limit or
   * failures outlasted the budget, the rest is left for the next run; `lease-held`: another run
   * polls it; `lease-lost`: this run's lease was taken over; `out-of-time`: not reached.
   */
  outcome: 'caught-up' | 'deferred' | 'lease-held' | 'lease-lost' | 'out-of-time';
  relayed: number;
  deadLettered: number;
  /** The checkpointed newest id at the end (null: none yet). */
  sinceId: string | null;
  /** Whether a paging is left unfinished for the next run. */
  pagingPending: boolean;
  /** Why it was deferred, for the log. */
  deferredBecause?: string;
}

export interface XRelaySummary {
  relayed: number;
  deadLettered: number;
  deadLetteredByReason: Partial<Record<DeadLetterReason, number>>;
  pages: number;
  /** Times the run waited for a rate-limit window, and how long in all. */
  rateLimitWaits: number;
  waitedMs: number;
  /** Requests that failed (429, 5xx, network) and were retried or deferred. */
  failedRequests: number;
  queries: XQuerySummary[];
}

interface PagingState {
  newestId: string;
  nextToken: string;
}

export async function xRelayRun(options: XRelayRunOptions): Promise<XRelaySummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const budgetMs = Math.max(0, Math.min(options.runMs, options.remainingMs() - (options.reserveMs ?? RESERVE_MS)));
  const deadline = started + budgetMs;
  const owner = options.owner ?? randomUUID();
  const topic = options.topic ?? X_RELAY_TOPIC;
  const summary: XRelaySummary = {
    relayed: 0,
    deadLettered: 0,
    deadLetteredByReason: {},
    pages: 0,
    rateLimitWaits: 0,
    waitedMs: 0,
    failedRequests: 0,
    queries: [],
  };
  // One rate-limit window per endpoint and app: what one query's answer said holds for the next.
  let rateLimit: RateLimit = {};

  /** Waits `ms` if the budget allows; false when it does not. */
  const waitWithin = async (ms: number): Promise<boolean> => {
    if (now() + ms > deadline) return false;
    await sleep(ms);
    return true;
  };

  const request = (
    query: string,
    sinceId: string | undefined,
    nextToken: string | undefined,
  ): Promise<SearchAnswer> => {
    const r: SearchRequest = {
      apiUrl: options.apiUrl,
      token: options.token,
      query,
      userAgent: options.userAgent ?? `tandem-x-relay/0.1 Node.js/${process.versions.node}`,
      ...(sinceId ? { sinceId } : {}),
      ...(nextToken ? { nextToken } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    };
    return fetchSearchPage(r);
  };

  for (const query of options.queries) {
    const stream = queryStream(options.apiUrl, query);
    const q: XQuerySummary = {
      query,
      outcome: 'caught-up',
      relayed: 0,
      deadLettered: 0,
      sinceId: null,
      pagingPending: false,
    };
    summary.queries.push(q);
    if (now() >= deadline) {
      q.outcome = 'out-of-time';
      continue;
    }
    const lease = await acquireLease(
      options.store,
      stream,
      owner,
      now(),
      deadline + (options.leaseMarginMs ?? LEASE_MARGIN_MS),
    );
    if (!lease.acquired) {
      q.outcome = 'lease-held';
      q.sinceId = lease.checkpoint?.lastEventId ?? null;
      options.logger.warn('another X relay run holds the query; skipped', {
        query,
        holder: lease.checkpoint?.leaseOwner,
      });
      continue;
    }
    let sinceId = isPostId(lease.checkpoint.lastEventId) ? lease.checkpoint.lastEventId : undefined;
    let paging = pagingState(lease.checkpoint.state);
    q.sinceId = sinceId ?? null;
    q.pagingPending = paging !== undefined;
    try {
      let failures = 0;
      for (;;) {
        // Spent window: wait for its reset inside the budget, or leave the query for the next run.
        if (rateLimit.remaining === 0 && rateLimit.resetAt !== undefined && rateLimit.resetAt > now()) {
          const wait = rateLimit.resetAt - now() + RESET_MARGIN_MS;
          if (!(await waitWithin(wait))) {
            defer(q, `rate limit resets in ${Math.ceil(wait / 1000)} s, past the run's budget`);
            break;
          }
          summary.rateLimitWaits++;
          summary.waitedMs += wait;
          rateLimit = {};
        }
        if (now() >= deadline) {
          defer(q, 'the run ran out of time');
          break;
        }
        const answer = await request(query, sinceId, paging?.nextToken);
        rateLimit = answer.rateLimit;
        if (!answer.ok) {
          summary.failedRequests++;
          if (answer.status === 401 || answer.status === 403) {
            throw new XApiRefusedError(answer.status, `X refused the bearer token: ${answer.problem}`);
          }
          if (answer.status === 400 && paging) {
            options.logger.warn('X refused a stored next_token; the paging starts again', {
              query,
              problem: answer.problem,
            });
            paging = undefined;
            continue;
          }
          if (answer.status === 400 || answer.status === 404) {
            throw new XApiRefusedError(answer.status, `X refused the query "${query}": ${answer.problem}`);
          }
          if (answer.status === 429 && rateLimit.resetAt !== undefined) {
            // The reset wait happens at the top of the loop.
            rateLimit = { remaining: 0, resetAt: rateLimit.resetAt };
            continue;
          }
          failures++;
          const wait = (options.backoffMs ?? BACKOFF_MS) * 2 ** Math.min(failures - 1, 10);
          options.logger.warn('X search failed; retrying', {
            query,
            status: answer.status,
            problem: answer.problem,
            wait,
          });
          if (!(await waitWithin(wait))) {
            defer(q, `X answered ${answer.status || 'nothing'} (${answer.problem.slice(0, 200)})`);
            break;
          }
          continue;
        }
        failures = 0;
        summary.pages++;
        const { page } = answer;
        // A fresh paging's first page names the newest post of the whole result set.
        const newestId = paging?.newestId ?? page.newestId;
        const records: OutgoingRecord[] = [];
        const rejected: Parameters<SourceItemDeadLetters['put']>[0][] = [];
        for (const post of page.posts) {
          const decision = xPostDecision(post, page.usernames);
          if (decision.relay) records.push(decision.record);
          else {
            rejected.push({
              source: X_SOURCE,
              itemId: decision.postId,
              reason: decision.reason,
              detail: decision.detail,
              raw: decision.raw,
            });
          }
        }
        if (records.length > 0) await options.produce(topic, records);
        for (const entry of rejected) {
          await options.deadLetters.put(entry);
          summary.deadLetteredByReason[entry.reason] = (summary.deadLetteredByReason[entry.reason] ?? 0) + 1;
          if (q.deadLettered < 10)
            options.logger.warn('X post dead-lettered', {
              query,
              postId: entry.itemId,
              reason: entry.reason,
              detail: entry.detail,
            });
        }
        q.deadLettered += rejected.length;
        summary.deadLettered += rejected.length;
        // Without a since_id the first page is where the relay starts: older pages are not read.
        const more = page.nextToken !== undefined && sinceId !== undefined;
        if (newestId === undefined) {
          // Nothing newer than since_id.
          if (paging)
            await saveCheckpoint(options.store, stream, owner, {
              lastEventId: sinceId ?? '0',
              relayed: 0,
              now: now(),
              state: null,
            });
          paging = undefined;
          break;
        }
        if (more) {
          paging = { newestId, nextToken: page.nextToken as string };
          await saveCheckpoint(options.store, stream, owner, {
            lastEventId: sinceId as string,
            relayed: records.length,
            now: now(),
            state: { ...paging },
          });
        } else {
          await saveCheckpoint(options.store, stream, owner, {
            lastEventId: newestId,
            relayed: records.length,
            now: now(),
            state: null,
          });
          sinceId = newestId;
          paging = undefined;
        }
        q.relayed += records.length;
        summary.relayed += records.length;
        q.sinceId = sinceId ?? null;
        if (!more) break;
      }
    } catch (error) {
      if (!(error instanceof RelayLeaseLostError)) {
        await releaseLease(options.store, stream, owner).catch(() => false);
        throw error;
      }
      q.outcome = 'lease-lost';
      options.logger.warn('X relay lease taken over; query stopped', { query, owner });
    }
    q.pagingPending = paging !== undefined;
    if (q.outcome !== 'lease-lost') {
      await releaseLease(options.store, stream, owner).catch((error: unknown) =>
        options.logger.warn('releasing the X relay lease failed; it lapses on its own', {
          error: (error as Error).message,
        }),
      );
    }
  }
  options.logger.info('X relay run done', { ...summary, queries: summary.queries.map((q) => ({ ...q })) });
  return summary;
}

function defer(q: XQuerySummary, because: string): void {
  q.outcome = 'deferred';
  q.deferredBecause = because;
}

/** A stored paging, if the state holds a well-formed one. */
function pagingState(state: Record<string, unknown> | undefined): PagingState | undefined {
  if (!state) return undefined;
  const { newestId, nextToken } = state;
  return isPostId(newestId) && typeof nextToken === 'string' && nextToken !== '' ? { newestId, nextToken } : undefined;
}
