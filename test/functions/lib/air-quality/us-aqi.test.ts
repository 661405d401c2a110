import { describe, expect, it } from 'vitest';
import {
  AirQualityInputError,
  BeyondBreakpointTableError,
  ozoneSubIndex,
  so2SubIndex,
  usAqi,
} from '../../../../functions/lib/air-quality/index.js';

describe('usAqi', () => {
  it('reports the highest sub-index, its pollutant and category', () => {
    // Act: PM2.5 12.0 → 56, ozone 0.07853 → 126, CO 8.4 → 49/4.9 × 3.9 + 51 = 90.
    const result = usAqi({ pm25Ugm3: 12.0, o3Ppm8h: 0.07853, coPpm8h: 8.4 });

    // Assess
    expect(result.subIndices).toEqual({ pm25: 56, o3: 126, co: 90 });
    expect(result.aqi).toBe(126);
    expect(result.dominant).toBe('o3');
    expect(result.category?.name).toBe('Unhealthy for Sensitive Groups');
    expect(result.beyondIndex).toBe(false);
  });

  it('settles a tie on the first pollutant in PM2.5, PM10, O3, NO2, SO2, CO order', () => {
    // Act: PM10 54 and NO2 53 are both exactly 50.
    const result = usAqi({ no2Ppb1h: 53, pm10Ugm3: 54 });

    // Assess
    expect(result).toMatchObject({ aqi: 50, dominant: 'pm10', subIndices: { pm10: 50, no2: 50 } });
  });

  it('has no AQI when nothing is indexable, and flags values beyond 500', () => {
    // Assess
    expect(usAqi({})).toEqual({ aqi: null, category: null, dominant: null, subIndices: {}, beyondIndex: false });
    expect(usAqi({ o3Ppm1h: 0.1 }).aqi).toBeNull();
    const smoke = usAqi({ pm25Ugm3: 400 });
    expect(smoke.beyondIndex).toBe(true);
    expect(smoke.category?.name).toBe('Hazardous');
    expect(() => usAqi({ pm25Ugm3: -1 })).toThrow(AirQualityInputError);
  });
});

describe('ozoneSubIndex', () => {
  it('takes the higher of the 8-hour and 1-hour indices where both are defined', () => {
    // Assess: 8-hour 0.080 → 133; 1-hour 0.180 → 49/39 × 15 + 151 = 169.8 → 170.
    expect(ozoneSubIndex(0.08, 0.18)?.aqi).toBe(170);
    expect(ozoneSubIndex(0.1, 0.13)?.aqi).toBe(ozoneSubIndex(0.1, undefined)?.aqi);
  });

  it('ignores a 1-hour value under 0.125 ppm, which defines no AQI', () => {
    // Assess
    expect(ozoneSubIndex(0.06, 0.124)?.aqi).toBe(ozoneSubIndex(0.06, undefined)?.aqi);
    expect(ozoneSubIndex(undefined, 0.124)).toBeUndefined();
  });

  it('hands an 8-hour value above 0.200 ppm to the 1-hour value, and refuses it without one', () => {
    // Assess: 1-hour 0.405 → 301, whatever the 8-hour table would extrapolate to.
    expect(ozoneSubIndex(0.25, 0.405)?.aqi).toBe(301);
    expect(ozoneSubIndex(0.2, undefined)?.aqi).toBe(300);
    expect(() => ozoneSubIndex(0.201, undefined)).toThrow(BeyondBreakpointTableError);
  });
});

describe('so2SubIndex', () => {
  it('reads the 1-hour table up to 304 ppb', () => {
    // Assess
    expect(so2SubIndex(304, undefined)?.aqi).toBe(200);
    expect(so2SubIndex(75, 900)?.aqi).toBe(100);
  });

  it('above 304 ppb (1-hour) uses the 24-hour mean: its table from 305 ppb, else AQI 200', () => {
    // Assess
    expect(so2SubIndex(400, 305)?.aqi).toBe(201);
    expect(so2SubIndex(400, 1004)?.aqi).toBe(500);
    expect(so2SubIndex(400, 200)?.aqi).toBe(200);
    expect(() => so2SubIndex(305, undefined)).toThrow(BeyondBreakpointTableError);
  });

  it('indexes a 24-hour mean alone only from 305 ppb', () => {
    // Assess
    expect(so2SubIndex(undefined, 604)?.aqi).toBe(300);
    expect(so2SubIndex(undefined, 304)).toBeUndefined();
  });
});
