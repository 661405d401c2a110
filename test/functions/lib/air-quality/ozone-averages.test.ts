import { describe, expect, it } from 'vitest';
import {
  AirQualityInputError,
  ozoneDailyMaxEightHourPpb,
  ozoneEightHourMeanPpb,
} from '../../../../functions/lib/air-quality/index.js';

describe('ozoneEightHourMeanPpb', () => {
  it('averages the valid hours when at least 6 of 8 are present', () => {
    // Assess
    expect(ozoneEightHourMeanPpb([40, 42, 44, 46, 48, 50, 52, 54])).toBe(47);
    expect(ozoneEightHourMeanPpb([40, null, 44, 46, 48, 50, null, 54])).toBe(47);
    expect(ozoneEightHourMeanPpb([40, null, null, 46, 48, 50, null, 54])).toBeNull();
  });

  it('refuses a window that is not 8 hours or holds a negative value', () => {
    // Assess
    expect(() => ozoneEightHourMeanPpb([1, 2, 3])).toThrow(AirQualityInputError);
    expect(() => ozoneEightHourMeanPpb([1, 2, 3, 4, 5, 6, 7, -8])).toThrow(AirQualityInputError);
  });
});

describe('ozoneDailyMaxEightHourPpb', () => {
  it('takes the highest truncated mean of the 17 starting 07:00 … 23:00, the last running into the next day', () => {
    // Prepare: 31 hourly slots from midnight; a peak at 01:00–06:00 of the next day (slots
    // 25–30) is reached only by the 23:00 mean (slots 23–30); an early-morning peak (slots 0–6)
    // by no mean at all.
    const hourly = Array.from({ length: 31 }, (_, hour) => (hour < 7 ? 200 : hour >= 25 ? 90 : 30));

    // Act
    const max = ozoneDailyMaxEightHourPpb(hourly);

    // Assess: the 23:00 mean is (30 + 30 + 6 × 90) / 8 = 75.
    expect(max).toBe(75);
  });

  it('truncates each mean to 1 ppb', () => {
    // Prepare: one 8-hour run whose mean is 70.875.
    const hourly = Array.from({ length: 31 }, () => 10);
    hourly.splice(7, 8, 70, 71, 71, 71, 71, 71, 71, 71);

    // Assess
    expect(ozoneDailyMaxEightHourPpb(hourly)).toBe(70);
  });

  it('needs 13 of the 17 means', () => {
    // Prepare: hours 07…13 missing invalidates the means starting 07…11 (5 of 17): 12 valid, too few.
    const tooFew: (number | null)[] = Array.from({ length: 31 }, (_, h) => (h >= 7 && h <= 13 ? null : 40));
    // Hours 07…11 missing invalidates only the means starting 07…09 (≤ 5 of 8 valid): 14 valid.
    const enough: (number | null)[] = Array.from({ length: 31 }, (_, h) => (h >= 7 && h <= 11 ? null : 40));

    // Assess
    expect(ozoneDailyMaxEightHourPpb(tooFew)).toBeNull();
    expect(ozoneDailyMaxEightHourPpb(enough)).toBe(40);
    expect(() => ozoneDailyMaxEightHourPpb(Array(24).fill(40))).toThrow(AirQualityInputError);
  });
});
