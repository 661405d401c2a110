import { describe, expect, it } from 'vitest';
import { SENTIMENT_THRESHOLDS, sentimentBand } from '../../../../functions/lib/sentiment/index.js';

describe('sentimentBand', () => {
  it('splits scores at the documented thresholds, both edges neutral', () => {
    // Prepare
    const { negativeBelow, positiveAbove } = SENTIMENT_THRESHOLDS;

    // Assess
    expect(sentimentBand(0)).toBe('negative');
    expect(sentimentBand(Math.fround(negativeBelow - 1e-6))).toBe('negative');
    expect(sentimentBand(negativeBelow)).toBe('neutral');
    expect(sentimentBand(0.5)).toBe('neutral');
    expect(sentimentBand(positiveAbove)).toBe('neutral');
    expect(sentimentBand(positiveAbove + 1e-6)).toBe('positive');
    expect(sentimentBand(1)).toBe('positive');
  });

  it('refuses NaN rather than calling it neutral', () => {
    // Assess
    expect(() => sentimentBand(Number.NaN)).toThrow(RangeError);
  });
});
