import { isoDate } from '../../../functions/lib/air-forecast/index.js';
import { mulberry32 } from '../../../models/air-quality/train/random.js';
import type { ArchivedDay } from '../../../models/air-quality/train/training-set-sql.js';
import {
  type ArchivedRecord,
  atOffsets,
  checkedValue,
  FIXTURE_LOCATIONS,
  type FixtureLocation,
  weatherValue,
} from './archive-fixture.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * A place the shipped model has never seen: each location's daily PM10 is set by that day's
 * wind (55 − 5 × wind speed, wind drawn afresh each day), not by yesterday's PM10. Only the
 * weather of the day forecast can tell tomorrow's level, and the shipped model has never had
 * weather (its history has none), so a candidate that learnt from these days forecasts them better.
 */
export function windDomain(firstDay: number, days: number, seed = 13) {
  const random = mulberry32(seed);
  const locations = Object.keys(FIXTURE_LOCATIONS) as FixtureLocation[];
  const cells: { location: FixtureLocation; day: number; wind: number; pm10: number }[] = [];
  for (let d = 0; d < days; d++) {
    for (const location of locations) {
      const wind = 1 + Math.round(random() * 80) / 10;
      cells.push({ location, day: Math.floor(firstDay / DAY) + d, wind, pm10: 55 - 5 * wind });
    }
  }
  return cells;
}

const WEATHER = (wind: number) => ({
  temperatureC: 8,
  windSpeedMs: wind,
  precipitationMm: 0,
  humidityPct: 75,
  pressureHpa: 1012,
});

/** The cells as the training-set query would return them (24 clean hours a day, weather every hour). */
export function windDomainDays(firstDay: number, days: number): ArchivedDay[] {
  return windDomain(firstDay, days).map((c) => ({
    location: c.location,
    date: isoDate(c.day),
    pm10: c.pm10,
    hours: 24,
    leftOut: 0,
    ...FIXTURE_LOCATIONS[c.location],
    weather: { ...WEATHER(c.wind), hours: 24 },
  }));
}

/**
 * The cells as archived records, one partition per location as the contract keys them: 24
 * hours a day of `weather`, and of `air-quality-checked` whose noon is a flagged spike (900
 * µg/m³, which the query must leave out) and whose other 23 hours sit at the day's level ± 1,
 * balanced (13:00 exactly on it), so the mean of the kept hours is the level.
 */
export function windDomainRecords(
  firstDay: number,
  days: number,
): { checked: ArchivedRecord[]; weather: ArchivedRecord[] } {
  const locations = Object.keys(FIXTURE_LOCATIONS) as FixtureLocation[];
  const checkedItems = new Map<FixtureLocation, { hourMs: number; key: string; value: unknown }[]>();
  const weatherItems = new Map<FixtureLocation, { hourMs: number; key: string; value: unknown }[]>();
  for (const c of windDomain(firstDay, days)) {
    const checked = checkedItems.get(c.location) ?? [];
    const weather = weatherItems.get(c.location) ?? [];
    for (let h = 0; h < 24; h++) {
      const hourMs = c.day * DAY + h * HOUR;
      const flagged = h === 12;
      checked.push({
        hourMs,
        key: c.location,
        value: flagged
          ? checkedValue(c.location, hourMs, 900, { status: 'flagged', flagged: true })
          : checkedValue(c.location, hourMs, c.pm10 + (h % 2 === 0 ? 1 : -1) * (h === 13 ? 0 : 1)),
      });
      weather.push({ hourMs, key: c.location, value: weatherValue(c.location, hourMs, WEATHER(c.wind)) });
    }
    checkedItems.set(c.location, checked);
    weatherItems.set(c.location, weather);
  }
  return {
    checked: locations.flatMap((l, p) => atOffsets(p, 0, checkedItems.get(l) ?? [])),
    weather: locations.flatMap((l, p) => atOffsets(p, 0, weatherItems.get(l) ?? [])),
  };
}
