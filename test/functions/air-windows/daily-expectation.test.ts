import { describe, expect, it } from 'vitest';
import { closedDays } from '../../../functions/air-windows/daily-expectation.js';

describe('closed-day expectation', () => {
  it('is the others’ median with two others or more, else the forecast made for the day, else none', () => {
    // Prepare
    const forecasts = new Map([
      ['berlin', 31],
      ['hamburg', 17],
    ]);

    // Act
    const four = closedDays(
      '2026-12-04',
      new Map([
        ['berlin', 40],
        ['hamburg', 10],
        ['munich', 20],
        ['waldhof', 30],
      ]),
      forecasts,
    );
    const two = closedDays(
      '2026-12-04',
      new Map([
        ['berlin', 40],
        ['munich', 20],
      ]),
      forecasts,
    );

    // Assess: a drifting location does not move its own expectation; with one other, the forecast.
    expect(four.map((d) => [d.location, d.expected, d.basis])).toEqual([
      ['berlin', 20, 'others'],
      ['hamburg', 30, 'others'],
      ['munich', 30, 'others'],
      ['waldhof', 20, 'others'],
    ]);
    expect(two.map((d) => [d.location, d.expected, d.basis])).toEqual([
      ['berlin', 31, 'forecast'],
      ['munich', undefined, null],
    ]);
  });
});
