import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from '../../../../functions/lib/time/index.js';

describe('parseRfc3339', () => {
  it('reads date-times with a zone, fractions and optional seconds', () => {
    // Assess
    expect(parseRfc3339('2026-11-21T10:00:00Z')).toBe(Date.UTC(2026, 10, 21, 10));
    expect(parseRfc3339('2026-11-21t10:00:00.123456789z')).toBe(Date.UTC(2026, 10, 21, 10, 0, 0, 123));
    expect(parseRfc3339('2026-11-21T11:30+01:30')).toBe(Date.UTC(2026, 10, 21, 10));
  });

  it('refuses times without a zone, dates that do not exist and other shapes', () => {
    // Assess
    for (const bad of [
      '2026-11-21T10:00:00',
      '2026-11-21',
      '2025-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-21T24:00:00Z',
      '2026-11-21T10:00:60Z',
      '2026-11-21T10:00:00+24:00',
      '1793527200',
      ' 2026-11-21T10:00:00Z',
    ])
      expect(parseRfc3339(bad), bad).toBeUndefined();
    expect(parseRfc3339('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });
});
