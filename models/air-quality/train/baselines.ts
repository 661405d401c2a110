import { calendarOf, FEATURE_INDEX } from '../../../functions/lib/air-forecast/index.js';
import type { Dataset } from './dataset.js';

/** Persistence: tomorrow's daily mean is today's. */
export function persistence(data: Dataset, features: number): Float64Array {
  return Float64Array.from({ length: data.rows }, (_, r) => data.x[r * features + FEATURE_INDEX.pm10_d0] as number);
}

/**
 * Climatology: the mean PM10 of the station in the target's calendar month over the training
 * rows' targets; a station the training years never saw in that month gets the month's mean
 * over all stations.
 */
export function climatology(train: Dataset): (data: Dataset) => Float64Array {
  const byStation = new Map<string, { sum: number; n: number }>();
  const byMonth = new Map<number, { sum: number; n: number }>();
  const add = (map: Map<string | number, { sum: number; n: number }>, key: string | number, y: number) => {
    const s = map.get(key) ?? { sum: 0, n: 0 };
    s.sum += y;
    s.n++;
    map.set(key, s);
  };
  for (let r = 0; r < train.rows; r++) {
    const month = calendarOf((train.day[r] as number) + 1).month;
    add(
      byStation as Map<string | number, { sum: number; n: number }>,
      `${train.station[r]}|${month}`,
      train.y[r] as number,
    );
    add(byMonth as Map<string | number, { sum: number; n: number }>, month, train.y[r] as number);
  }
  return (data) =>
    Float64Array.from({ length: data.rows }, (_, r) => {
      const month = calendarOf((data.day[r] as number) + 1).month;
      const s = byStation.get(`${data.station[r]}|${month}`) ?? (byMonth.get(month) as { sum: number; n: number });
      return s.sum / s.n;
    });
}
