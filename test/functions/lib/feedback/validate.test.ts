import { describe, expect, it } from 'vitest';
import {
  codePoints,
  FeedbackValidationError,
  feedbackProblem,
  isKnownSource,
  validateFeedback,
} from '../../../../functions/lib/feedback/index.js';

const VALID = { id: 'fb-1', source: 'web', text: 'Great support', ts: '2025-06-01T10:00:00Z' };

describe('feedback validation', () => {
  it('keeps the known fields, drops the rest, and treats null optional fields as absent', () => {
    // Act
    const feedback = validateFeedback({
      ...VALID,
      author: null,
      channel: '#product',
      url: 'https://x.com/i/1',
      rating: 5,
    });

    // Assess
    expect(feedback).toEqual({ ...VALID, channel: '#product', url: 'https://x.com/i/1' });
  });

  it('accepts ISO 8601 date-times with a zone, fractions, offsets and leap days', () => {
    // Prepare
    const stamps = [
      '2025-06-01T10:00Z',
      '2025-06-01T10:00:00.123456789+02:00',
      '2024-02-29T23:59:59-05:30',
      '2025-06-01t10:00:00z',
    ];

    // Act
    const problems = stamps.map((ts) => feedbackProblem({ ...VALID, ts }));

    // Assess
    expect(problems).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('names the first field at fault', () => {
    // Prepare
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...VALID, id: undefined }, 'id', 'id is required and must be a string, got undefined'],
      [{ ...VALID, id: ' ' }, 'id', 'id must not be blank'],
      [{ ...VALID, source: '' }, 'source', 'source must not be blank'],
      [{ ...VALID, text: 3 }, 'text', 'text is required and must be a string, got number'],
      [{ ...VALID, text: '' }, 'text', 'text must be 1..4000 characters, got 0'],
      [{ ...VALID, text: '\n\t ' }, 'text', 'text must not be only white space'],
      [{ ...VALID, ts: '2025-06-01' }, 'ts', 'ts must be an ISO 8601 date-time with a time zone, got "2025-06-01"'],
      [
        { ...VALID, ts: '2023-02-29T00:00:00Z' },
        'ts',
        'ts must be an ISO 8601 date-time with a time zone, got "2023-02-29T00:00:00Z"',
      ],
      [
        { ...VALID, ts: '2025-06-01T24:00:00Z' },
        'ts',
        'ts must be an ISO 8601 date-time with a time zone, got "2025-06-01T24:00:00Z"',
      ],
      [{ ...VALID, ts: 1717236000000 }, 'ts', 'ts is required and must be an ISO 8601 date-time string, got number'],
      [{ ...VALID, channel: ['#a'] }, 'channel', 'channel must be a string when present, got an array'],
      [{ ...VALID, url: 'ftp://example.com/x' }, 'url', 'url must be an absolute http or https URL'],
    ];

    // Act
    const problems = cases.map(([value]) => feedbackProblem(value));

    // Assess
    expect(problems).toEqual(cases.map(([, field, message]) => ({ field, message })));
  });

  it('counts text length in code points: 4,000 emoji are accepted, 4,001 are not', () => {
    // Prepare
    const emoji = '😀';

    // Act
    const atLimit = feedbackProblem({ ...VALID, text: emoji.repeat(4000) });
    const over = feedbackProblem({ ...VALID, text: emoji.repeat(4001) });

    // Assess
    expect(codePoints(emoji.repeat(3))).toBe(3);
    expect(atLimit).toBeUndefined();
    expect(over).toEqual({ field: 'text', message: 'text must be 1..4000 characters, got 4001' });
  });

  it('throws FeedbackValidationError with the field, and tells known sources from unknown ones', () => {
    // Act
    const error = (() => {
      try {
        validateFeedback('just text');
      } catch (e) {
        return e;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(FeedbackValidationError);
    expect(error).toMatchObject({ field: '(body)', message: 'feedback must be a JSON object, got string' });
    expect(['slack', 'twitter', 'x', 'bluesky', 'web', 'http', 'mastodon'].map(isKnownSource)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });
});
