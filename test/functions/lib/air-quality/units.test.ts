import { describe, expect, it } from 'vitest';
import {
  AirQualityInputError,
  type Gas,
  microgramsPerCubicMetreToPpb,
  milligramsPerCubicMetreToPpm,
  ppbToMicrogramsPerCubicMetre,
  ppbToPpm,
  ppmToMilligramsPerCubicMetre,
  ppmToPpb,
} from '../../../../functions/lib/air-quality/index.js';

describe('unit conversions at 25 °C and 1 atm', () => {
  it('match the conversion factors M / 24.45', () => {
    // Assess: µg/m³ per ppb = molecular weight / 24.45 L/mol.
    expect(ppbToMicrogramsPerCubicMetre(1, 'o3')).toBeCloseTo(1.9632, 4);
    expect(ppbToMicrogramsPerCubicMetre(1, 'no2')).toBeCloseTo(1.8818, 4);
    expect(ppbToMicrogramsPerCubicMetre(1, 'so2')).toBeCloseTo(2.6204, 4);
    expect(ppmToMilligramsPerCubicMetre(1, 'co')).toBeCloseTo(1.1456, 4);
    // The NO2 1-hour NAAQS, 100 ppb, is the familiar 188 µg/m³.
    expect(ppbToMicrogramsPerCubicMetre(100, 'no2')).toBeCloseTo(188.2, 1);
  });

  it('round-trip', () => {
    // Assess
    for (const gas of ['o3', 'no2', 'so2', 'co'] as Gas[])
      for (const value of [0, 0.5, 37, 1234.5]) {
        expect(microgramsPerCubicMetreToPpb(ppbToMicrogramsPerCubicMetre(value, gas), gas)).toBeCloseTo(value, 10);
        expect(ppmToMilligramsPerCubicMetre(milligramsPerCubicMetreToPpm(value, gas), gas)).toBeCloseTo(value, 10);
      }
    for (const value of [0, 0.07, 70, 1004]) expect(ppmToPpb(ppbToPpm(value))).toBeCloseTo(value, 10);
    expect(ppbToPpm(70)).toBe(0.07);
  });

  it('refuse non-finite input', () => {
    // Assess
    expect(() => ppbToMicrogramsPerCubicMetre(Number.NaN, 'o3')).toThrow(AirQualityInputError);
    expect(() => ppmToPpb(Number.POSITIVE_INFINITY)).toThrow(AirQualityInputError);
  });
});
