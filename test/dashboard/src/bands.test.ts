import { describe, expect, it } from 'vitest';
import { bandBars, bandTotals } from '../../../dashboard/src/bands.js';
import type { WindowCounts } from '../../../dashboard/src/contracts.js';

describe('bandTotals', () => {
  it('sums per-source counts into bands by the part after the last "|"', () => {
    // Act
    const totals = bandTotals({
      'slack|negative': 2,
      'web|negative': 3,
      'web|neutral': 1,
      'twitter|positive': 4,
      'http|weird|positive': 1,
    });

    // Assess
    expect(totals).toEqual({ negative: 5, neutral: 1, positive: 5 });
  });

  it('leaves out keys that name no band', () => {
    // Act
    const totals = bandTotals({ 'web|unknown': 9, positive: 2, '': 1 });

    // Assess
    expect(totals).toEqual({ negative: 0, neutral: 0, positive: 2 });
  });
});

describe('bandBars', () => {
  it('orders windows oldest first and keeps whether each is final', () => {
    // Prepare
    const window = (minute: number, final: boolean, counts: Record<string, number>): WindowCounts => ({
      start: `2026-11-21T10:0${minute}:00.000Z`,
      end: `2026-11-21T10:0${minute + 1}:00.000Z`,
      final,
      total: Object.values(counts).reduce((a, b) => a + b, 0),
      counts,
    });

    // Act
    const bars = bandBars([window(2, false, { 'web|positive': 1 }), window(1, true, { 'web|negative': 2 })]);

    // Assess
    expect(bars.map((b) => [b.start.slice(11, 16), b.final, b.totals])).toEqual([
      ['10:01', true, { negative: 2, neutral: 0, positive: 0 }],
      ['10:02', false, { negative: 0, neutral: 0, positive: 1 }],
    ]);
  });
});
