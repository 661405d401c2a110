import {
  type DailyReading,
  FEATURE_COUNT,
  ForecastFeed,
  type StationInfo,
} from '../../../functions/lib/air-forecast/index.js';

/** Forecast rows with their targets: row r forecasts `station[r]` on day[r] + 1. */
export interface Dataset {
  rows: number;
  /** rows × FEATURE_COUNT, row-major, NaN = missing. */
  x: Float32Array;
  /** PM10 of d+1, µg/m³. */
  y: Float64Array;
  /** Day number of d. */
  day: Int32Array;
  station: string[];
}

/**
 * Runs the readings through the same ForecastFeed the forecast command uses and keeps the
 * rows whose station reported d+1 (the target). Readings must be in date order.
 */
export function buildDataset(readings: readonly DailyReading[], stations: ReadonlyMap<string, StationInfo>): Dataset {
  const value = new Map<string, number>();
  for (const r of readings) value.set(`${r.station}|${r.day}`, r.pm10);
  const feed = new ForecastFeed(stations);
  const x: number[] = [];
  const y: number[] = [];
  const day: number[] = [];
  const station: string[] = [];
  const take = (rows: ReturnType<ForecastFeed['close']>) => {
    for (const row of rows) {
      const target = value.get(`${row.station}|${row.day + 1}`);
      if (target === undefined) continue;
      for (let f = 0; f < FEATURE_COUNT; f++) x.push(row.features[f] as number);
      y.push(target);
      day.push(row.day);
      station.push(row.station);
    }
  };
  for (const r of readings) take(feed.add(r));
  take(feed.close());
  return { rows: y.length, x: Float32Array.from(x), y: Float64Array.from(y), day: Int32Array.from(day), station };
}

/** The rows at `indices`, as a dataset of their own. */
export function subset(data: Dataset, indices: readonly number[]): Dataset {
  const x = new Float32Array(indices.length * FEATURE_COUNT);
  for (const [i, r] of indices.entries())
    x.set(data.x.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT), i * FEATURE_COUNT);
  return {
    rows: indices.length,
    x,
    y: Float64Array.from(indices, (r) => data.y[r] as number),
    day: Int32Array.from(indices, (r) => data.day[r] as number),
    station: indices.map((r) => data.station[r] as string),
  };
}
