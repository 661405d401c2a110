import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../functions/lib/air-forecast/index.js';
import { archivedReadings } from '../../../models/air-quality/train/archived-readings.js';
import type { ArchivedDay } from '../../../models/air-quality/train/training-set-sql.js';

const day = (date: string, pm10: number | null, hours: number, wind?: number): ArchivedDay => ({
  location: 'berlin',
  date,
  pm10,
  hours,
  leftOut: 24 - hours,
  lat: 52.52,
  lon: 13.405,
  weather:
    wind === undefined
      ? null
      : { temperatureC: 5, windSpeedMs: wind, precipitationMm: null, humidityPct: 80, pressureHpa: 1010, hours: 24 },
});

describe('archived days as daily readings for the forecast feed', () => {
  it('keeps days with a daily mean on 18 hours or more, with the next day’s weather as tomorrow’s forecast', () => {
    // Prepare
    const days = [
      day('2026-11-28', 30, 24, 2),
      day('2026-11-29', 40, 18, 6),
      day('2026-11-30', 50, 17, 9),
      day('2026-12-01', null, 0),
    ];

    // Act
    const archived = archivedReadings(days);

    // Assess
    expect(archived.readings).toEqual([
      {
        station: 'archive:berlin',
        day: dayNumber('2026-11-28'),
        pm10: 30,
        lat: 52.52,
        lon: 13.405,
        weather: { temperatureC: 5, windSpeedMs: 6, precipitationMm: undefined, humidityPct: 80, pressureHpa: 1010 },
      },
      {
        station: 'archive:berlin',
        day: dayNumber('2026-11-29'),
        pm10: 40,
        lat: 52.52,
        lon: 13.405,
        weather: { temperatureC: 5, windSpeedMs: 9, precipitationMm: undefined, humidityPct: 80, pressureHpa: 1010 },
      },
    ]);
    expect(archived).toMatchObject({ days: 4, partialDays: 2, leftOutHours: 0 + 6 + 7 + 24 });
  });
});
