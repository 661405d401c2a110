/**
 * The window engine: counts a batch's records per (metric, key, event-time window) in
 * DynamoDB, effectively once under at-least-once delivery. In two steps, so the caller can
 * dead-letter late records before any count lands:
 *
 * `plan(inputs)`  reads each metric's watermark (as the batches before this one left it) and
 *                 sorts the records: dated further ahead of their ingestion than the metric
 *                 allows → future (never counted, never moving the watermark); on time →
 *                 counted; behind the watermark → late, unless an
 *                 aggregate already holds the record (a replay of a batch that counted it before
 *                 the watermark moved on), in which case it is finished, never dead-lettered.
 *                 A record is returned as late (or future) only when no metric counts it; late
 *                 for some metrics only, it is counted where it is on time.
 * `apply(plan)`   collapses the counted records per (key, window), applies each delta with a
 *                 conditional update (aggregate-store.ts), then advances each metric's
 *                 per-partition progress and watermark and adds its late and future records
 *                 to the metric's counts (once per offset). Records of a failed delta are returned
 *                 as failed; their partitions' progress stops before the first of them.
 *
 * The watermark used for a batch is the one before it (as in Spark's micro-batches), so the
 * order of records inside one batch never makes one of them late.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { settleConcurrently } from '../concurrency/index.js';
import type { DecodedRecord } from '../kafka-event/index.js';
import { type AggregateStore, applyDelta } from './aggregate-store.js';
import { type Contribution, collapse, type WindowDelta } from './delta.js';
import { WindowContentionError } from './errors.js';
import type { WindowMetric } from './metric.js';
import { offsetAttribute, seriesOf } from './schema.js';
import { advanceState, type MetricState, type PartitionDelivery, readStates, type StateStore } from './state.js';
import { windowStartsOf } from './windows.js';

/** One record to count: its coordinates and the event the metrics read (parsed and enriched by the caller). */
export interface WindowInput {
  record: DecodedRecord;
  event: unknown;
}

export interface WindowCounterOptions {
  dynamo: DynamoDBDocumentClient;
  /** Physical name of the `windows` table. */
  windowsTable: string;
  /** Physical name of the `window-state` table. */
  stateTable: string;
  metrics: readonly WindowMetric[];
  /** Conditional updates in flight at once (default 16). */
  concurrency?: number;
  now?: () => number;
}

/** How a batch's records were sorted, before anything is written. */
export interface WindowPlan {
  inputs: readonly WindowInput[];
  states: Map<string, MetricState>;
  /** Records to count, per metric. */
  contributions: Contribution[];
  /** Records late for every metric that would count them: dead-letter them (reason `late`). */
  late: DecodedRecord[];
  /** Records dated too far ahead for every metric that would count them, and counted by none. */
  future: DecodedRecord[];
  /** Late (record, metric) pairs per metric, including records counted under another metric. */
  lateByMetric: Map<string, number>;
  /** Future (record, metric) pairs per metric. */
  futureByMetric: Map<string, number>;
  /** Per metric (by index), the inputs (by index) left out of its counts as late, and as future. */
  lateInputs: Set<number>[];
  futureInputs: Set<number>[];
  /** (record, metric) pairs not counted because the record lacks the key, a usable event time or (numeric metrics) its value. */
  unkeyed: number;
  /**
   * Each record's event time per metric (`eventTimes[metric index][input index]`), read once
   * here and used again by `apply` for the partitions' progress; undefined when missing,
   * unreadable or too far in the future (so it never moves a watermark).
   */
  eventTimes: (number | undefined)[][];
  /** GetItem-equivalent reads spent telling replays from late records. */
  reads: number;
}

/** What applying a plan did. */
export interface WindowCountResult {
  /** (record, metric) pairs newly added to some count. */
  added: number;
  /** Distinct (metric, key, window) aggregates the batch touched. */
  aggregates: number;
  /** UpdateItem requests on aggregates (conditional failures included). */
  writes: number;
  /** Reads on aggregates (resolving overlaps) and state. */
  reads: number;
  /** Records whose counts could not be written: report them for retry. */
  failed: { record: DecodedRecord; error: unknown }[];
  /** Each metric's watermark after the batch (epoch ms). */
  watermarks: Map<string, number | undefined>;
}

export interface WindowCounter {
  plan(inputs: readonly WindowInput[]): Promise<WindowPlan>;
  apply(plan: WindowPlan, options?: { signal?: AbortSignal }): Promise<WindowCountResult>;
}

