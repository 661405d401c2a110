/**
 * The watermark of a metric, from the progress of its source partitions (pure).
 *
 * Every partition of the source topic holds the watermark back, whether or not it has
 * delivered yet: a backlog's partitions are consumed side by side, each at its own pace (on
 * AWS each partition's poller starts and moves on its own), so a partition that has not
 * delivered may still hold the oldest events. The watermark is the minimum, over the partitions
 * that hold it, of the highest event time each has delivered, minus the allowed lateness; a
 * holding partition that has delivered no event time yet keeps the watermark where it is.
 *
 * A partition stops holding once it is idle: no delivery (successful or not) for
 * `idleTimeoutMs` of wall clock, counted from its last delivery, or from the metric's first
 * delivery if it never delivered — as Flink's idle sources do. A slow partition that keeps
 * delivering, even batches that fail and are retried, is never idle. When every partition is
 * idle the watermark holds at the minimum over those that delivered. It never decreases.
 */

import type { PartitionProgress } from './schema.js';

export interface WatermarkOptions {
  latenessMs: number;
  idleTimeoutMs: number;
  now: number;
  /** The watermark so far; undefined before the first. */
  previous?: number | undefined;
  /** Partitions of the source topic, 0..n-1 (0: only the partitions that delivered hold it). */
  partitions: number;
  /** When the metric first received a delivery (wall clock, epoch ms). */
  firstDeliveryAt: number;
}

export function watermarkOf(progress: readonly PartitionProgress[], options: WatermarkOptions): number | undefined {
  const byPartition = new Map(progress.map((p) => [p.partition, p]));
  let holding = 0;
  let min = Number.POSITIVE_INFINITY;
  let blocked = false;
  const count = Math.max(options.partitions, ...progress.map((p) => p.partition + 1));
  for (let partition = 0; partition < count; partition++) {
    const p = byPartition.get(partition);
    const since = p?.lastSeen ?? options.firstDeliveryAt;
    if (options.now - since >= options.idleTimeoutMs) continue;
    holding++;
    if (p?.maxEventTime === undefined) blocked = true;
    else if (p.maxEventTime < min) min = p.maxEventTime;
  }
  if (holding === 0) {
    for (const p of progress) if (p.maxEventTime !== undefined && p.maxEventTime < min) min = p.maxEventTime;
  }
  if (blocked || min === Number.POSITIVE_INFINITY) return options.previous;
  const computed = min - options.latenessMs;
  return options.previous === undefined ? computed : Math.max(options.previous, computed);
}
