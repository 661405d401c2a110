import { describe, expect, it } from 'vitest';
import {
  FEATURE_COUNT,
  FEATURE_INDEX,
  type FeatureName,
  groupContributions,
  REASON_GROUPS,
  topReasons,
} from '../../../../functions/lib/air-forecast/index.js';

function vector(values: Partial<Record<FeatureName, number>>, fill = 0): Float64Array {
  const v = new Float64Array(FEATURE_COUNT).fill(fill);
  for (const [name, value] of Object.entries(values)) v[FEATURE_INDEX[name as FeatureName]] = value;
  return v;
}

describe('reasons', () => {
  it('puts every feature in exactly one group, so the groups add up to the contributions', () => {
    // Prepare
    const members = Object.values(REASON_GROUPS).flat();
    const contributions = Float64Array.from({ length: FEATURE_COUNT }, (_, i) => (i % 5) - 1.7);

    // Act
    const groups = groupContributions(contributions);

    // Assess
    expect([...members].sort()).toEqual(Object.keys(FEATURE_INDEX).sort());
    const total = Object.values(groups).reduce((s, c) => s + c, 0);
    expect(total).toBeCloseTo(
      contributions.reduce((s, c) => s + c, 0),
      12,
    );
  });

  it('names the three largest groups, largest first, phrased from the row', () => {
    // Prepare: recent PM10 split over two lags (+4 + 2), New Year +12, strong wind −4, weekday +0.3.
    const contributions = vector({
      pm10_d0: 4,
      pm10_mean3: 2,
      target_new_year: 12,
      wind_speed_ms: -4,
      target_weekday: 0.3,
    });
    const row = vector({ pm10_d0: 48.4, target_new_year: 1, wind_speed_ms: 9, target_weekday: 1 }, Number.NaN);

    // Act
    const reasons = topReasons(contributions, row);

    // Assess
    expect(reasons).toEqual([
      { feature: 'newYear', text: "New Year's Day (fireworks): +12 µg/m³", contribution: 12 },
      { feature: 'recentPm10', text: 'recent PM10 here was high (today 48 µg/m³): +6.0 µg/m³', contribution: 6 },
      { feature: 'wind', text: 'strong wind forecast (9.0 m/s): −4.0 µg/m³', contribution: -4 },
    ]);
  });
});
