import { describe, expect, it } from 'vitest';
import {
  AirQualityInputError,
  type EaqiPollutant,
  eaqi,
  eaqiPollutantLevel,
} from '../../../../functions/lib/air-quality/index.js';

// Upper edges of Good … Very poor in µg/m³ from the EEA's 2024 revision (ETC HE Report 2024/17;
// airindex.eea.europa.eu), typed here from the source rather than read from the code.
const EEA_2024_EDGES: Record<EaqiPollutant, number[]> = {
  pm25: [5, 15, 50, 90, 140],
  pm10: [15, 45, 120, 195, 270],
  no2: [10, 25, 60, 100, 150],
  o3: [60, 100, 120, 160, 180],
  so2: [20, 40, 125, 190, 275],
};
const NAMES = ['Good', 'Fair', 'Moderate', 'Poor', 'Very poor', 'Extremely poor'];

describe('eaqiPollutantLevel', () => {
  for (const [pollutant, edges] of Object.entries(EEA_2024_EDGES) as [EaqiPollutant, number[]][]) {
    it(`${pollutant}: each band's low end, its upper edge, and just above the edge`, () => {
      // Assess
      expect(eaqiPollutantLevel(pollutant, 0).name).toBe('Good');
      edges.forEach((edge, i) => {
        expect(eaqiPollutantLevel(pollutant, edge), `${pollutant} ${edge}`).toMatchObject({
          level: i + 1,
          name: NAMES[i],
        });
        expect(eaqiPollutantLevel(pollutant, edge + 0.01), `${pollutant} ${edge + 0.01}`).toMatchObject({
          level: i + 2,
          name: NAMES[i + 1],
        });
      });
      expect(eaqiPollutantLevel(pollutant, 10_000).name).toBe('Extremely poor');
    });
  }

  it('refuses negative and non-finite concentrations', () => {
    // Assess
    expect(() => eaqiPollutantLevel('pm25', -0.1)).toThrow(AirQualityInputError);
    expect(() => eaqiPollutantLevel('no2', Number.NaN)).toThrow(AirQualityInputError);
  });
});

describe('eaqi', () => {
  it('is the worst pollutant’s level', () => {
    // Act: PM2.5 12 → Fair, NO2 70 → Poor, O3 50 → Good.
    const result = eaqi({ pm25: 12, no2: 70, o3: 50 });

    // Assess
    expect(result.level?.name).toBe('Poor');
    expect(result.dominant).toBe('no2');
    expect(result.levels).toEqual({ pm25: 2, no2: 4, o3: 1 });
  });

  it('has no level without pollutants', () => {
    // Assess
    expect(eaqi({})).toEqual({ level: null, dominant: null, levels: {} });
  });
});