export function windowCounter(options: WindowCounterOptions): WindowCounter {
  const now = options.now ?? Date.now;
  const aggregates: AggregateStore = { dynamo: options.dynamo, table: options.windowsTable };
  const stateStore: StateStore = { dynamo: options.dynamo, table: options.stateTable };
  const metrics = options.metrics;

  return {
    async plan(inputs) {
      const states = await readStates(
        stateStore,
        metrics.map((m) => m.name),
      );
      const watermark = new Map(
        metrics.map((m) => {
          const s = states.get(m.name);
          return [m.name, s?.watermark] as const;
        }),
      );
      const contributions: Contribution[] = [];
      const candidates: (Contribution & { input: number; m: number })[] = [];
      const countedIn = new Uint8Array(inputs.length);
      const lateIn = new Uint8Array(inputs.length);
      const futureIn = new Uint8Array(inputs.length);
      let unkeyed = 0;
      const at = now();
      // Ingestion time: the record's Kafka timestamp, never later than now (a producer's clock
      // may be ahead too). It makes the verdict the same when a batch is replayed later.
      const ingestedAt = inputs.map(({ record }) =>
        record.timestamp >= 0 && record.timestamp < at ? record.timestamp : at,
      );
      const futureInputs = metrics.map(() => new Set<number>());
      const lateInputs = metrics.map(() => new Set<number>());
      // Per metric and input: the event time, or undefined when missing, unreadable or too far
      // ahead of ingestion (then `tooFarAhead` says so), so it never moves a watermark.
      const tooFarAhead = metrics.map(() => new Uint8Array(inputs.length));
      const eventTimes = metrics.map((metric, m) =>
        inputs.map(({ event }, i) => {
          const t = metric.eventTime(event);
          if (t === undefined || t <= (ingestedAt[i] as number) + metric.maxFutureMs) return t;
          (tooFarAhead[m] as Uint8Array)[i] = 1;
          return undefined;
        }),
      );
      inputs.forEach(({ record, event }, i) => {
        metrics.forEach((metric, m) => {
          if (!metric.admits(event)) return;
          const key = metric.key(event);
          if (key !== undefined && tooFarAhead[m]?.[i]) {
            futureIn[i] = 1;
            futureInputs[m]?.add(i);
            return;
          }
          const eventTime = eventTimes[m]?.[i];
          const value = metric.value?.(event);
          if (key === undefined || eventTime === undefined || (metric.value !== undefined && value === undefined)) {
            unkeyed++;
            return;
          }
          const c = { metric, key, eventTime, partition: record.partition, offset: record.offset, value };
          const w = watermark.get(metric.name);
          if (w !== undefined && eventTime < w) candidates.push({ ...c, input: i, m });
          else {
            contributions.push(c);
            countedIn[i] = 1;
          }
        });
      });

      // Behind the watermark: late, unless some aggregate of the record already counted it.
      const { counted, reads } = await alreadyCounted(aggregates, candidates);
      const finished = new Set<number>();
      candidates.forEach((c, j) => {
        if (counted[j]) finished.add(c.input);
      });
      for (const c of candidates) {
        if (finished.has(c.input)) {
          // A replay: re-apply every window of the record; the guards skip what was counted.
          contributions.push(c);
          countedIn[c.input] = 1;
        } else {
          lateIn[c.input] = 1;
          lateInputs[c.m]?.add(c.input);
        }
      }
      const late = inputs.filter((_, i) => lateIn[i] && !countedIn[i]).map((input) => input.record);
      const future = inputs.filter((_, i) => futureIn[i] && !lateIn[i] && !countedIn[i]).map((input) => input.record);
      return {
        inputs,
        states,
        contributions,
        late,
        future,
        lateByMetric: new Map(metrics.map((metric, m) => [metric.name, lateInputs[m]?.size ?? 0])),
        futureByMetric: new Map(metrics.map((metric, m) => [metric.name, futureInputs[m]?.size ?? 0])),
        lateInputs,
        futureInputs,
        unkeyed,
        eventTimes,
        reads,
      };
    },

    async apply(plan, applyOptions = {}) {
      const at = now();
      const deltas = collapse(plan.contributions);
      const outcomes = await settleConcurrently(deltas, options.concurrency ?? 16, (delta) =>
        applyDelta(aggregates, delta, { now: at, ...(applyOptions.signal ? { signal: applyOptions.signal } : {}) }),
      );
      let added = 0;
      let writes = 0;
      let reads = plan.reads;
      const failedDeltas: { delta: WindowDelta; error: unknown }[] = [];
      outcomes.forEach((outcome, i) => {
        if (outcome.status === 'fulfilled') {
          added += outcome.value.added;
          writes += outcome.value.writes;
          reads += outcome.value.reads;
        } else failedDeltas.push({ delta: deltas[i] as WindowDelta, error: outcome.reason });
      });

      // Every partition resumes from the first record of a failed delta; nothing at or after it
      // counts as delivered, so the watermark does not move past records that will come again.
      const resumeAt = new Map<number, { offset: number; error: unknown }>();
      for (const { delta, error } of failedDeltas) {
        for (const [partition, offsets] of delta.offsets) {
          const first = offsets[0] as number;
          const current = resumeAt.get(partition);
          if (current === undefined || first < current.offset) resumeAt.set(partition, { offset: first, error });
        }
      }
      const failed: WindowCountResult['failed'] = [];
      for (const input of plan.inputs) {
        const resume = resumeAt.get(input.record.partition);
        if (resume !== undefined && input.record.offset >= resume.offset)
          failed.push({ record: input.record, error: resume.error });
      }

      const watermarks = new Map<string, number | undefined>();
      for (const [m, metric] of metrics.entries()) {
        const delivered = new Map<number, PartitionDelivery & { late: number[]; future: number[] }>();
        for (const [i, { record }] of plan.inputs.entries()) {
          let d = delivered.get(record.partition);
          if (d === undefined) {
            d = { late: [], future: [] };
            delivered.set(record.partition, d);
          }
          // At or after a failed record nothing is settled: it all comes again.
          const resume = resumeAt.get(record.partition);
          if (resume !== undefined && record.offset >= resume.offset) continue;
          if (d.judgedThrough === undefined || record.offset > d.judgedThrough) d.judgedThrough = record.offset;
          if (plan.lateInputs[m]?.has(i)) d.late.push(record.offset);
          if (plan.futureInputs[m]?.has(i)) d.future.push(record.offset);
          const t = plan.eventTimes[m]?.[i];
          if (t !== undefined && (d.maxEventTime === undefined || t > d.maxEventTime)) d.maxEventTime = t;
        }
        if (delivered.size === 0) {
          watermarks.set(metric.name, plan.states.get(metric.name)?.watermark);
          continue;
        }
        const read = plan.states.get(metric.name);
        const state = await advanceState(stateStore, metric, delivered, { now: at, ...(read ? { read } : {}) });
        watermarks.set(metric.name, state.watermark);
      }
      return { added, aggregates: deltas.length, writes, reads, failed, watermarks };
    },
  };
}

