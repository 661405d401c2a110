/**
 * Instants as the API speaks them: RFC 3339 date-times (the ISO 8601 profile HTTP APIs use)
 * with a time zone on the way in, `Date.prototype.toISOString()` (UTC, milliseconds) on the
 * way out. A time without a zone would be read in the server's zone, so it is refused.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** Epoch ms of an RFC 3339 date-time with a time zone, or undefined when `text` is not one (or names no real day). */
export function parseInstant(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second = '0', offsetHours = '0', offsetMinutes = '0'] = m;
  const mo = Number(month);
  const d = Number(day);
  // Date.parse rolls 2025-02-30 over to March 2 instead of refusing it.
  const daysInMonth = new Date(Date.UTC(Number(year), mo, 0)).getUTCDate();
  const inRange =
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    d <= daysInMonth &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(offsetHours) <= 23 &&
    Number(offsetMinutes) <= 59;
  if (!inRange) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The response form of an instant. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
