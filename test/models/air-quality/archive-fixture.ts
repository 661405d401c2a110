import { AIR_RECORD_SCHEMA_VERSION } from '../../../functions/lib/air-records/index.js';
import type { ArchivedRecord } from '../sentiment/archive-fixture.js';

export { type ArchivedRecord, writeArchiveBatch } from '../sentiment/archive-fixture.js';

/** The declared locations of infra/pipeline.ts the fixtures use. */
export const FIXTURE_LOCATIONS = {
  berlin: { lat: 52.52, lon: 13.405 },
  munich: { lat: 48.1374, lon: 11.5755 },
  hamburg: { lat: 53.5511, lon: 9.9937 },
} as const;
export type FixtureLocation = keyof typeof FIXTURE_LOCATIONS;

/** `YYYY-MM-DDTHH:00:00Z` of the hour starting at `ms`. */
export const hourOf = (ms: number) => `${new Date(ms).toISOString().slice(0, 13)}:00:00Z`;

/**
 * An `air-quality-checked` value (the issue-13 contract): the air-quality record plus `check`.
 * `pm10` null: not measured that hour; `flagged`: the detector flagged the PM10 value.
 */
export function checkedValue(
  location: FixtureLocation,
  hourMs: number,
  pm10: number | null,
  check: { status: 'clean' | 'flagged' | 'unchecked'; flagged?: boolean } = { status: 'clean' },
) {
  return {
    schemaVersion: AIR_RECORD_SCHEMA_VERSION,
    location,
    ...FIXTURE_LOCATIONS[location],
    hour: hourOf(hourMs),
    source: 'open-meteo',
    readings: {
      pm25: { value: 9, unit: 'µg/m³' },
      pm10: pm10 === null ? null : { value: pm10, unit: 'µg/m³' },
      o3: null,
      no2: null,
      so2: null,
      co: null,
    },
    check: {
      status: check.status,
      flags: check.flagged
        ? { pm10: { kind: 'spike', score: 1.17, reason: `spike: ${pm10} µg/m³ far above the last hours` } }
        : {},
    },
  };
}

/** A `weather` value for one hour. */
export function weatherValue(
  location: FixtureLocation,
  hourMs: number,
  w: { temperatureC: number; windSpeedMs: number; precipitationMm: number; humidityPct: number; pressureHpa: number },
) {
  return {
    schemaVersion: AIR_RECORD_SCHEMA_VERSION,
    location,
    ...FIXTURE_LOCATIONS[location],
    hour: hourOf(hourMs),
    source: 'open-meteo',
    temperatureC: w.temperatureC,
    relativeHumidityPct: w.humidityPct,
    windSpeedMs: w.windSpeedMs,
    windDirectionDeg: 270,
    precipitationMm: w.precipitationMm,
    pressureHpa: w.pressureHpa,
    forecastFor: null,
  };
}

/** Records of one topic at consecutive offsets of `partition`, each at its own hour's event time. */
export function atOffsets(
  partition: number,
  firstOffset: number,
  items: readonly { hourMs: number; key: string; value: unknown }[],
): ArchivedRecord[] {
  return items.map((item, i) => ({
    partition,
    offset: firstOffset + i,
    timestamp: item.hourMs,
    key: item.key,
    value: item.value,
  }));
}
