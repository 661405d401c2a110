import { describe, expect, it } from 'vitest';
import { commonPhrases } from '../../../../functions/lib/notifications/phrases.js';

describe('commonPhrases', () => {
  it('ranks word pairs and words by the texts they occur in, stopwords left out', () => {
    // Prepare
    const texts = [
      'The checkout fails every time, checkout fails again!',
      'Checkout fails on my phone',
      'Why does checkout fail? Refund please',
      'I want a refund, the app crashes',
      'App crashes at login',
    ];

    // Act
    const phrases = commonPhrases(texts);

    // Assess: "checkout fails" counts once for the first text; "checkout" (3 texts) is inside it.
    expect(phrases).toEqual([
      { phrase: 'app crashes', count: 2 },
      { phrase: 'checkout fails', count: 2 },
      { phrase: 'refund', count: 2 },
    ]);
  });

  it('gives the same phrases whatever the order of the texts, and none below the least count', () => {
    // Prepare
    const texts = ['slow sync', 'sync is slow', 'slow sync again', 'great'];

    // Act
    const forward = commonPhrases(texts, 5, 2);
    const backward = commonPhrases([...texts].reverse(), 5, 2);

    // Assess
    expect(forward).toEqual(backward);
    expect(forward).toEqual([{ phrase: 'slow sync', count: 2 }]);
    expect(commonPhrases(['only once here'], 5, 2)).toEqual([]);
  });
});
