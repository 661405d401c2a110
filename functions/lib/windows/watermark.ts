/**
 * The watermark of a metric, from the progress of its source partitions (pure).
 *
 * Each source partition has delivered events up to some maximum event time. The watermark is
 * the minimum of those maxima over the partitions still active, minus the allowed lateness,
 * so a partition that runs ahead never makes another partition's on-time records late.
 * A partition that has delivered nothing for `idleTimeoutMs` (wall clock) stops holding the
 * watermark back, as Flink's idle sources do; when every partition is idle the watermark holds
 * at the minimum over all of them. The watermark never decreases.
 */

import type { PartitionProgress } from './schema.js';

export function watermarkOf(
  progress: readonly PartitionProgress[],
  options: { latenessMs: number; idleTimeoutMs: number; now: number; previous?: number | undefined },
): number | undefined {
  if (progress.length === 0) return options.previous;
  const active = progress.filter((p) => options.now - p.lastSeen < options.idleTimeoutMs);
  const holding = active.length > 0 ? active : progress;
  let min = Number.POSITIVE_INFINITY;
  for (const p of holding) if (p.maxEventTime < min) min = p.maxEventTime;
  const computed = min - options.latenessMs;
  return options.previous === undefined ? computed : Math.max(options.previous, computed);
}
