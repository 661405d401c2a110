import { describe, expect, it } from 'vitest';
import { digestMessage } from '../../../../functions/lib/notifications/digest-message.js';
import type { DigestRecord } from '../../../../functions/lib/notifications/types.js';

const PAGE: DigestRecord = {
  type: 'digest',
  feedbackId: '2025-06-01T10:00:00.000Z#0',
  channel: '#negative-feedback digest',
  targetChannel: '#negative-feedback',
  kind: 'negative',
  idempotencyKey: '#negative-feedback digest:2025-06-01T10:00:00.000Z#0',
  state: 'pending',
  intervalStart: '2025-06-01T10:00:00.000Z',
  intervalEnd: '2025-06-01T10:05:00.000Z',
  ids: new Set(['b-2', 'a-1', 'c-3']),
  attempts: 0,
  deferrals: 0,
  createdAt: '2025-06-01T10:00:01.000Z',
  expiresAt: 0,
};

describe('digestMessage', () => {
  it('says how many, of which band, in which interval, the common phrases and where to read them', () => {
    // Prepare
    const texts = new Map([
      ['a-1', 'Checkout fails <again>'],
      ['b-2', 'checkout fails on mobile'],
      ['c-3', 'cannot log in'],
    ]);

    // Act
    const message = digestMessage(structuredClone(PAGE), {
      postsPerMinute: 10,
      queryApiUrl: 'https://api.example.com/prod/',
      texts,
    });

    // Assess
    expect(message.text).toBe(
      ':rotating_light: *3 more negative feedback* in the 5 minutes 10:00–10:05 UTC (2025-06-01), beyond the 10 a minute posted one by one.\n' +
        'Most common: “checkout fails” (2)\n' +
        '<https://api.example.com/prod/v1/feedback?band=negative&limit=100|Read them in the query API>',
    );
    expect(message.metadata).toEqual({
      event_type: 'tandem_feedback_digest',
      event_payload: {
        idempotency_key: PAGE.idempotencyKey,
        channel: '#negative-feedback',
        kind: 'negative',
        interval_start: PAGE.intervalStart,
        interval_end: PAGE.intervalEnd,
        count: 3,
        feedback_ids: ['a-1', 'b-2', 'c-3'],
      },
    });
  });

  it('gives the route as a path when no query API URL is set, and no phrases line when none repeats', () => {
    // Act
    const message = digestMessage(structuredClone(PAGE), { postsPerMinute: 0, queryApiUrl: '', texts: new Map() });

    // Assess
    expect(String(message.text).split('\n').slice(1)).toEqual([
      'Read them in the query API: `GET /v1/feedback?band=negative&limit=100`',
    ]);
  });
});
