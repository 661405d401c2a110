import { ReadingError } from './errors.js';
import {
  FEATURE_COUNT,
  NEIGHBOUR_RADIUS_KM,
  type StationInfo,
  type WeatherForecast,
  writeFeatures,
} from './features.js';

/** One station's daily mean PM10 for day `day`, with what came with it. */
export interface DailyReading {
  station: string;
  /** Day number of the reading (days since 1970-01-01, UTC). */
  day: number;
  /** Daily mean PM10, µg/m³. */
  pm10: number;
  /** Location given with the reading; overrides the station table. */
  lon?: number | undefined;
  lat?: number | undefined;
  /** Tomorrow's weather forecast for the station, when joined. */
  weather?: WeatherForecast | undefined;
}

/** The features of (station, day d), ready to forecast d+1, with the index of the reading they came from. */
export interface ForecastRow {
  station: string;
  /** Day number of d; the forecast is for d+1. */
  day: number;
  /** Position of the reading among everything added to the feed (0-based). */
  sequence: number;
  features: Float32Array;
}

const HISTORY_DAYS = 7;

/**
 * Turns daily readings, in date order, into forecast rows: the one place where history is
 * kept, used by training (over the archive) and by the forecast command (over stdin), so a
 * row is computed the same way in both.
 *
 * A day is closed when a reading of a later day arrives, or by `close()`: only then are its
 * rows written, because the network mean of day d is the mean over every station that
 * reported d, and the last of them may come after the first. Nothing dated after d is ever
 * seen by a row of d: the history holds d-6 … d only when the day closes.
 */
export class ForecastFeed {
  private readonly history = new Map<string, Map<number, number>>();
  private readonly networkMeans = new Map<number, number>();
  private openDay: number | undefined;
  private open: { reading: DailyReading; sequence: number }[] = [];
  private sequence = 0;

  /** @param stations metadata by station id (lon, lat, altitude, types), from the station table. */
  constructor(private readonly stations: ReadonlyMap<string, StationInfo> = new Map()) {}

  /**
   * Adds a reading; returns the rows of the day it closed (empty when it is of the open day).
   * Throws ReadingError (adding nothing) for a day before the open one, or a second reading
   * of a station on the open day.
   */
  add(reading: DailyReading): ForecastRow[] {
    if (!Number.isFinite(reading.pm10) || reading.pm10 < 0) {
      throw new ReadingError(`pm10 must be a number ≥ 0, got ${reading.pm10}`);
    }
    if (this.openDay !== undefined && reading.day < this.openDay) {
      throw new ReadingError('readings must come in date order: this one is dated before the day already open');
    }
    let closed: ForecastRow[] = [];
    if (this.openDay !== undefined && reading.day > this.openDay) closed = this.close();
    if (this.open.some((o) => o.reading.station === reading.station)) {
      throw new ReadingError(`a second reading of ${reading.station} for the same day`);
    }
    this.openDay = reading.day;
    this.open.push({ reading, sequence: this.sequence++ });
    return closed;
  }

  /** Closes the open day (if any) and returns its rows, in the order the readings came. */
  close(): ForecastRow[] {
    const day = this.openDay;
    if (day === undefined) return [];
    const readings = this.open;
    this.open = [];
    this.openDay = undefined;

    let sum = 0;
    for (const { reading } of readings) sum += reading.pm10;
    const networkMean = readings.length > 0 ? sum / readings.length : Number.NaN;
    this.networkMeans.set(day, networkMean);
    for (const d of this.networkMeans.keys()) if (d < day - 1) this.networkMeans.delete(d);
    const networkMeanBefore = this.networkMeans.get(day - 1) ?? Number.NaN;

    for (const { reading } of readings) {
      let days = this.history.get(reading.station);
      if (!days) this.history.set(reading.station, (days = new Map()));
      days.set(day, reading.pm10);
      for (const d of days.keys()) if (d <= day - HISTORY_DAYS) days.delete(d);
    }

    const located = readings.map(({ reading }) => {
      const known = this.stations.get(reading.station) ?? {};
      return { ...known, lon: reading.lon ?? known.lon, lat: reading.lat ?? known.lat } satisfies StationInfo;
    });
    const recent = new Float64Array(HISTORY_DAYS);
    return readings.map(({ reading, sequence }, i) => {
      const days = this.history.get(reading.station) as Map<number, number>;
      for (let k = 0; k < HISTORY_DAYS; k++) recent[k] = days.get(day - k) ?? Number.NaN;
      const station = located[i] as StationInfo;
      const neighbourMean = meanWithin(station, i, located, readings);
      const features = new Float32Array(FEATURE_COUNT);
      writeFeatures(
        { day, recent, networkMean, networkMeanBefore, neighbourMean, station, weather: reading.weather },
        features,
      );
      return { station: reading.station, day, sequence, features };
    });
  }
}

/** Great-circle distance, km (haversine, mean Earth radius). */
function distanceKm(a: StationInfo, b: StationInfo): number {
  const rad = Math.PI / 180;
  const dLat = ((b.lat as number) - (a.lat as number)) * rad;
  const dLon = ((b.lon as number) - (a.lon as number)) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos((a.lat as number) * rad) * Math.cos((b.lat as number) * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Mean PM10 of the other readings of the day within NEIGHBOUR_RADIUS_KM of station `self`. */
function meanWithin(
  station: StationInfo,
  self: number,
  located: readonly StationInfo[],
  readings: readonly { reading: DailyReading }[],
): number {
  if (station.lon === undefined || station.lat === undefined) return Number.NaN;
  let sum = 0;
  let n = 0;
  located.forEach((other, j) => {
    if (j === self || other.lon === undefined || other.lat === undefined) return;
    if (distanceKm(station, other) <= NEIGHBOUR_RADIUS_KM) {
      sum += (readings[j] as { reading: DailyReading }).reading.pm10;
      n++;
    }
  });
  return n === 0 ? Number.NaN : sum / n;
}
