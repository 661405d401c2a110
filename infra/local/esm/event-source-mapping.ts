/**
 * The local stand-in for one Lambda event source mapping on an MSK topic: it reads the
 * trigger's topic in its own consumer group, filters, batches, invokes the handler in-process
 * with the function timeout enforced, commits after success, and retries, bisects or gives
 * failing batches to the on-failure destination as the trigger's error handling controls say.
 * DESIGN.md "Event source mapping semantics" is the contract; the pure rules live in
 * batch-assembly.ts, retry-policy.ts and batch-item-failures.ts.
 *
 * Implements: starting positions (committed offsets first), FilterCriteria, batch size,
 * batching window and the 6 MB payload limit, mixed-partition batches with at most one
 * batch in flight per partition, ReportBatchItemFailures, MaximumRetryAttempts,
 * MaximumRecordAgeInSeconds, BisectBatchOnFunctionError, on-failure destinations,
 * backpressure, and a clean stop.
 * Skips: concurrency scaling and throttling (a batch per free partition runs at once),
 * partitions added to the topic after start, transactions (no transactional producers here).
 */

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, type Message, type MessagesStream } from '@platformatic/kafka';
import {
  encodeKafkaEvent,
  type KafkaEvent,
  type KafkaEventInput,
  KafkaEventSource,
  MAX_INVOKE_PAYLOAD_BYTES,
  partitionKey,
} from '../../../functions/lib/kafka-event/index.js';
import { compileFilterCriteria, type RecordFilter } from '../../pipeline/filter/index.js';
import { consumerGroupOf } from '../../pipeline/names.js';
import type { TriggerSpec } from '../../pipeline/types.js';
import { type BatchLimits, planBatch } from './batch-assembly.js';
import { readBatchItemFailures } from './batch-item-failures.js';
import { checkOptions } from './check-options.js';
import { MappingStartError } from './errors.js';
import { type BatchFailure, buildBatchFailure, FailureCondition } from './failure-record.js';
import { invokeWithTimeout } from './invoke.js';
import { LOCAL_EVENT_SOURCE_ARN, lambdaContext, logStreamName } from './lambda-context.js';
import { envelopeBytes } from './payload-size.js';
import { eventOf, filterableRecord, type PendingRecord, pendingRecord } from './pending-record.js';
import { decideRetry, FailureKind, type RetryControls, retryControlsOf } from './retry-policy.js';
import { resolveStarts } from './start-position.js';
import type { EsmStats, EventSourceMappingEvents, EventSourceMappingOptions } from './types.js';

/** Long-poll of each fetch: bounds how long `stop()` waits for the fetch loop. */
const FETCH_WAIT_MS = 250;
/** How often the high watermarks behind `stats().lag` are refreshed. */
const LAG_REFRESH_MS = 1_000;
/** Wait before reopening the record stream after it failed (broker restart, network). */
const REOPEN_DELAY_MS = 1_000;
/** Backpressure: pause fetching above max(batchSize × 4, this) waiting records. */
const MIN_PAUSE_THRESHOLD = 10_000;
const DEFAULT_BACKOFF_MS = { initial: 100, max: 5_000 };

/** Records invoked together, and what is known from their last invoke. */
interface Unit {
  /** In payload order: partition by partition, offsets ascending. */
  records: PendingRecord[];
  retriesUsed: number;
  /** Wait before invoking it, ms. */
  delayMs: number;
  /** A single record over the payload limit: never invoked, straight to the destination. */
  oversized: boolean;
  /** awsRequestId of the last invoke that carried these records. */
  lastRequestId: string | undefined;
  /** The last invoke failed with a function error (rather than a batchItemFailures report). */
  functionError: boolean;
}

/** A batch from its first invoke until every record succeeded or was given up. */
interface Job {
  /** Units still to run, in order; the first one is running. */
  units: Unit[];
  /** Partitions this job keeps busy. */
  held: Set<PartitionState>;
}

interface PartitionState {
  partition: number;
  /** `topic-partition`. */
  key: string;
  /** Records waiting to be batched, offsets ascending. */
  records: PendingRecord[];
  /** Held by a job: no other batch may take its records. */
  busy: boolean;
  /** Held back by `hold()` until `release()`: its records are read but not invoked. */
  held: boolean;
  job: Job | undefined;
  /** Next offset expected from Kafka; anything below is a duplicate. */
  seenUntil: number;
  /** Where the mapping started reading (committed or starting position). */
  start: number;
  /** Committed offset (next record to read), null while the group has none. */
  committed: number | null;
  /** First record left unfinished by `stop()`; nothing at or past it may be committed. */
  abandonedAt: number | undefined;
  /** Log end offset, refreshed for the lag figure. */
  highWatermark: number;
}

