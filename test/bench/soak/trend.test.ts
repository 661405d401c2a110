import { describe, expect, it } from 'vitest';
import { heapTrend } from '../../../bench/soak/trend.js';

/** Samples every 30 s for `minutes`, the heap at `mb(t)` MB. */
const series = (minutes: number, mb: (seconds: number) => number) =>
  Array.from({ length: minutes * 2 + 1 }, (_, i) => ({ elapsedSeconds: i * 30, heapAfterGcBytes: mb(i * 30) * 1e6 }));

describe('heapTrend', () => {
  it('finds the growth of a heap that leaks 88 MB an hour (the Slack sink keeping every post)', () => {
    // Prepare
    const leaking = series(15, (t) => 60 + (88 * t) / 3600);

    // Act
    const trend = heapTrend(leaking);

    // Assess
    expect(trend.slopeMbPerHour).toBeCloseTo(88, 5);
    expect(trend.growing).toBe(true);
    expect(trend.samples).toBe(16);
  });

  it('judges only the second half, so the warm-up does not count as growth', () => {
    // Prepare: +20 MB over the first 7.5 minutes, then level with ±0.5 MB of noise.
    const warming = series(15, (t) => (t < 450 ? 40 + (20 * t) / 450 : 60 + (t % 60 === 0 ? 0.5 : -0.5)));

    // Act
    const trend = heapTrend(warming);

    // Assess
    expect(Math.abs(trend.slopeMbPerHour)).toBeLessThan(10);
    expect(trend.growing).toBe(false);
  });
});
