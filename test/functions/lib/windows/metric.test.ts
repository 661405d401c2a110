import { describe, expect, it } from 'vitest';
import { parseEventTime, windowMetric } from '../../../../functions/lib/windows/index.js';
import { pipeline } from '../../../../infra/pipeline.js';

describe('windowMetric', () => {
  const byUser = windowMetric('wiki-edits-by-user', pipeline.metrics['wiki-edits-by-user']!, 3);
  const feedback = windowMetric('feedback-by-band-1m', pipeline.metrics['feedback-by-band-1m']!, 3);

  it('reads the shape and settings declared in pipeline.ts', () => {
    // Assess
    expect(byUser.shape).toEqual({ sizeMs: 600_000, slideMs: 600_000 });
    expect(byUser.latenessMs).toBe(600_000);
    expect(byUser.retentionSeconds).toBe(7 * 86_400);
  });

  it('keys by the declared fields joined with |, and refuses missing, empty or non-scalar ones', () => {
    // Assess
    expect(feedback.key({ source: 'web', band: 'negative' })).toBe('web|negative');
    expect(feedback.key({ source: 'web' })).toBeUndefined();
    expect(feedback.key({ source: '', band: 'negative' })).toBeUndefined();
    expect(feedback.key({ source: { a: 1 }, band: 'negative' })).toBeUndefined();
    expect(byUser.key({ user: '2001:db8::1' })).toBe('2001:db8::1');
  });

  it('admits only what the filter lists', () => {
    // Assess
    expect(byUser.admits({ type: 'edit' })).toBe(true);
    expect(byUser.admits({ type: 'new' })).toBe(true);
    expect(byUser.admits({ type: 'log' })).toBe(false);
    expect(byUser.admits({})).toBe(false);
    expect(feedback.admits({})).toBe(true);
  });

  it('reads event times in each declared format, and refuses what is not a time', () => {
    // Assess
    expect(byUser.eventTime({ timestamp: 1_793_527_200 })).toBe(1_793_527_200_000);
    expect(parseEventTime(1_793_527_200_123, 'unix-millis')).toBe(1_793_527_200_123);
    expect(feedback.eventTime({ ts: '2026-11-01T10:00:00.5+01:00' })).toBe(Date.UTC(2026, 10, 1, 9, 0, 0, 500));
    expect(feedback.eventTime({ ts: '2026-11-01t10:00:00z' })).toBe(Date.UTC(2026, 10, 1, 10, 0, 0));
    expect(feedback.eventTime({ ts: '2026-11-01' })).toBeUndefined();
    expect(byUser.eventTime({ timestamp: '1793527200' })).toBeUndefined();
    expect(byUser.eventTime({ timestamp: Number.NaN })).toBeUndefined();
    expect(parseEventTime(1_793_527_200_000, 'unix-seconds')).toBeUndefined();
  });
});