/** Thrown inside a job when `stop()` interrupts a destination delivery. */
class Halted extends Error {}

export class EventSourceMapping extends EventEmitter<EventSourceMappingEvents> {
  readonly #options: EventSourceMappingOptions;
  readonly #trigger: TriggerSpec;
  readonly #filter: RecordFilter;
  readonly #controls: RetryControls;
  readonly #backoff: { initial: number; max: number };
  readonly #now: () => number;
  readonly #log: (message: string, data?: Record<string, unknown>) => void;
  readonly #consumer: Consumer;
  readonly #envelopeInput: Omit<KafkaEventInput, 'records'>;
  readonly #envelope: KafkaEvent;
  #limits: BatchLimits;
  readonly #pauseAbove: number;
  readonly #logStream: string;
  readonly #states: PartitionState[] = [];
  readonly #byKey = new Map<string, PartitionState>();
  readonly #jobs = new Set<Promise<void>>();
  readonly #halt = new AbortController();
  #stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  #paused = false;
  #queued = 0;
  #inFlight = 0;
  #windowTimer: NodeJS.Timeout | undefined;
  #lagTimer: NodeJS.Timeout | undefined;
  #reopenTimer: NodeJS.Timeout | undefined;
  #pumpScheduled = false;
  #commitScheduled = false;
  #commits: Promise<void> = Promise.resolve();
  #consumerClosed = false;
  #stopping: Promise<void> | undefined;
  readonly #counters = {
    received: 0,
    filtered: 0,
    invocations: 0,
    retries: 0,
    failedInvokes: 0,
    succeededRecords: 0,
    sentToDestination: 0,
    droppedRecords: 0,
  };

  private constructor(options: EventSourceMappingOptions) {
    super();
    this.#options = options;
    this.#trigger = options.trigger;
    this.#filter = compileFilterCriteria(options.trigger.filterCriteria);
    this.#controls = retryControlsOf(options.trigger.retry, options.destination !== undefined);
    this.#backoff = options.retryBackoffMs ?? DEFAULT_BACKOFF_MS;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? (() => {});
    this.#envelopeInput = {
      source: KafkaEventSource.MSK,
      bootstrapServers: options.bootstrap,
      eventSourceArn: options.eventSourceArn ?? LOCAL_EVENT_SOURCE_ARN,
    };
    this.#envelope = encodeKafkaEvent({ ...this.#envelopeInput, records: [] });
    this.#limits = {
      batchSize: this.#trigger.batchSize,
      maxPayloadBytes: MAX_INVOKE_PAYLOAD_BYTES,
      windowMs: this.#trigger.batchingWindowMs,
      envelopeBytes: envelopeBytes(this.#envelope),
    };
    this.#pauseAbove = Math.max(this.#trigger.batchSize * 4, MIN_PAUSE_THRESHOLD);
    this.#logStream = logStreamName(this.#now());
    this.#consumer = new Consumer({
      clientId: `tandem-esm-${this.#trigger.name}`,
      groupId: consumerGroupOf(this.#trigger),
      bootstrapBrokers: options.bootstrap.split(','),
      autocommit: false,
      maxWaitTime: FETCH_WAIT_MS,
      // Short enough that a crashed mapping's member is evicted quickly on a developer machine.
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
  }

  /**
   * Validates the options, joins the consumer group, works out where each partition starts
   * and starts consuming. Throws MappingConfigError or FilterPatternError for a trigger Lambda
   * would refuse, MappingStartError when the broker cannot be used.
   */
  static async start(options: EventSourceMappingOptions): Promise<EventSourceMapping> {
    checkOptions(options);
    const mapping = new EventSourceMapping(options);
    try {
      await mapping.#begin();
    } catch (err) {
      await closeConsumer(mapping.#consumer).catch(() => {});
      throw new MappingStartError(
        `trigger "${options.trigger.name}" could not start on topic "${options.trigger.topic}"`,
        {
          cause: err,
        },
      );
    }
    return mapping;
  }

  /**
   * Holds back a partition: its records are still read (and count towards backpressure) but
   * not invoked until `release`, as when one partition's poller starts late or falls behind on
   * AWS, where each partition progresses on its own. Tests use it to force arrival orders.
   */
  hold(partition: number): void {
    const state = this.#states.find((s) => s.partition === partition);
    if (state === undefined) throw new RangeError(`${this.#trigger.topic} has no partition ${partition}`);
    state.held = true;
  }

  /** Lets a held partition's records be invoked again. */
  release(partition: number): void {
    const state = this.#states.find((s) => s.partition === partition);
    if (state === undefined) throw new RangeError(`${this.#trigger.topic} has no partition ${partition}`);
    state.held = false;
    this.#schedulePump();
  }

  /** Counters and per-partition positions. */
  stats(): EsmStats {
    const lag: Record<string, number> = {};
    const lastCommitted: Record<string, number | null> = {};
    for (const state of this.#states) {
      const end = Math.max(state.highWatermark, state.seenUntil);
      lag[state.key] = Math.max(0, end - (state.committed ?? state.start));
      lastCommitted[state.key] = state.committed;
    }
    const failedRecords = this.#counters.sentToDestination + this.#counters.droppedRecords;
    return { ...this.#counters, failedRecords, queued: this.#queued, inFlight: this.#inFlight, lag, lastCommitted };
  }

  /**
   * Stops waiting out the batching window: what is queued, and whatever arrives from now on, is
   * invoked at once. The local runtime calls it when it drains, so a stop does not wait a whole
   * window (60 s for the archive) for records the mapping already holds. Lambda has no such
   * call; it has no drain either.
   */
  closeBatchingWindow(): void {
    if (this.#limits.windowMs === 0) return;
    this.#limits = { ...this.#limits, windowMs: 0 };
    this.#schedulePump();
  }

  /**
   * Stops fetching, lets running invokes finish (each bounded by the function timeout),
   * commits what succeeded and leaves the consumer group. Records not finished stay
   * uncommitted and are delivered again by the next mapping. Safe to call twice.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  async #begin(): Promise<void> {
    const starts = await resolveStarts(this.#consumer, this.#trigger);
    if (starts.length === 0) throw new MappingStartError(`topic "${this.#trigger.topic}" has no partitions`);
    for (const start of starts) {
      const state: PartitionState = {
        partition: start.partition,
        key: partitionKey(this.#trigger.topic, start.partition),
        records: [],
        busy: false,
        held: this.#options.heldPartitions?.includes(start.partition) ?? false,
        job: undefined,
        seenUntil: start.offset,
        start: start.offset,
        committed: start.committed,
        abandonedAt: undefined,
        highWatermark: start.offset,
      };
      this.#states.push(state);
      this.#byKey.set(state.key, state);
    }
    this.#log('event source mapping started', {
      trigger: this.#trigger.name,
      group: consumerGroupOf(this.#trigger),
      starts: Object.fromEntries(starts.map((s) => [s.partition, s.offset])),
    });
    await this.#openStream();
    await this.#refreshLag();
    this.#lagTimer = setInterval(() => void this.#refreshLag(), LAG_REFRESH_MS);
    this.#lagTimer.unref();
  }

  async #openStream(): Promise<void> {
    this.#paused = false;
    const stream = await this.#consumer.consume({
      topics: [this.#trigger.topic],
      // Positions come from resolveStarts (and, on a reopen, from what was already read).
      mode: 'manual',
      offsets: this.#states.map((state) => ({
        topic: this.#trigger.topic,
        partition: state.partition,
        offset: BigInt(state.seenUntil),
      })),
      autocommit: false,
      maxWaitTime: FETCH_WAIT_MS,
    });
    if (this.#halt.signal.aborted) {
      await stream.close();
      return;
    }
    stream.on('data', (message) => this.#onRecord(message));
    stream.on('error', (err) => this.#onStreamError(err));
    this.#stream = stream;
  }

  #onStreamError(err: Error): void {
    this.#log('record stream failed; reopening', { trigger: this.#trigger.name, error: err.message });
    this.#stream = undefined;
    if (this.#halt.signal.aborted) return;
    this.#reopenTimer = setTimeout(() => {
      this.#openStream().catch((reopenError: Error) => this.#onStreamError(reopenError));
    }, REOPEN_DELAY_MS);
  }

  #onRecord(message: Message): void {
    if (this.#halt.signal.aborted) return;
    const state = this.#byKey.get(partitionKey(message.topic, message.partition));
    if (state === undefined) return;
    const record = filterableRecord(message);
    if (record.offset < state.seenUntil) return;
    state.seenUntil = record.offset + 1;
    this.#counters.received++;
    if (!this.#filter.matches(record)) {
      this.#counters.filtered++;
      this.#scheduleCommit();
      return;
    }
    let pending: PendingRecord;
    try {
      pending = pendingRecord(record, message, this.#envelopeInput, this.#now());
    } catch (err) {
      // No event can carry it (encodeKafkaEvent refuses it): skip it rather than block the partition.
      this.#counters.droppedRecords++;
      this.#log('discarding a record no event can carry', {
        trigger: this.#trigger.name,
        partition: state.key,
        offset: record.offset,
        error: err instanceof Error ? err.message : String(err),
      });
      this.#scheduleCommit();
      return;
    }
    state.records.push(pending);
    this.#queued++;
    if (!this.#paused && this.#queued > this.#pauseAbove && this.#stream) {
      this.#paused = true;
      this.#stream.pause();
    }
    this.#schedulePump();
  }

  /** Records of one fetch arrive in one tick; plan once after them. */
  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  /** Starts every batch that is due; arms the window timer for the next one. */
  #pump(): void {
    if (this.#halt.signal.aborted) return;
    clearTimeout(this.#windowTimer);
    this.#windowTimer = undefined;
    for (;;) {
      const plan = planBatch(this.#states, this.#limits, this.#now());
      if (plan.kind === 'idle') break;
      if (plan.kind === 'wait') {
        this.#windowTimer = setTimeout(() => this.#pump(), Math.max(0, plan.until - this.#now()));
        break;
      }
      if (plan.kind === 'oversized') {
        const record = this.#byKey.get(plan.key)!.records.shift()!;
        this.#queued--;
        this.#startJob({ ...this.#unitOf([record]), oversized: true });
        continue;
      }
      const records: PendingRecord[] = [];
      for (const take of plan.takes) records.push(...this.#byKey.get(take.key)!.records.splice(0, take.count));
      this.#queued -= records.length;
      this.#startJob(this.#unitOf(records));
    }
    if (this.#paused && this.#queued <= this.#pauseAbove / 2 && this.#stream) {
      this.#paused = false;
      this.#stream.resume();
    }
  }

  #unitOf(records: PendingRecord[]): Unit {
    return { records, retriesUsed: 0, delayMs: 0, oversized: false, lastRequestId: undefined, functionError: false };
  }

  #startJob(unit: Unit): void {
    const job: Job = { units: [unit], held: new Set() };
    for (const record of unit.records) {
      const state = this.#byKey.get(record.key)!;
      state.busy = true;
      state.job = job;
      job.held.add(state);
    }
    const running: Promise<void> = this.#runJob(job).finally(() => this.#jobs.delete(running));
    this.#jobs.add(running);
  }

  async #runJob(job: Job): Promise<void> {
    try {
      while (job.units.length > 0) {
        const unit = job.units[0]!;
        if (unit.delayMs > 0) {
          await sleep(unit.delayMs, undefined, { signal: this.#halt.signal }).catch(() => {});
          if (this.#halt.signal.aborted) break;
        }
        const next = unit.oversized ? await this.#giveUpOversized(unit) : await this.#attempt(unit);
        job.units.splice(0, 1, ...next);
        this.#release(job);
        this.#scheduleCommit();
        if (this.#halt.signal.aborted) break;
      }
    } catch (err) {
      if (!(err instanceof Halted)) {
        this.#log('event source mapping batch failed unexpectedly', {
          trigger: this.#trigger.name,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    } finally {
      // Units left by stop() (or by a bug) must never be committed past.
      for (const unit of job.units) {
        for (const record of unit.records) {
          const state = this.#byKey.get(record.key)!;
          if (state.abandonedAt === undefined || record.offset < state.abandonedAt) state.abandonedAt = record.offset;
        }
      }
      job.units = [];
      this.#release(job);
      this.#scheduleCommit();
      this.#pump();
    }
  }

  /** Frees the partitions none of the job's remaining units touch. */
  #release(job: Job): void {
    const still = new Set<string>();
    for (const unit of job.units) for (const record of unit.records) still.add(record.key);
    let freed = false;
    for (const state of job.held) {
      if (still.has(state.key)) continue;
      state.busy = false;
      state.job = undefined;
      job.held.delete(state);
      freed = true;
    }
    if (freed) this.#schedulePump();
  }

  /** Invokes the handler with the unit's records; returns the units to run next. */
  async #attempt(unit: Unit): Promise<Unit[]> {
    const event = eventOf(this.#envelope, unit.records);
    let attempt = 0;
    for (const record of unit.records) attempt = Math.max(attempt, ++record.invokes);
    const startedAt = this.#now();
    const context = lambdaContext({
      functionName: this.#options.functionName,
      memoryMb: this.#options.memoryMb,
      deadline: startedAt + this.#options.timeoutSeconds * 1000,
      now: this.#now,
      logStreamName: this.#logStream,
    });
    unit.lastRequestId = context.awsRequestId;
    this.#counters.invocations++;
    if (attempt > 1) this.#counters.retries++;
    this.#inFlight++;
    const outcome = await invokeWithTimeout(this.#options.handler, event, context, this.#options.timeoutSeconds);
    this.#inFlight--;

    let failed: PendingRecord[] = [];
    let kind: FailureKind = FailureKind.FUNCTION_ERROR;
    if (!outcome.ok) {
      failed = unit.records;
      this.#log('invoke failed', {
        trigger: this.#trigger.name,
        requestId: context.awsRequestId,
        error: outcome.error.message,
      });
    } else if (this.#trigger.reportBatchItemFailures) {
      const verdict = readBatchItemFailures(outcome.response, offsetsByPartition(unit.records));
      if (verdict.kind === 'invalid') {
        failed = unit.records;
        this.#log('invoke failed', {
          trigger: this.#trigger.name,
          requestId: context.awsRequestId,
          error: verdict.error.message,
        });
      } else if (verdict.kind === 'partial') {
        kind = FailureKind.PARTIAL;
        failed = unit.records.filter((record) => {
          const from = verdict.resumeFrom.get(record.key);
          return from !== undefined && record.offset >= from;
        });
      }
    }
    unit.functionError = kind === FailureKind.FUNCTION_ERROR;
    const failedSet = new Set(failed);
    const succeeded = failed.length === 0 ? unit.records : unit.records.filter((record) => !failedSet.has(record));
    if (failed.length > 0) this.#counters.failedInvokes++;
    this.#counters.succeededRecords += succeeded.length;
    this.emit('batch', {
      records: unit.records.length,
      partitions: Object.keys(event.records).length,
      durationMs: outcome.durationMs,
      ok: failed.length === 0,
      attempt,
    });
    if (succeeded.length > 0 && this.listenerCount('processed') > 0) {
      this.emit('processed', { count: succeeded.length, timestamps: succeeded.map((record) => record.timestamp) });
    }
    if (failed.length === 0) return [];

    const decision = decideRetry({ records: failed, retriesUsed: unit.retriesUsed, kind }, this.#controls, {
      now: this.#now(),
      backoffMs: this.#backoff,
    });
    await this.#giveUp(unit, FailureCondition.MAXIMUM_RECORD_AGE_EXCEEDED, decision.expired);
    await this.#giveUp(unit, FailureCondition.RETRY_ATTEMPTS_EXHAUSTED, decision.exhausted);
    if (decision.next.length > 0) {
      this.#log('retrying', {
        trigger: this.#trigger.name,
        records: decision.next.map((next) => next.records.length),
        retriesUsed: decision.next[0]!.retriesUsed,
      });
    }
    return decision.next.map((next) => ({
      ...next,
      oversized: false,
      lastRequestId: unit.lastRequestId,
      functionError: unit.functionError,
    }));
  }

  async #giveUpOversized(unit: Unit): Promise<Unit[]> {
    this.#log('record exceeds the invoke payload limit (payload too large)', {
      trigger: this.#trigger.name,
      partition: unit.records[0]!.key,
      offset: unit.records[0]!.offset,
    });
    await this.#giveUp(unit, FailureCondition.MAXIMUM_PAYLOAD_SIZE_EXCEEDED, unit.records);
    return [];
  }

  /** Hands records to the destination, one failure record per partition; without one, drops them. */
  async #giveUp(unit: Unit, condition: FailureCondition, records: readonly PendingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const byPartition = new Map<string, PendingRecord[]>();
    for (const record of records) {
      const list = byPartition.get(record.key);
      if (list) list.push(record);
      else byPartition.set(record.key, [record]);
    }
    for (const [key, group] of byPartition) {
      const destination = this.#options.destination;
      if (destination === undefined) {
        this.#counters.droppedRecords += group.length;
        this.#log('discarding records (no on-failure destination)', {
          trigger: this.#trigger.name,
          condition,
          partition: key,
          firstOffset: group[0]!.offset,
          lastOffset: group.at(-1)!.offset,
        });
        continue;
      }
      const failure = buildBatchFailure({
        condition,
        functionName: this.#options.functionName,
        event: eventOf(this.#envelope, group),
        requestId: unit.oversized ? undefined : unit.lastRequestId,
        approximateInvokeCount: Math.max(...group.map((record) => record.invokes)),
        functionError: unit.functionError,
        at: this.#now(),
        newRequestId: randomUUID,
      });
      await this.#deliver(destination, failure);
      this.#counters.sentToDestination += group.length;
    }
  }

  /** Retries the destination with backoff until it accepts the record or the mapping stops. */
  async #deliver(destination: (failure: BatchFailure) => Promise<void>, failure: BatchFailure): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await destination(failure);
        return;
      } catch (err) {
        this.#log('on-failure destination failed; retrying', {
          trigger: this.#trigger.name,
          error: err instanceof Error ? err.message : String(err),
        });
      }
      const wait = Math.min(this.#backoff.max, this.#backoff.initial * 2 ** Math.min(attempt, 30));
      await sleep(wait, undefined, { signal: this.#halt.signal }).catch(() => {});
      if (this.#halt.signal.aborted) throw new Halted();
    }
  }

  /** Next offset of a partition that may be committed: below the first unfinished record. */
  #committable(state: PartitionState): number {
    let floor = state.records[0]?.offset ?? state.seenUntil;
    if (state.job) {
      for (const unit of state.job.units) {
        const first = unit.records.find((record) => record.key === state.key);
        if (first) {
          floor = Math.min(floor, first.offset);
          break;
        }
      }
    }
    if (state.abandonedAt !== undefined) floor = Math.min(floor, state.abandonedAt);
    return floor;
  }

  #scheduleCommit(): void {
    if (this.#commitScheduled) return;
    this.#commitScheduled = true;
    setImmediate(() => {
      this.#commitScheduled = false;
      void this.#flushCommits();
    });
  }

  /** Commits every partition whose committable offset moved; commits run one at a time. */
  #flushCommits(): Promise<void> {
    this.#commits = this.#commits
      .then(() => this.#commitNow())
      .catch((err: Error) => this.#log('commit failed', { trigger: this.#trigger.name, error: err.message }));
    return this.#commits;
  }

  async #commitNow(): Promise<void> {
    if (this.#consumerClosed) return;
    const moves = this.#states
      .map((state) => ({ state, offset: this.#committable(state) }))
      .filter(({ state, offset }) => offset > (state.committed ?? state.start));
    if (moves.length === 0) return;
    await this.#consumer.commit({
      offsets: moves.map(({ state, offset }) => ({
        topic: this.#trigger.topic,
        partition: state.partition,
        offset: BigInt(offset),
        leaderEpoch: -1,
      })),
    });
    for (const { state, offset } of moves) state.committed = offset;
  }

  async #refreshLag(): Promise<void> {
    try {
      const ends = (await this.#consumer.listOffsets({ topics: [this.#trigger.topic] })).get(this.#trigger.topic) ?? [];
      for (const state of this.#states) {
        const end = ends[state.partition];
        if (end !== undefined) state.highWatermark = Number(end);
      }
    } catch {
      // Lag is informative; the next refresh tries again.
    }
  }

  async #shutdown(): Promise<void> {
    this.#halt.abort();
    clearTimeout(this.#windowTimer);
    clearInterval(this.#lagTimer);
    clearTimeout(this.#reopenTimer);
    const stream = this.#stream;
    this.#stream = undefined;
    if (stream) await stream.close().catch(() => {});
    while (this.#jobs.size > 0) await Promise.allSettled([...this.#jobs]);
    await this.#flushCommits();
    this.#consumerClosed = true;
    await closeConsumer(this.#consumer).catch((err: Error) =>
      this.#log('closing the consumer failed', { trigger: this.#trigger.name, error: err.message }),
    );
    this.#log('event source mapping stopped', { trigger: this.#trigger.name, ...this.#counters });
  }
}

/** Leaves the group without waiting for streams to drain (the typed overloads hide the promise of `close(true)`). */
function closeConsumer(consumer: Consumer): Promise<void> {
  return new Promise((resolve, reject) => consumer.close(true, (err) => (err ? reject(err) : resolve())));
}

function offsetsByPartition(records: readonly PendingRecord[]): Map<string, Set<number>> {
  const offsets = new Map<string, Set<number>>();
  for (const record of records) {
    const set = offsets.get(record.key);
    if (set) set.add(record.offset);
    else offsets.set(record.key, new Set([record.offset]));
  }
  return offsets;
}
