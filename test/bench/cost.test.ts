import { describe, expect, it } from 'vitest';
import { runsPerMonth } from '../../bench/cost.js';

describe('bench/cost.ts schedule runs', () => {
  it('counts rate schedules and once-a-day crons over 30 days, and leaves other crons out', () => {
    // Act
    const runs = ['rate(5 minutes)', 'rate(1 hour)', 'cron(0 3 * * ? *)', 'cron(0 3 ? * MON *)'].map(runsPerMonth);

    // Assess
    expect(runs).toEqual([8640, 720, 30, undefined]);
  });
});
