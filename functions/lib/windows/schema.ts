/**
 * How window state is stored in DynamoDB. The single place that knows attribute names, so the
 * engine (writes) and the query API (reads) cannot drift apart.
 *
 * `windows` table, one item per (metric, key, window):
 *
 *   series     S  partition key: "<metric>|<key>"        (metric names never contain "|")
 *   start      N  sort key: window start, epoch ms (inclusive)
 *   end        N  window end, epoch ms (exclusive)
 *   window     S  "<metric>|<start>": partition key of the `by-window` GSI
 *   count      N  records counted: sort key of the `by-window` GSI (top N = query, newest first)
 *   metric     S
 *   key        S
 *   sum        N  numeric metrics (`value` declared): the sum of the values counted, under the same guard
 *   min, max   N  numeric metrics: the extremes of the values counted (idempotent, so unguarded)
 *   o<p>       N  per source partition p: the highest offset already counted (the effectively-once guard)
 *   updatedAt  N  epoch ms of the last update
 *   expiresAt  N  epoch seconds: DynamoDB TTL (the metric's retention after the window end or
 *                 after the last write, whichever is later: a backfill of old events stays)
 *
 * `window-state` table, one item per metric:
 *
 *   metric     S  partition key
 *   m<p>       N  per source partition p: the highest event time it has delivered (epoch ms)
 *   s<p>       N  per source partition p: when it last delivered records (epoch ms, wall clock)
 *   j<p>       N  per source partition p: the highest offset whose verdict (counted, late,
 *                 future) is accounted below, so a replay adds nothing to those counts twice
 *   firstDeliveryAt N  when the metric first received records (epoch ms, wall clock): partitions
 *                 that never delivered hold the watermark until this is the idle timeout ago
 *   lateRecords    N  records left out of the counts because their window was final
 *   futureRecords  N  records left out because their event time was too far ahead of ingestion
 *   watermark  N  epoch ms; never decreases. Windows with end <= watermark are final.
 *   version    N  optimistic-concurrency counter
 *   updatedAt  N  epoch ms
 */

export const WINDOW_INDEX = 'by-window';

/** Separator of the composite parts of `series`, `window` and multi-field keys. */
export const KEY_SEPARATOR = '|';

export const seriesOf = (metric: string, key: string): string => `${metric}${KEY_SEPARATOR}${key}`;
export const windowOf = (metric: string, start: number): string => `${metric}${KEY_SEPARATOR}${start}`;

/** Attribute holding the highest offset of source partition `partition` counted in an aggregate. */
export const offsetAttribute = (partition: number): string => `o${partition}`;
/** Attribute holding source partition `partition`'s highest event time, in the state item. */
export const maxEventTimeAttribute = (partition: number): string => `m${partition}`;
/** Attribute holding when source partition `partition` last delivered, in the state item. */
export const lastSeenAttribute = (partition: number): string => `s${partition}`;
/** Attribute holding the highest offset of `partition` whose verdict is accounted, in the state item. */
export const judgedAttribute = (partition: number): string => `j${partition}`;

/** One window aggregate as stored. */
export interface WindowItem {
  series: string;
  start: number;
  end: number;
  window: string;
  count: number;
  metric: string;
  key: string;
  updatedAt: number;
  expiresAt: number;
  /** Numeric metrics only: sum, minimum and maximum of the values counted. */
  sum?: number;
  min?: number;
  max?: number;
  /** `o<partition>` attributes. */
  [offset: `o${number}`]: number;
}

/** A metric's watermark state as stored. */
export interface WindowStateItem {
  metric: string;
  watermark?: number;
  version: number;
  updatedAt: number;
  firstDeliveryAt?: number;
  lateRecords?: number;
  futureRecords?: number;
  [progress: `m${number}` | `s${number}` | `j${number}`]: number;
}

/** Per-partition progress read back from a state item. */
export interface PartitionProgress {
  partition: number;
  /** Highest event time delivered; undefined while the partition delivered records but none counted yet. */
  maxEventTime?: number | undefined;
  /** When it last delivered (epoch ms, wall clock). */
  lastSeen: number;
  /** Highest offset whose verdict is accounted; -1 (or absent) before any. */
  judged?: number;
}

export function partitionProgress(item: Record<string, unknown> | undefined): PartitionProgress[] {
  if (!item) return [];
  const out: PartitionProgress[] = [];
  for (const [name, value] of Object.entries(item)) {
    const m = /^[ms](\d+)$/.exec(name);
    if (!m || typeof value !== 'number') continue;
    const partition = Number(m[1]);
    if (name.startsWith('s') && typeof item[maxEventTimeAttribute(partition)] === 'number') continue;
    const max = item[maxEventTimeAttribute(partition)];
    const lastSeen = item[lastSeenAttribute(partition)];
    const judged = item[judgedAttribute(partition)];
    out.push({
      partition,
      maxEventTime: typeof max === 'number' ? max : undefined,
      lastSeen: typeof lastSeen === 'number' ? lastSeen : 0,
      judged: typeof judged === 'number' ? judged : -1,
    });
  }
  return out.sort((a, b) => a.partition - b.partition);
}
