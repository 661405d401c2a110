import { describe, expect, it } from 'vitest';
import {
  isFinal,
  latestFinalWindowStart,
  latestWindowStart,
  windowStartsOf,
} from '../../../../functions/lib/windows/index.js';

const MIN = 60_000;
const T = Date.UTC(2026, 10, 1, 10, 0, 0);

describe('window arithmetic', () => {
  it('puts an event in exactly one tumbling window, start inclusive and end exclusive', () => {
    // Prepare
    const shape = { sizeMs: 10 * MIN, slideMs: 10 * MIN };

    // Act / Assess
    expect(windowStartsOf(T, shape)).toEqual([T]);
    expect(windowStartsOf(T + 10 * MIN - 1, shape)).toEqual([T]);
    expect(windowStartsOf(T + 10 * MIN, shape)).toEqual([T + 10 * MIN]);
    expect(windowStartsOf(T - 1, shape)).toEqual([T - 10 * MIN]);
  });

  it('puts an event in size/slide hopping windows aligned to the epoch, oldest first', () => {
    // Prepare
    const shape = { sizeMs: 10 * MIN, slideMs: 5 * MIN };

    // Act / Assess
    expect(windowStartsOf(T + 7 * MIN, shape)).toEqual([T, T + 5 * MIN]);
    expect(windowStartsOf(T, shape)).toEqual([T - 5 * MIN, T]);
    expect(windowStartsOf(T + 3 * MIN, { sizeMs: 10 * MIN, slideMs: 3 * MIN })).toEqual([
      T - 6 * MIN,
      T - 3 * MIN,
      T,
      T + 3 * MIN,
    ]);
  });

  it('aligns windows to the epoch, whatever the first event', () => {
    // Assess
    for (const start of windowStartsOf(T + 123_456, { sizeMs: 3_600_000, slideMs: 900_000 })) {
      expect(start % 900_000).toBe(0);
    }
  });

  it('marks a window final once the watermark reaches its end, and finds the latest final one', () => {
    // Prepare
    const shape = { sizeMs: 10 * MIN, slideMs: 10 * MIN };

    // Assess
    expect(isFinal(T, shape, T + 10 * MIN - 1)).toBe(false);
    expect(isFinal(T, shape, T + 10 * MIN)).toBe(true);
    expect(isFinal(T, shape, undefined)).toBe(false);
    expect(latestWindowStart(T + 15 * MIN, shape)).toBe(T + 10 * MIN);
    expect(latestFinalWindowStart(T + 15 * MIN, shape)).toBe(T);
    expect(latestFinalWindowStart(T + 20 * MIN, shape)).toBe(T + 10 * MIN);
  });
});
