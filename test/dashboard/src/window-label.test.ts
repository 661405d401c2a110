import { describe, expect, it } from 'vitest';
import { utcClock, windowLabel, windowSeconds, windowSizeLabel } from '../../../dashboard/src/window-label.js';

describe('window labels', () => {
  it('names a window by its UTC bounds, whatever the offset of the times given', () => {
    // Act
    const labels = [
      windowLabel({ start: '2026-11-21T10:20:00.000Z', end: '2026-11-21T10:30:00.000Z' }),
      windowLabel({ start: '2026-11-21T12:50:00+02:00', end: '2026-11-21T13:00:00+02:00' }),
      windowLabel({ start: '2026-11-21T23:50:00Z', end: '2026-11-22T00:00:00Z' }),
    ];

    // Assess
    expect(labels).toEqual(['10:20–10:30 UTC', '10:50–11:00 UTC', '23:50–00:00 UTC']);
  });

  it('names window sizes in the largest whole unit', () => {
    // Act
    const sizes = [60, 600, 3600, 7200, 90].map(windowSizeLabel);

    // Assess
    expect(sizes).toEqual(['1-minute', '10-minute', '1-hour', '2-hour', '90-second']);
  });

  it('measures a window and prints a clock time in UTC', () => {
    // Act
    const seconds = windowSeconds({ start: '2026-11-21T10:20:00Z', end: '2026-11-21T10:21:00Z' });
    const clock = utcClock(new Date('2026-11-21T10:20:05.900Z'));

    // Assess
    expect([seconds, clock]).toEqual([60, '10:20:05']);
  });
});
