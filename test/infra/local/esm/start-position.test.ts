import { describe, expect, it } from 'vitest';
import { chooseStarts, startingPositionQuery } from '../../../../infra/local/esm/start-position.js';

describe('startingPositionQuery', () => {
  it('asks ListOffsets for earliest, latest or a timestamp', () => {
    expect(startingPositionQuery({ startingPosition: 'TRIM_HORIZON' })).toBe(-2n);
    expect(startingPositionQuery({ startingPosition: 'LATEST' })).toBe(-1n);
    expect(
      startingPositionQuery({ startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: 1_718_712_000_000 }),
    ).toBe(1_718_712_000_000n);
  });
});

describe('chooseStarts', () => {
  it('prefers committed offsets and applies the starting position only to partitions without one', () => {
    // Act
    const starts = chooseStarts([12n, -1n, -1n], [0n, 5n, -1n], [20n, 9n, 4n]);

    // Assess
    expect(starts).toEqual([
      { partition: 0, offset: 12, committed: 12 },
      { partition: 1, offset: 5, committed: null },
      // No record at or after the timestamp yet: start at the log end.
      { partition: 2, offset: 4, committed: null },
    ]);
  });

  it('treats a committed offset of 0 as committed', () => {
    expect(chooseStarts([0n], [7n], [7n])).toEqual([{ partition: 0, offset: 0, committed: 0 }]);
  });
});
