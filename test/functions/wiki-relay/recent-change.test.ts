import { describe, expect, it } from 'vitest';
import { recentChangeRecord, SSE_ID_HEADER } from '../../../functions/wiki-relay/recent-change.js';
import { recentChange } from '../helpers/recent-change-stream.js';

const event = (data: string, lastEventId = '[{"topic":"eqiad.mediawiki.recentchange","partition":0,"offset":7}]') => ({
  type: 'message',
  data,
  lastEventId,
});

describe('recentChangeRecord', () => {
  it('relays the data byte for byte, keyed by meta.id, with the SSE id in a header', () => {
    // Prepare: 2^63 - 1 as a JSON number would not survive a parse and re-encode.
    const data = JSON.stringify(recentChange('unit', 1)).replace('"offset":5000000001', '"offset":9223372036854775807');
    const input = event(data);

    // Act
    const decision = recentChangeRecord(input);

    // Assess
    expect(decision).toEqual({
      relay: true,
      record: { key: 'unit-1', value: Buffer.from(data), headers: { [SSE_ID_HEADER]: input.lastEventId } },
    });
  });

  it('keys by the SSE id when the event has no meta.id, and sends no header when there is no id', () => {
    // Prepare
    const data = JSON.stringify({ meta: { domain: 'canary', dt: '2025-06-01T00:00:00Z' } });

    // Act
    const withId = recentChangeRecord(event(data, '42'));
    const withoutId = recentChangeRecord(event(data, ''));

    // Assess
    expect(withId).toEqual({
      relay: true,
      record: { key: '42', value: Buffer.from(data), headers: { 'sse-id': '42' } },
    });
    expect(withoutId).toEqual({ relay: true, record: { key: 'canary', value: Buffer.from(data) } });
  });

  it('skips, with a reason, what is not a recentchange-shaped JSON object', () => {
    // Prepare
    const cases: [Parameters<typeof recentChangeRecord>[0], string][] = [
      [event('not json'), 'not-json'],
      [event('{"meta": '), 'not-json'],
      [event('[1,2]'), 'not-object'],
      [event('null'), 'not-object'],
      [event('"text"'), 'not-object'],
      [event('{"type":"edit"}'), 'no-meta'],
      [event('{"meta":[]}'), 'no-meta'],
      [event('{"meta":{"domain":"","dt":"2025-06-01T00:00:00Z"}}'), 'no-meta'],
      [event('{"meta":{"domain":"en.wikipedia.org"}}'), 'no-meta'],
      [event('{"meta":{"domain":7,"dt":"2025-06-01T00:00:00Z"}}'), 'no-meta'],
      [{ ...event(JSON.stringify(recentChange('unit', 2))), type: 'error' }, 'event-type'],
    ];

    // Act
    const reasons = cases.map(([input]) => {
      const decision = recentChangeRecord(input);
      return decision.relay ? 'relayed' : decision.reason;
    });

    // Assess
    expect(reasons).toEqual(cases.map(([, reason]) => reason));
  });

  it('skips data over the size limit, counting bytes, not characters', () => {
    // Prepare: 4 characters, 10 bytes of UTF-8.
    const data = JSON.stringify({ meta: { domain: 'x', dt: 'y' }, t: '☕☕' });
    const limit = Buffer.byteLength(data) - 1;

    // Act
    const decision = recentChangeRecord(event(data), limit);

    // Assess
    expect(decision).toEqual({
      relay: false,
      reason: 'too-large',
      detail: `${limit + 1} bytes, over the ${limit} relayed`,
    });
  });
});
