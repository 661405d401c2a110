import { describe, expect, it } from 'vitest';
import { decodeFeedbackCursor, encodeFeedbackCursor } from '../../../functions/query-api/feedback-cursor.js';

describe('feedback cursor', () => {
  it('round-trips a position as base64url', () => {
    // Prepare
    const position = { id: 'slack-Ev0PV52K21/ü?', band: 'negative', tsUtc: '2025-06-01T08:00:00.000Z' };

    // Act
    const cursor = encodeFeedbackCursor(position);

    // Assess
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeFeedbackCursor(cursor, 'negative')).toEqual(position);
  });

  it('refuses a cursor of another band, naming cursor', () => {
    // Prepare
    const cursor = encodeFeedbackCursor({ id: 'a', band: 'positive', tsUtc: '2025-06-01T10:00:00.000Z' });

    // Act
    const decode = () => decodeFeedbackCursor(cursor, 'negative');

    // Assess
    expect(decode).toThrow(expect.objectContaining({ field: 'cursor', statusCode: 400 }));
  });
});
