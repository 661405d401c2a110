/**
 * Per-trigger bookkeeping of the local run: every record a trigger had to
 * consume (produced during the run plus the backlog it started with) must end
 * up processed, dead-lettered or filtered. Pure, so tests can check the rule.
 */
export interface TriggerCounts {
  /** Records produced to the topic during this run (acknowledged by the broker). */
  produced: number;
  /** Records already waiting for the trigger's consumer group when the run began. */
  backlog: number;
  /** Records whose invoke succeeded, minus those the handler dead-lettered. */
  processed: number;
  /** Records the handler dead-lettered plus records sent to the on-failure destination. */
  deadLettered: number;
  /** Records skipped by the trigger's FilterCriteria. */
  filtered: number;
  /** Records dropped after retries with no destination configured (must stay 0). */
  lost: number;
}

export function reconciles(c: TriggerCounts): boolean {
  return c.produced + c.backlog === c.processed + c.deadLettered + c.filtered + c.lost && c.lost === 0;
}

/** Nearest-rank percentile of a sample (0 when empty). */
export function percentile(sample: number[], p: number): number {
  if (sample.length === 0) return 0;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
