/**
 * The `air-quality` and `weather` demo streams: records valid under functions/lib/air-records,
 * keyed `<location>|<hour>` as the poller's (source `open-meteo`, so a consumer treats them as
 * it treats the poller's), replaying real daily PM10 (air-replay.ts: which hour, which day;
 * air-day.ts and weather-day.ts: the values).
 */

import {
  AIR_RECORD_SCHEMA_VERSION,
  type AirQualityRecord,
  airRecordKey,
  nextDay,
  type WeatherRecord,
} from '../../../functions/lib/air-records/index.js';
import { pipeline } from '../../pipeline.js';
import { airDay } from './air-day.js';
import { type AirFault, faultyPm10, PACE_MS, PACED_HOURS } from './air-faults.js';
import { DAY_MS, dailyPm10, HOUR_MS, type ReplayLocation, type ReplaySlot, replayClock } from './air-replay.js';
import { DEMO_AIR_STATIONS, FALLBACK_AIR_STATION } from './air-stations.js';
import type { DemoRecord } from './generators.js';
import { INVALID_UTF8, truncatedJson } from './malformed.js';
import { type Pm10History, pm10History } from './pm10-history.js';
import { dayForecast, weatherDay } from './weather-day.js';

/** Seed of the demo's noise: a run at the same time makes the same records. */
export const AIR_DEMO_SEED = 2008;

export interface ReplayStart {
  /** The run's start, ms since the epoch: the backfill ends at its hour. */
  now: number;
  seed?: number;
  /** Defaults to the `locations` of infra/pipeline.ts, with their stations from air-stations.ts. */
  locations?: readonly ReplayLocation[];
  history?: Pm10History;
  /** Sensor faults to inject (air-faults.ts; the demo producers pass DEMO_AIR_FAULTS); default none. */
  faults?: readonly AirFault[];
}

/**
 * A topic's demo stream: records 0 .. backfill − 1 are sent at once on start, the rest at the
 * topic's rate as their hour begins on the wall clock (`hourOf`): a demo hour is never in the
 * future, so the window engine's future-time bound and AQI-now see what a live poller sends.
 */
export interface ReplayStream {
  backfill: number;
  /**
   * Records pacedFrom .. backfill − 1 (the newest PACED_HOURS hours of the backfill) are sent
   * after the rest, one hour at a time: record k at `pacedAt(k)` ms after the start.
   */
  pacedFrom: number;
  pacedAt(k: number): number;
  record(k: number): DemoRecord;
  /** The start of record k's hour, epoch ms. */
  hourOf(k: number): number;
}

export type Replay = (start: ReplayStart) => ReplayStream;

/** The declared locations with the station each replays. */
export function declaredReplayLocations(): ReplayLocation[] {
  return Object.entries(pipeline.locations ?? {}).map(([name, { lat, lon }]) => ({
    name,
    lat,
    lon,
    ...(DEMO_AIR_STATIONS[name] ?? FALLBACK_AIR_STATION),
  }));
}

function stream(
  start: ReplayStart,
  build: (
    slot: ReplaySlot,
    dayAt: (dayMs: number) => DayContext,
    currentHour: number,
  ) => { key: string; value: unknown },
  malformed: (text: string) => Buffer,
): ReplayStream {
  const locations = start.locations ?? declaredReplayLocations();
  const history = start.history ?? pm10History();
  const clock = replayClock(start.now, locations);
  const seed = start.seed ?? AIR_DEMO_SEED;
  const day = (location: ReplayLocation, dayMs: number): DayContext => {
    const date = clock.realDate(dayMs);
    return {
      date,
      pm10: dailyPm10(history, location.station, date),
      dayOfYear: dayOfYear(date),
      salt: saltOf(location.name),
      seed,
    };
  };
  const currentHour = Math.floor(start.now / HOUR_MS) * HOUR_MS;
  const firstPaced = currentHour - (PACED_HOURS - 1) * HOUR_MS;
  let pacedFrom = clock.backfill;
  while (pacedFrom > 0 && clock.slot(pacedFrom - 1).hourMs >= firstPaced) pacedFrom--;
  return {
    backfill: clock.backfill,
    pacedFrom,
    pacedAt: (k) => ((clock.slot(k).hourMs - firstPaced) / HOUR_MS + 1) * PACE_MS,
    hourOf: (k) => clock.slot(k).hourMs,
    record(k) {
      const slot = clock.slot(k);
      const { key, value } = build(slot, (dayMs) => day(slot.location, dayMs), currentHour);
      const text = JSON.stringify(value);
      return { key, value: slot.malformed ? malformed(text) : Buffer.from(text) };
    },
  };
}

