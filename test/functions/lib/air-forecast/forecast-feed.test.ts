import { describe, expect, it } from 'vitest';
import {
  type DailyReading,
  dayNumber,
  FEATURE_INDEX,
  ForecastFeed,
  type ForecastRow,
  ReadingError,
} from '../../../../functions/lib/air-forecast/index.js';

const day = (iso: string) => dayNumber(iso) as number;
const STATIONS = new Map([
  ['A', { lon: 10, lat: 50, altitudeM: 300, stationType: 'Background', areaType: 'rural' }],
  ['B', { lon: 10.5, lat: 50.2 }],
  ['C', { lon: 13, lat: 54 }],
]);

/** Readings for A, B, C over `days` days from 2007-12-20, with gaps, values from a formula. */
function readings(days: number): DailyReading[] {
  const out: DailyReading[] = [];
  for (let d = 0; d < days; d++) {
    for (const [i, station] of ['A', 'B', 'C'].entries()) {
      if ((d + i) % 5 === 4) continue; // a gap every few days
      out.push({ station, day: day('2007-12-20') + d, pm10: 10 + ((d * 7 + i * 13) % 23) });
    }
  }
  return out;
}

function rowsOf(input: readonly DailyReading[]): ForecastRow[] {
  const feed = new ForecastFeed(STATIONS);
  const rows = input.flatMap((r) => feed.add(r));
  return [...rows, ...feed.close()];
}

describe('ForecastFeed', () => {
  it('never lets a value dated after d change a feature of a row of d', () => {
    // Prepare: the same readings twice, the second time with every value after `cut` changed.
    const base = readings(20);
    const cut = day('2007-12-31');
    const changed = base.map((r) => (r.day > cut ? { ...r, pm10: r.pm10 * 3 + 40 } : r));

    // Act
    const before = rowsOf(base);
    const after = rowsOf(changed);

    // Assess: rows up to d = cut identical, the row of the first later day not.
    const key = (r: ForecastRow) => `${r.station}|${r.day}`;
    const afterByKey = new Map(after.map((r) => [key(r), r]));
    const early = before.filter((r) => r.day <= cut);
    expect(early.length).toBeGreaterThan(20);
    for (const row of early) expect(afterByKey.get(key(row))?.features).toEqual(row.features);
    const next = before.find((r) => r.day === cut + 1) as ForecastRow;
    expect(afterByKey.get(key(next))?.features).not.toEqual(next.features);
  });

  it('computes lags, rolling means, the 7-day count and the network means from the days reported', () => {
    // Prepare: A reports 1..7 on seven days except d-1 and d-6 (gaps); B only d-1 and d.
    const d = day('2008-03-10');
    const input: DailyReading[] = [];
    for (let k = 6; k >= 0; k--) {
      if (k !== 1 && k !== 6) input.push({ station: 'A', day: d - k, pm10: 10 + k });
      if (k <= 1) input.push({ station: 'B', day: d - k, pm10: 40 + k });
    }

    // Act
    const rows = rowsOf(input);
    const a = rows.find((r) => r.station === 'A' && r.day === d) as ForecastRow;
    const f = (name: keyof typeof FEATURE_INDEX) => a.features[FEATURE_INDEX[name]];

    // Assess
    expect(f('pm10_d0')).toBe(10);
    expect(f('pm10_d1')).toBeNaN();
    expect(f('pm10_d2')).toBe(12);
    expect(f('pm10_d6')).toBeNaN();
    expect(f('pm10_mean3')).toBe(11); // (10 + 12) / 2
    expect(f('pm10_mean7')).toBe(Math.fround((10 + 12 + 13 + 14 + 15) / 5));
    expect(f('pm10_count7')).toBe(5);
    expect(f('network_mean_d0')).toBe(25); // (10 + 40) / 2
    expect(f('network_mean_d1')).toBe(41); // only B reported d-1
    expect(f('neighbour_mean_d0')).toBe(40); // B is ~40 km away, C ~500 km
    expect(f('pm10_above_network_d0')).toBe(-15);
    expect(f('network_change_d0')).toBe(-16);
    expect(f('altitude_m')).toBe(300);
    expect(f('station_type')).toBe(0);
    expect(f('area_type')).toBe(0);
    expect(f('temperature_c')).toBeNaN();
  });

  it('flags New Year and the Easter weekend on the day forecast, and the weekday of d+1', () => {
    // Prepare: Easter Sunday 2008 was 23 March.
    const input: DailyReading[] = ['2007-12-31', '2008-01-01', '2008-03-21', '2008-03-22'].map((iso) => ({
      station: 'A',
      day: day(iso),
      pm10: 20,
    }));

    // Act
    const rows = rowsOf(input);
    const flags = rows.map((r) => [
      r.features[FEATURE_INDEX.target_new_year],
      r.features[FEATURE_INDEX.target_easter],
      r.features[FEATURE_INDEX.target_weekday],
      r.features[FEATURE_INDEX.target_month],
    ]);

    // Assess: 2008-01-01 Tuesday (1), 01-02 Wednesday, 03-22 Saturday (5), 03-23 Sunday.
    expect(flags).toEqual([
      [1, 0, 1, 1],
      [0, 0, 2, 1],
      [0, 1, 5, 3],
      [0, 1, 6, 3],
    ]);
  });

  it('refuses a reading dated before the open day, or a second one of a station that day', () => {
    // Prepare
    const feed = new ForecastFeed(STATIONS);
    feed.add({ station: 'A', day: day('2008-01-02'), pm10: 10 });

    // Act & Assess
    expect(() => feed.add({ station: 'B', day: day('2008-01-01'), pm10: 10 })).toThrow(ReadingError);
    expect(() => feed.add({ station: 'A', day: day('2008-01-02'), pm10: 11 })).toThrow(ReadingError);
    expect(() => feed.add({ station: 'B', day: day('2008-01-02'), pm10: -1 })).toThrow(ReadingError);
    expect(feed.close().map((r) => r.station)).toEqual(['A']);
  });

  it('takes the location given with a reading over the station table', () => {
    // Prepare
    const feed = new ForecastFeed(STATIONS);
    feed.add({ station: 'X', day: day('2008-01-02'), pm10: 10, lon: 7.5, lat: 51 });
    feed.add({ station: 'A', day: day('2008-01-02'), pm10: 10, lon: 8 });

    // Act
    const [x, a] = feed.close() as [ForecastRow, ForecastRow];

    // Assess
    expect([x.features[FEATURE_INDEX.lon], x.features[FEATURE_INDEX.lat]]).toEqual([7.5, 51]);
    expect(x.features[FEATURE_INDEX.altitude_m]).toBeNaN();
    expect([a.features[FEATURE_INDEX.lon], a.features[FEATURE_INDEX.lat]]).toEqual([8, 50]);
  });
});
