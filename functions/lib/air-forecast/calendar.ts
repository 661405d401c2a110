/** Calendar arithmetic on UTC day numbers (days since 1970-01-01), the unit of the daily means. */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of an ISO date `YYYY-MM-DD`, or undefined when it is not a real calendar date. */
export function dayNumber(isoDate: string): number | undefined {
  const m = ISO_DATE.exec(isoDate);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2021-02-30 over to March; a real date round-trips.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / MS_PER_DAY;
}

/** `YYYY-MM-DD` of a day number. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Year, month (1–12), day of month, ISO weekday (0 = Monday … 6 = Sunday) and day of year (1–366). */
export function calendarOf(day: number): {
  year: number;
  month: number;
  date: number;
  weekday: number;
  dayOfYear: number;
} {
  const d = new Date(day * MS_PER_DAY);
  const year = d.getUTCFullYear();
  return {
    year,
    month: d.getUTCMonth() + 1,
    date: d.getUTCDate(),
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    weekday: (((day + 3) % 7) + 7) % 7,
    dayOfYear: day - Date.UTC(year, 0, 1) / MS_PER_DAY + 1,
  };
}

/** Day number of Easter Sunday (Gregorian; the anonymous "Meeus/Jones/Butcher" computus). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const date = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, date) / MS_PER_DAY;
}
