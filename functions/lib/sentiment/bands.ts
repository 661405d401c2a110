/** The three sentiment bands a score falls into. */
export const SENTIMENT_BANDS = ['negative', 'neutral', 'positive'] as const;
export type SentimentBand = (typeof SENTIMENT_BANDS)[number];

/**
 * Band edges on the model's probability of positive sentiment: below `negativeBelow` is
 * negative, above `positiveAbove` positive, the rest (both edges included) neutral.
 * Chosen from the out-of-fold scores of the 10-fold evaluation: the narrowest symmetric
 * neutral band whose negative and positive bands are each at least 90% precise there
 * (models/sentiment/evaluation.md, "Bands"). The model card records the values it was
 * evaluated with.
 */
export const SENTIMENT_THRESHOLDS = { negativeBelow: 0.3, positiveAbove: 0.7 } as const;

/** The band of a score in [0, 1]. Throws RangeError on NaN, which no model output should be. */
export function sentimentBand(score: number): SentimentBand {
  if (Number.isNaN(score)) throw new RangeError('sentiment score is NaN');
  if (score < SENTIMENT_THRESHOLDS.negativeBelow) return 'negative';
  if (score > SENTIMENT_THRESHOLDS.positiveAbove) return 'positive';
  return 'neutral';
}
