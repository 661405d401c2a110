/**
 * Which of a sensor's recent hours the detector judged, kept in its state item so that a
 * re-sent or replayed hour can be told apart from one it never judged (an hour delivered
 * after a later one in a backfill): the first is forwarded as `clean` (or with its stored
 * flags), the second as `unchecked`. A bit set per hour, newest (the last applied hour) in the
 * lowest bit, as hex: JUDGED_MEMORY_HOURS bits are 180 characters per sensor. An hour further
 * back is forwarded as `unchecked` unless a flag is stored for it (flags are looked up
 * whatever its age): not knowing is said as such.
 */

/**
 * Hours remembered behind the last applied one: 30 days. The topic keeps a week of records by
 * ingestion time, but a backfill writes older hours into it (the demo's 14 days), and a replay
 * of it must still find them judged.
 */
export const JUDGED_MEMORY_HOURS = 720;

const HOUR_MS = 3_600_000;
const MASK = (1n << BigInt(JUDGED_MEMORY_HOURS)) - 1n;

/** The bits after `hour` is applied, the last applied hour having been `lastHour` with `judged`. */
export function judgeHour(judged: string | undefined, lastHour: string | null, hour: string): string {
  if (lastHour === null) return '1';
  const gap = BigInt(Math.round((Date.parse(hour) - Date.parse(lastHour)) / HOUR_MS));
  return (((bitsOf(judged, lastHour) << gap) | 1n) & MASK).toString(16);
}

/** Whether `hour` was judged, given the last applied hour and its bits (absent: only the last hour is known). */
export function wasJudged(judged: string | undefined, lastHour: string | null, hour: string): boolean {
  if (lastHour === null || hour > lastHour) return false;
  const back = Math.round((Date.parse(lastHour) - Date.parse(hour)) / HOUR_MS);
  if (back >= JUDGED_MEMORY_HOURS) return false;
  return ((bitsOf(judged, lastHour) >> BigInt(back)) & 1n) === 1n;
}

// A state written before these bits existed knows its last hour was judged, and nothing older.
function bitsOf(judged: string | undefined, lastHour: string | null): bigint {
  if (judged === undefined || judged === '') return lastHour === null ? 0n : 1n;
  return BigInt(`0x${judged}`);
}