interface DayContext {
  /** The real date replayed. */
  date: string;
  /** Its real daily PM10, µg/m³. */
  pm10: number;
  dayOfYear: number;
  salt: number;
  seed: number;
}

/** `air-quality` demo: one record per location and hour; 1 % truncated JSON (archived, but no consumer can parse it). */
export const airQualityReplay: Replay = (start) =>
  stream(
    start,
    (slot, dayAt, currentHour) => {
      const hourAt = (hourMs: number) => {
        const dayMs = Math.floor(hourMs / DAY_MS) * DAY_MS;
        const day = dayAt(dayMs);
        return airDay(dayMs, day.pm10, day.dayOfYear, day.salt, day.seed)[new Date(hourMs).getUTCHours()];
      };
      const a = hourAt(slot.hourMs);
      const { name, lat, lon } = slot.location;
      const pm10 = faultyPm10(start.faults ?? [], name, slot.hourMs, currentHour, (h) => hourAt(h)?.pm10 ?? 0);
      const record: AirQualityRecord = {
        schemaVersion: AIR_RECORD_SCHEMA_VERSION,
        location: name,
        lat,
        lon,
        hour: hourOf(slot.hourMs),
        source: 'open-meteo',
        readings: {
          pm25: { value: a?.pm25 ?? 0, unit: 'µg/m³' },
          pm10: { value: pm10, unit: 'µg/m³' },
          o3: { value: a?.o3 ?? 0, unit: 'µg/m³' },
          no2: { value: a?.no2 ?? 0, unit: 'µg/m³' },
          so2: { value: a?.so2 ?? 0, unit: 'µg/m³' },
          co: { value: a?.co ?? 0, unit: 'ppm' },
        },
      };
      return { key: airRecordKey(record), value: record };
    },
    truncatedJson,
  );

/** `weather` demo: one record per location and hour with the next day's forecast; 1 % invalid UTF-8 (dead-lettered by the archiver). */
export const weatherReplay: Replay = (start) =>
  stream(
    start,
    (slot, dayAt) => {
      const dayMs = Math.floor(slot.hourMs / DAY_MS) * DAY_MS;
      const { name, lat, lon, altitudeM } = slot.location;
      const today = dayAt(dayMs);
      const tomorrow = dayAt(dayMs + DAY_MS);
      const w = weatherDay(dayMs, today.pm10, today.dayOfYear, altitudeM, today.salt, today.seed)[
        new Date(slot.hourMs).getUTCHours()
      ];
      const hour = hourOf(slot.hourMs);
      const record: WeatherRecord = {
        schemaVersion: AIR_RECORD_SCHEMA_VERSION,
        location: name,
        lat,
        lon,
        hour,
        source: 'open-meteo',
        temperatureC: w?.temperatureC ?? null,
        relativeHumidityPct: w?.relativeHumidityPct ?? null,
        windSpeedMs: w?.windSpeedMs ?? null,
        windDirectionDeg: w?.windDirectionDeg ?? null,
        precipitationMm: w?.precipitationMm ?? null,
        pressureHpa: w?.pressureHpa ?? null,
        // The next day's own weather, summarised: a perfect forecast, which is what a demo can afford.
        forecastFor: dayForecast(
          nextDay(hour),
          weatherDay(dayMs + DAY_MS, tomorrow.pm10, tomorrow.dayOfYear, altitudeM, tomorrow.salt, tomorrow.seed),
        ),
      };
      return { key: airRecordKey(record), value: record };
    },
    () => INVALID_UTF8,
  );

const hourOf = (ms: number) => `${new Date(ms).toISOString().slice(0, 13)}:00:00Z`;

function dayOfYear(date: string): number {
  const at = Date.parse(`${date}T00:00:00Z`);
  return Math.floor((at - Date.UTC(new Date(at).getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
}

/** A stable 32-bit number per location name (FNV-1a), so each location has its own noise. */
function saltOf(name: string): number {
  let h = 0x811c9dc5;
  for (const c of name) h = Math.imul(h ^ (c.codePointAt(0) ?? 0), 0x01000193);
  return h >>> 0;
}
