import { describe, expect, it } from 'vitest';
import { AirQualityInputError, usAqiCategory } from '../../../../functions/lib/air-quality/index.js';

describe('usAqiCategory', () => {
  it('puts each category edge in the right category, with EPA name and colour', () => {
    // Prepare: [aqi, name, colour, hex] from TAD Tables 1 and 2.
    const edges: [number, string, string, string][] = [
      [0, 'Good', 'Green', '#00E400'],
      [50, 'Good', 'Green', '#00E400'],
      [51, 'Moderate', 'Yellow', '#FFFF00'],
      [100, 'Moderate', 'Yellow', '#FFFF00'],
      [101, 'Unhealthy for Sensitive Groups', 'Orange', '#FF7E00'],
      [150, 'Unhealthy for Sensitive Groups', 'Orange', '#FF7E00'],
      [151, 'Unhealthy', 'Red', '#FF0000'],
      [200, 'Unhealthy', 'Red', '#FF0000'],
      [201, 'Very Unhealthy', 'Purple', '#8F3F97'],
      [300, 'Very Unhealthy', 'Purple', '#8F3F97'],
      [301, 'Hazardous', 'Maroon', '#7E0023'],
      [500, 'Hazardous', 'Maroon', '#7E0023'],
      [501, 'Hazardous', 'Maroon', '#7E0023'],
    ];

    // Assess
    for (const [aqi, name, colour, hex] of edges) {
      const category = usAqiCategory(aqi);
      expect([category.name, category.colour, category.hex], String(aqi)).toEqual([name, colour, hex]);
      expect(`#${category.rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`.toUpperCase()).toBe(hex);
    }
  });

  it('refuses an AQI that is not an integer ≥ 0', () => {
    // Assess
    for (const bad of [-1, 50.5, Number.NaN]) expect(() => usAqiCategory(bad)).toThrow(AirQualityInputError);
  });
});
