// The VADER lexicon as vader-sentiment ships it in source form (an ES module; the package has no typings).
declare module 'vader-sentiment/src/vader_lexicon.js' {
  /** Token → mean human valence rating, -4 (most negative) … +4 (most positive). */
  export const lexicon: Record<string, number>;
}

// AFINN-165 as the sentiment package ships it (CommonJS; its labels.json is read through this
// module because tsx cannot import that JSON file directly: it has keys such as "await").
declare module 'sentiment/languages/en/index.js' {
  const english: {
    /** Word → AFINN-165 valence, -5 … +5. */
    labels: Record<string, number>;
  };
  export default english;
}
