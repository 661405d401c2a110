import { describe, expect, it } from 'vitest';
import { BadParameterError } from '../../../functions/query-api/errors.js';
import { windowRange } from '../../../functions/query-api/window-range.js';

const MINUTE = 60_000;

describe('windowRange', () => {
  it('lists the grid starts in [from, to), from rounded up to the grid and to exclusive', () => {
    // Act
    const range = windowRange({
      from: 90 * MINUTE + 1,
      to: 120 * MINUTE,
      defaultTo: 0,
      slideMs: 10 * MINUTE,
      maxWindows: 10,
    });

    // Assess
    expect(range.starts).toEqual([100 * MINUTE, 110 * MINUTE]);
    expect(range).toMatchObject({ from: 90 * MINUTE + 1, to: 120 * MINUTE });
  });

  it('defaults to 24 slides ending at defaultTo', () => {
    // Act
    const range = windowRange({ defaultTo: 1000 * MINUTE, slideMs: MINUTE, maxWindows: 100 });

    // Assess
    expect(range.from).toBe(976 * MINUTE);
    expect(range.starts).toHaveLength(24);
    expect(range.starts.at(-1)).toBe(999 * MINUTE);
  });

  it('holds no window when from..to falls between two starts', () => {
    // Act
    const range = windowRange({ from: MINUTE + 1, to: 2 * MINUTE, defaultTo: 0, slideMs: MINUTE, maxWindows: 1 });

    // Assess
    expect(range.starts).toEqual([]);
  });

  it('refuses, naming from, a range of more than maxWindows without listing it first', () => {
    // Act
    const huge = () => windowRange({ from: 0, to: 1e15, defaultTo: 0, slideMs: MINUTE, maxWindows: 1000 });
    const exact = windowRange({ from: 0, to: 1000 * MINUTE, defaultTo: 0, slideMs: MINUTE, maxWindows: 1000 });

    // Assess
    expect(huge).toThrow(BadParameterError);
    expect(huge).toThrow(expect.objectContaining({ field: 'from', statusCode: 400 }));
    expect(exact.starts).toHaveLength(1000);
  });
});
