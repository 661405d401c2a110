import Sentiment from 'sentiment';
import vader from 'vader-sentiment';

/**
 * The lexicon baselines the model is compared with, as the issue defines them: AFINN-165
 * through the `sentiment` package (score ≥ 0 → positive) and VADER through `vader-sentiment`
 * (compound ≥ 0 → positive). Ties (no sentiment words) count as positive for both.
 */
const afinn = new Sentiment();

export function afinnPositive(text: string): boolean {
  return afinn.analyze(text).score >= 0;
}

export function vaderPositive(text: string): boolean {
  return vader.SentimentIntensityAnalyzer.polarity_scores(text).compound >= 0;
}
