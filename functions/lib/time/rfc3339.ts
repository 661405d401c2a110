/**
 * RFC 3339 date-times (the ISO 8601 profile JSON and HTTP APIs use), with a time zone: the one
 * reader of every timestamp tandem takes in (feedback `ts`, wiki `meta.dt`, metric event times,
 * query API bounds). A time without a zone would be read in the server's zone, so it is refused;
 * so is a date that does not exist (Date.parse rolls 2025-02-30 over to March 2).
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** Epoch ms of `text`, or undefined when it is not an RFC 3339 date-time with a zone naming a real instant. */
export function parseRfc3339(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second = '0', offsetHours = '0', offsetMinutes = '0'] = m;
  const mo = Number(month);
  const d = Number(day);
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
