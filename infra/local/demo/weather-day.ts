/**
 * One day of plausible weather at a location, hour by hour (UTC 00..23, shapes on CET as in
 * air-day.ts), and its daily summary as the `forecastFor` of the day before.
 *
 * Plausible, not replayed (the bundled history has no weather): a north German climate, daily
 * mean temperature 0 °C in mid-January to 19 °C in mid-July ± a daily anomaly of up to 3 °C,
 * coldest before dawn and warmest mid-afternoon (±4 °C); wind mostly from the west, weaker on
 * days of high PM10 and pressure higher on them (stagnant high-pressure air is what lets PM10
 * build up, which gives the forecast model's weather features something true to find), plus
 * slowly passing highs and lows;
 * humidity high at night and in winter; showers on about 4 days in 10. Surface pressure
 * falls with the location's altitude (1 hPa per 8.3 m).
 */

import { type DailyWeatherForecast, WEATHER_RANGES } from '../../../functions/lib/air-records/index.js';
import { prng, seedOf } from './prng.js';

export interface WeatherHour {
  temperatureC: number;
  relativeHumidityPct: number;
  windSpeedMs: number;
  windDirectionDeg: number;
  precipitationMm: number;
  pressureHpa: number;
}

const WEATHER_SALT = 0x5eed;

export function weatherDay(
  dayMs: number,
  dailyPm10: number,
  dayOfYear: number,
  altitudeM: number,
  salt: number,
  seed: number,
): WeatherHour[] {
  const r = prng(seedOf(dayMs / 1000, salt ^ seed ^ WEATHER_SALT));
  const seasonal = 9.5 - 9.5 * Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365.25);
  const meanT = seasonal + 6 * (r() - 0.5);
  const stagnant = Math.max(-1, Math.min(2, (dailyPm10 - 20) / 20));
  const meanWind = clamp(4.5 - 1.5 * stagnant + 2 * (r() - 0.5), 0.5, 12);
  const direction = 240 + 120 * (r() - 0.5);
  const pressure = 1013 + 4 * stagnant - altitudeM / 8.3;
  // Passing highs and lows: smooth in time (periods of about 5 and 9 days), so the pressure
  // does not jump at midnight; the phase is the location's.
  const phase = (salt % 1000) / 1000;
  const synoptic = (hoursSinceEpoch: number) =>
    7 * Math.sin(2 * Math.PI * (hoursSinceEpoch / 127 + phase)) +
    4 * Math.sin(2 * Math.PI * (hoursSinceEpoch / 219 + phase));
  const rainy = r() < 0.4 - 0.1 * stagnant;
  const winter = (1 + Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365.25)) / 2;
  return Array.from({ length: 24 }, (_, h) => {
    const local = (h + 1) % 24;
    const daytime = Math.cos((2 * Math.PI * (local - 15)) / 24);
    const temperatureC = meanT + 4 * daytime + 0.6 * (r() - 0.5);
    const rain = rainy && r() < 0.3 ? 0.1 + 2 * r() ** 2 : 0;
    return {
      temperatureC: round(temperatureC, 1),
      relativeHumidityPct: Math.round(
        clamp(72 + 12 * winter - 12 * daytime + (rain > 0 ? 12 : 0) + 6 * (r() - 0.5), 20, 100),
      ),
      windSpeedMs: round(clamp(meanWind * (1 + 0.3 * daytime) + (r() - 0.5), 0, 30), 1),
      windDirectionDeg: Math.round((((direction + 40 * (r() - 0.5)) % 360) + 360) % 360),
      precipitationMm: round(rain, 1),
      pressureHpa: round(
        clamp(pressure + synoptic(dayMs / 3_600_000 + h) + 0.4 * (r() - 0.5), ...WEATHER_RANGES.pressureHpa),
        1,
      ),
    };
  });
}

/** The summary of a day's hours, as the poller builds `forecastFor` from Open-Meteo's answer. */
export function dayForecast(date: string, hours: readonly WeatherHour[]): DailyWeatherForecast {
  const mean = (f: keyof WeatherHour) => round(hours.reduce((a, h) => a + h[f], 0) / hours.length, 2);
  const values = (f: keyof WeatherHour) => hours.map((h) => h[f]);
  // Dominant direction: of the summed unit vectors, as a mean of angles would wrap wrongly at north.
  const x = hours.reduce((a, h) => a + Math.sin((h.windDirectionDeg * Math.PI) / 180), 0);
  const y = hours.reduce((a, h) => a + Math.cos((h.windDirectionDeg * Math.PI) / 180), 0);
  return {
    date,
    temperatureC: mean('temperatureC'),
    temperatureMinC: Math.min(...values('temperatureC')),
    temperatureMaxC: Math.max(...values('temperatureC')),
    humidityPct: mean('relativeHumidityPct'),
    windSpeedMs: mean('windSpeedMs'),
    windSpeedMaxMs: Math.max(...values('windSpeedMs')),
    windDirectionDeg: Math.round(((((Math.atan2(x, y) * 180) / Math.PI) % 360) + 360) % 360),
    precipitationMm: round(
      values('precipitationMm').reduce((a, b) => a + b, 0),
      1,
    ),
    pressureHpa: mean('pressureHpa'),
  };
}

const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
