import { describe, expect, it } from 'vitest';
import { forecastAlert, NOW_ALERT_MAX_AGE_MS, nowAlert } from '../../../functions/air-windows/air-alerts.js';
import { alertKey } from '../../../functions/air-windows/alert-message.js';
import type { AqiNow } from '../../../functions/air-windows/aqi-now.js';
import { RIDER_ADVICE, riderAdvice, usAqiCategory } from '../../../functions/lib/air-quality/index.js';
import type { AirForecastItem } from '../../../functions/lib/air-records/index.js';

const HOUR = '2026-12-05T14:00:00Z';
const AT = Date.parse(HOUR) + 30 * 60_000;

function now(aqi: number, hour = HOUR): AqiNow {
  return {
    hour,
    nowCast: { pm25: null, pm10: null, o3: null },
    usAqi: aqi,
    category: usAqiCategory(aqi).key,
    dominant: 'pm25',
    eaqiLevel: 4,
    advice: riderAdvice(aqi),
  };
}

function forecast(aqi: number, date: string): AirForecastItem {
  const level = usAqiCategory(aqi).key;
  return {
    location: 'berlin',
    date,
    basedOn: '2026-12-04',
    version: 1,
    pm10: 170,
    usAqi: aqi,
    usCategory: level,
    eaqi: { level: 4, category: 'poor' },
    advice: { ...RIDER_ADVICE[level] },
    reasons: [],
    baseValue: 170,
    withWeather: false,
    modelVersion: '2.0.0',
    computedAt: HOUR,
  };
}

describe('air-quality alerts', () => {
  it('alerts from Unhealthy for Sensitive Groups up, once per source, location, day and level', () => {
    // Act
    const moderate = nowAlert('berlin', now(100), AT);
    const usg = nowAlert('berlin', now(101), AT);
    const usgLater = nowAlert('berlin', now(140, '2026-12-05T15:00:00Z'), AT);
    const unhealthy = nowAlert('berlin', now(151), AT);
    const forecastUsg = forecastAlert(forecast(101, '2026-12-05'), AT);

    // Assess
    expect(moderate).toBeUndefined();
    expect(usg?.level).toBe('unhealthy-for-sensitive-groups');
    expect(usg?.advice.mask).toBe('consider');
    // Another hour of the same day at the same level is the same alert; a higher level is a new one.
    expect(alertKey(usgLater!)).toBe(alertKey(usg!));
    expect(alertKey(unhealthy!)).not.toBe(alertKey(usg!));
    expect(alertKey(forecastUsg!)).not.toBe(alertKey(usg!));
    expect(alertKey(usg!)).toBe('air|now|berlin|2026-12-05|unhealthy-for-sensitive-groups');
  });

  it('leaves history alone: a NowCast hour older than 3 hours, a forecast for a day gone', () => {
    // Act
    const stale = nowAlert('berlin', now(180), Date.parse(HOUR) + NOW_ALERT_MAX_AGE_MS + 1);
    const fresh = nowAlert('berlin', now(180), Date.parse(HOUR) + NOW_ALERT_MAX_AGE_MS);
    const yesterday = forecastAlert(forecast(180, '2026-12-04'), AT);
    const today = forecastAlert(forecast(180, '2026-12-05'), AT);

    // Assess
    expect(stale).toBeUndefined();
    expect(fresh?.level).toBe('unhealthy');
    expect(yesterday).toBeUndefined();
    expect(today?.date).toBe('2026-12-05');
  });
});
