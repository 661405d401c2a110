import { describe, expect, it } from 'vitest';
import { deadLetterTally } from '../../../infra/local/dead-letter-tally.js';

const notice = (partition: number, offset: number | null) => ({
  function: 'archiver',
  topic: 'feedback',
  partition,
  offset,
});

describe('deadLetterTally', () => {
  it('counts a record dead-lettered again by a retried batch once', () => {
    // Prepare
    const tally = deadLetterTally();

    // Act
    for (const offset of [3, 7, 3, 7, 9]) tally.note(notice(0, offset));
    tally.note(notice(1, 3));

    // Assess
    expect(tally.count('archiver', 'feedback')).toBe(4);
    expect(tally.count('archiver', 'weather')).toBe(0);
  });

  it('forgets records once their trigger has committed past them, and still counts them', () => {
    // Prepare
    const tally = deadLetterTally();
    for (let offset = 0; offset < 10_000; offset += 2) tally.note(notice(0, offset));

    // Act
    tally.settle('archiver', 'feedback', { 'feedback-0': 9_000, 'feedback-1': null });
    // A late echo of a committed record (an abandoned invoke finishing) is not a new dead letter.
    tally.note(notice(0, 4));
    tally.note(notice(0, 9_001));

    // Assess
    expect(tally.count('archiver', 'feedback')).toBe(5_001);
    expect(tally.remembered()).toBe(501);
  });
});
