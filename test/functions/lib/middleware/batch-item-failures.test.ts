import { describe, expect, it } from 'vitest';
import { batchItemFailures, resumeOffsets } from '../../../../functions/lib/middleware/index.js';

describe('batchItemFailures', () => {
  it('names each partition once, at its lowest failed offset, partitions in first-seen order', () => {
    // Prepare
    const failed = [
      { topic: 'weather', partition: 2, offset: 40 },
      { topic: 'weather', partition: 0, offset: 17 },
      { topic: 'weather', partition: 2, offset: 12 },
      { topic: 'weather', partition: 0, offset: 19 },
      { topic: 'air-quality', partition: 0, offset: 5 },
    ];

    // Act
    const response = batchItemFailures(failed);

    // Assess
    expect(response).toEqual({
      batchItemFailures: [
        { itemIdentifier: { partition: 'weather-2', offset: 12 } },
        { itemIdentifier: { partition: 'weather-0', offset: 17 } },
        { itemIdentifier: { partition: 'air-quality-0', offset: 5 } },
      ],
    });
  });

  it('is an empty list when nothing failed', () => {
    // Prepare
    const failed: never[] = [];

    // Act
    const response = batchItemFailures(failed);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
  });
});

describe('resumeOffsets', () => {
  it('reads the lowest offset per partition and ignores what is not a response', () => {
    // Prepare
    const response = {
      batchItemFailures: [
        { itemIdentifier: { partition: 'feedback-1', offset: 9 } },
        { itemIdentifier: { partition: 'feedback-1', offset: 3 } },
        { itemIdentifier: null },
      ],
    };

    // Act
    const offsets = resumeOffsets(response);

    // Assess
    expect([...offsets]).toEqual([['feedback-1', 3]]);
    expect(resumeOffsets(undefined).size).toBe(0);
    expect(resumeOffsets({ batchItemFailures: 'no' }).size).toBe(0);
  });
});
