// Minimal typings for the two lexicon baselines (neither package publishes types).
declare module 'sentiment' {
  interface SentimentResult {
    /** Sum of AFINN-165 valences of the tokens, a preceding negator flipping the sign. */
    score: number;
    /** `score` divided by the number of tokens. */
    comparative: number;
    tokens: string[];
    words: string[];
    positive: string[];
    negative: string[];
  }
  class Sentiment {
    analyze(phrase: string): SentimentResult;
  }
  export = Sentiment;
}

declare module 'vader-sentiment' {
  interface PolarityScores {
    neg: number;
    neu: number;
    pos: number;
    /** Normalised valence, -1 (most negative) … +1 (most positive). */
    compound: number;
  }
  const vaderSentiment: {
    SentimentIntensityAnalyzer: {
      polarity_scores(text: string): PolarityScores;
    };
  };
  export = vaderSentiment;
}
