/**
 * Which closed days a batch forecasts the next day of, from the daily PM10 metric's watermark
 * before and after it (pure). A day d (UTC, window [d, d+1)) is final once the watermark has
 * passed its end: d ≤ ⌊watermark / day⌋ − 1.
 *
 * - Every day that became final in this batch, at most MAX_CATCH_UP_DAYS back from the newest
 *   final day: a backfill (or a first start) closes many days at once.
 * - The newest RECHECK_DAYS final days again, whether or not they closed now: a batch that
 *   failed after the watermark moved and before its forecasts were written is retried with the
 *   watermark already moved, so "closed in this batch" alone would never forecast those days.
 *   Days with a stored forecast cost one read of the key, nothing more.
 */

export const DAY_MS = 86_400_000;

/** Closed days forecast at once when many close together (a backfill); older ones are left. */
export const MAX_CATCH_UP_DAYS = 14;

/** Newest closed days looked at by every batch. */
export const RECHECK_DAYS = 3;

/** Day numbers (days since 1970-01-01, UTC) to forecast the day after of, oldest first. */
export function daysToForecast(before: number | undefined, after: number | undefined): number[] {
  if (after === undefined) return [];
  const newestFinal = Math.floor(after / DAY_MS) - 1;
  // The first day that was not final under `before`.
  const firstClosedNow = before === undefined ? Number.NEGATIVE_INFINITY : Math.floor(before / DAY_MS);
  const from = Math.max(newestFinal - MAX_CATCH_UP_DAYS + 1, Math.min(firstClosedNow, newestFinal - RECHECK_DAYS + 1));
  const days: number[] = [];
  for (let d = from; d <= newestFinal; d++) days.push(d);
  return days;
}
