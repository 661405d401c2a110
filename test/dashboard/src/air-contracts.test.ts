import { describe, expect, it } from 'vitest';
import {
  type AirLocationResponse,
  isAirHistoryResponse,
  isAirLocationResponse,
  isAirLocationsResponse,
} from '../../../dashboard/src/air-contracts.js';

const MODERATE = { key: 'moderate', name: 'Moderate', colour: '#FFFF00' };
const ADVICE = { level: 'moderate', mask: 'none', text: 'No mask needed.', reason: 'Acceptable air.' };
const DETAIL: AirLocationResponse = {
  location: { name: 'berlin', description: 'Berlin, Mitte' },
  now: { hour: '2026-12-05T15:00:00Z', usAqi: 57, category: MODERATE, advice: ADVICE },
  forecast: {
    date: '2026-12-06',
    pm10: 61,
    usAqi: 54,
    category: MODERATE,
    advice: ADVICE,
    reasons: [{ feature: 'lags', text: 'yesterday was high: +6 µg/m³', contribution: 6 }],
  },
};

describe('air response guards', () => {
  it('take the shapes the query API answers, with nulls where it has no data', () => {
    // Prepare
    const locations = {
      locations: [
        {
          name: 'berlin',
          lat: 52.52,
          lon: 13.405,
          description: 'Berlin, Mitte',
          now: { ...DETAIL.now, advice: undefined },
        },
        { name: 'munich', lat: 48.1, lon: 11.6, description: 'Munich', now: null },
      ],
    };
    const history = {
      location: { name: 'berlin' },
      from: '2026-12-04',
      to: '2026-12-05',
      days: [
        { date: '2026-12-04', final: true, means: { pm25: { mean: 14 }, pm10: { mean: 30 } }, forecast: { pm10: 27 } },
        { date: '2026-12-05', final: false, means: { pm25: null, pm10: null }, forecast: null },
      ],
    };

    // Act
    const accepted = [
      isAirLocationsResponse(locations),
      isAirLocationResponse(DETAIL),
      isAirLocationResponse({ ...DETAIL, now: null, forecast: null }),
      isAirHistoryResponse(history),
    ];

    // Assess
    expect(accepted).toEqual([true, true, true, true]);
  });

  it('refuse a colour that is not #RRGGBB, since the page paints with it', () => {
    // Prepare
    const painted = (colour: string) => ({
      ...DETAIL,
      now: { ...DETAIL.now, category: { ...MODERATE, colour } },
    });

    // Act
    const verdicts = ['#FFFF00', 'yellow', '#FF0', 'red; background-image: url(https://evil.example/)', '#FFFF0G'].map(
      (colour) => isAirLocationResponse(painted(colour)),
    );

    // Assess
    expect(verdicts).toEqual([true, false, false, false, false]);
  });

  it('refuse a forecast without a numeric PM10 or a day that is not YYYY-MM-DD', () => {
    // Act
    const verdicts = [
      isAirLocationResponse({ ...DETAIL, forecast: { ...DETAIL.forecast, pm10: '61' } }),
      isAirLocationResponse({ ...DETAIL, forecast: { ...DETAIL.forecast, date: 'tomorrow' } }),
      isAirHistoryResponse({
        days: [{ date: '2026-12-04', final: 'yes', means: { pm25: null, pm10: null }, forecast: null }],
      }),
    ];

    // Assess
    expect(verdicts).toEqual([false, false, false]);
  });
});
