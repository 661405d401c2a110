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
 *   o<p>       N  per source partition p: the highest offset already counted (the effectively-once guard)
 *   updatedAt  N  epoch ms of the last update
 *   expiresAt  N  epoch seconds: DynamoDB TTL (window end + the metric's retention)
 *
 * `window-state` table, one item per metric:
 *
 *   metric     S  partition key
 *   m<p>       N  per source partition p: the highest event time it has delivered (epoch ms)
 *   s<p>       N  per source partition p: when it last delivered records (epoch ms, wall clock)
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
  /** `o<partition>` attributes. */
  [offset: `o${number}`]: number;
}

/** A metric's watermark state as stored. */
export interface WindowStateItem {
  metric: string;
  watermark?: number;
  version: number;
  updatedAt: number;
  [progress: `m${number}` | `s${number}`]: number;
}

/** Per-partition progress read back from a state item. */
export interface PartitionProgress {
  partition: number;
  maxEventTime: number;
  lastSeen: number;
}

export function partitionProgress(item: Record<string, unknown> | undefined): PartitionProgress[] {
  if (!item) return [];
  const out: PartitionProgress[] = [];
  for (const [name, value] of Object.entries(item)) {
    const m = /^m(\d+)$/.exec(name);
    if (!m || typeof value !== 'number') continue;
    const partition = Number(m[1]);
    const lastSeen = item[lastSeenAttribute(partition)];
    out.push({ partition, maxEventTime: value, lastSeen: typeof lastSeen === 'number' ? lastSeen : 0 });
  }
  return out.sort((a, b) => a.partition - b.partition);
}
