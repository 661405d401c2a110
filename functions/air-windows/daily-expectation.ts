/**
 * What each declared location's mean of a closed day should have been (pure):
 *
 * - the median of the other declared locations' means of the day, when at least MIN_OTHERS
 *   have one: what the detector was measured with (the neighbours' median), and a drifting
 *   sensor does not move it;
 * - else the PM10 forecast made for the day (`air-forecasts`, made when the day before
 *   closed), when there is one: it comes from the location's own last days, so it follows a
 *   drift a day behind and is only the fallback;
 * - else none, and only the stuck test runs.
 */

import type { ClosedDay } from './daily-check-step.js';

/** Fewest other locations with a mean of the day for their median to be the expectation (as hourly: sensor-hours.ts). */
export const MIN_OTHERS = 2;

export function closedDays(
  day: string,
  means: ReadonlyMap<string, number>,
  forecasts: ReadonlyMap<string, number>,
): ClosedDay[] {
  return [...means].map(([location, value]) => {
    const others = [...means].filter(([l]) => l !== location).map(([, v]) => v);
    if (others.length >= MIN_OTHERS) return { location, day, value, expected: median(others), basis: 'others' };
    const forecast = forecasts.get(location);
    if (forecast !== undefined) return { location, day, value, expected: forecast, basis: 'forecast' };
    return { location, day, value, expected: undefined, basis: null };
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const m = sorted.length;
  return m % 2 === 1
    ? (sorted[(m - 1) / 2] as number)
    : ((sorted[m / 2 - 1] as number) + (sorted[m / 2] as number)) / 2;
}
