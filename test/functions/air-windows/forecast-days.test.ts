import { describe, expect, it } from 'vitest';
import { DAY_MS, daysToForecast, MAX_CATCH_UP_DAYS } from '../../../functions/air-windows/forecast-days.js';

const HOUR_MS = 3_600_000;
const D = 20_000; // a day number

describe('daysToForecast', () => {
  it('forecasts nothing before the first watermark', () => {
    // Act
    const days = daysToForecast(undefined, undefined);

    // Assess
    expect(days).toEqual([]);
  });

  it('takes a day once the watermark has passed its end, not before', () => {
    // Prepare: day D's window is [D, D+1); the watermark at its end closes it.
    const justBefore = (D + 1) * DAY_MS - 1;
    const atEnd = (D + 1) * DAY_MS;

    // Act
    const before = daysToForecast(D * DAY_MS, justBefore);
    const closing = daysToForecast(justBefore, atEnd);

    // Assess: the newest closed day is re-checked each batch, so D−1 and D−2 come along.
    expect(before).toEqual([D - 3, D - 2, D - 1]);
    expect(closing).toEqual([D - 2, D - 1, D]);
  });

  it('takes every day a backfill closes at once, up to the newest 14, while the live day stays open', () => {
    // Prepare: a 14-day backfill up to 15:00 today (day D) on every partition: the watermark is
    // that hour less the 4-hour allowed lateness.
    const watermark = D * DAY_MS + 15 * HOUR_MS - 4 * HOUR_MS;

    // Act
    const days = daysToForecast(undefined, watermark);

    // Assess: yesterday is the newest closed day; today is not.
    expect(days.at(-1)).toBe(D - 1);
    expect(days).toHaveLength(MAX_CATCH_UP_DAYS);
    expect(days[0]).toBe(D - MAX_CATCH_UP_DAYS);
  });
});
