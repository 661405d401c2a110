import { describe, expect, it } from 'vitest';
import { isoTime, parseInstant } from '../../../functions/query-api/instant.js';

describe('parseInstant', () => {
  it('reads RFC 3339 date-times with a zone, seconds and fractions optional', () => {
    // Act
    const parsed = [
      '2025-06-01T10:00:00Z',
      '2025-06-01T12:00+02:00',
      '2025-06-01T05:30:00.000-04:30',
      '2024-02-29t10:00:00z',
    ].map(parseInstant);

    // Assess
    expect(parsed.map((ms) => isoTime(ms!))).toEqual([
      '2025-06-01T10:00:00.000Z',
      '2025-06-01T10:00:00.000Z',
      '2025-06-01T10:00:00.000Z',
      '2024-02-29T10:00:00.000Z',
    ]);
  });

  it('refuses times without a zone and days that do not exist', () => {
    // Act
    const parsed = [
      '2025-06-01T10:00:00',
      '2025-06-01',
      '2025-02-29T10:00:00Z',
      '2025-04-31T10:00:00Z',
      '2025-06-01T24:00:00Z',
      '2025-06-01T10:00:00+24:00',
      'yesterday',
    ].map(parseInstant);

    // Assess
    expect(parsed).toEqual(Array(7).fill(undefined));
  });
});