/** For each candidate: whether an aggregate of one of its windows has counted its offset already. */
async function alreadyCounted(
  store: AggregateStore,
  candidates: readonly Contribution[],
): Promise<{ counted: boolean[]; reads: number }> {
  if (candidates.length === 0) return { counted: [], reads: 0 };
  const wanted = new Map<string, { series: string; start: number }>();
  for (const c of candidates) {
    for (const start of windowStartsOf(c.eventTime, c.metric.shape)) {
      const series = seriesOf(c.metric.name, c.key);
      wanted.set(`${series}\u0000${start}`, { series, start });
    }
  }
  const items = new Map<string, Record<string, unknown>>();
  const keys = [...wanted.values()];
  let reads = 0;
  for (let i = 0; i < keys.length; i += 100) {
    let batch: Record<string, unknown>[] = keys.slice(i, i + 100);
    for (let attempt = 0; batch.length > 0; attempt++) {
      if (attempt >= 10) throw new WindowContentionError('aggregate reads left unprocessed after 10 tries');
      if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      reads++;
      const out = await store.dynamo.send(
        new BatchGetCommand({ RequestItems: { [store.table]: { Keys: batch, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[store.table] ?? []) items.set(`${item.series}\u0000${item.start}`, item);
      batch = (out.UnprocessedKeys?.[store.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
  }
  const counted = candidates.map((c) =>
    windowStartsOf(c.eventTime, c.metric.shape).some((start) => {
      const stored = items.get(`${seriesOf(c.metric.name, c.key)}\u0000${start}`)?.[offsetAttribute(c.partition)];
      return typeof stored === 'number' && stored >= c.offset;
    }),
  );
  return { counted, reads };
}
