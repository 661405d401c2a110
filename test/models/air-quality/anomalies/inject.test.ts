import { describe, expect, it } from 'vitest';
import { sameValueRepeated, trailingZScore } from '../../../../models/air-quality/anomalies/baselines.js';
import { FAULTS, injectFaults } from '../../../../models/air-quality/anomalies/inject.js';

const DAY_2008 = 13_879; // 2008-01-01

/** Two stations reporting every day of 2007 and 2008, values that never repeat. */
function readings() {
  const out: { station: string; day: number; pm10: number }[] = [];
  for (let day = DAY_2008 - 365; day < DAY_2008 + 366; day++) {
    for (const station of ['A', 'B']) out.push({ station, day, pm10: 20 + ((day * 7.3 + station.length) % 11) });
  }
  return out;
}

describe('injectFaults', () => {
  it('injects spikes, stuck runs and drifts of the stated sizes into the chosen year only, the same for the same seed', () => {
    // Prepare
    const clean = readings();

    // Act
    const first = injectFaults(clean, 2008, 7);
    const again = injectFaults(clean, 2008, 7);
    const other = injectFaults(clean, 2008, 8);

    // Assess
    expect(again).toEqual(first);
    expect(other.events).not.toEqual(first.events);
    const { readings: out, events } = first;
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['spike', 'stuck', 'drift']));
    out.forEach((r, i) => {
      const before = clean[i] as { pm10: number };
      if (r.event === -1) {
        expect(r.pm10).toBe(before.pm10);
        return;
      }
      expect(r.day).toBeGreaterThanOrEqual(DAY_2008);
      const event = events[r.event];
      if (event?.kind === 'spike') {
        expect(r.pm10 / before.pm10).toBeGreaterThanOrEqual(FAULTS.spikeFactor[0] - 1e-3);
        expect(r.pm10 / before.pm10).toBeLessThanOrEqual(FAULTS.spikeFactor[1] + 1e-3);
      } else if (event?.kind === 'drift') {
        expect(r.pm10 - before.pm10).toBeCloseTo(2 * (r.day - event.firstDay + 1), 6);
      }
    });
    for (const [id, e] of events.entries()) {
      const values = out.filter((r) => r.event === id).map((r) => r.pm10);
      expect(values).toHaveLength(e.readings);
      if (e.kind === 'stuck') {
        expect(e.readings).toBeGreaterThanOrEqual(5);
        expect(e.readings).toBeLessThanOrEqual(10);
        // stuck at the last good value: the reading before the run
        const firstIndex = out.findIndex((r) => r.event === id);
        const previous = out.slice(0, firstIndex).findLast((r) => r.station === e.station);
        expect(new Set(values)).toEqual(new Set([previous?.pm10]));
      }
    }
  });
});

describe('the baselines', () => {
  it('flag a far reading by trailing z-score and a third identical reading', () => {
    // Prepare
    const z = trailingZScore(30, 3);
    const same = sameValueRepeated(3);

    // Act
    const zFlags = [10, 11, 12, 10, 11, 12, 10, 11, 12, 10, 11, 40].map((v) => z.check('A', v));
    const sameFlags = [5, 5, 6, 6, 6, 6].map((v) => same.check('A', v));

    // Assess
    expect(zFlags).toEqual([...Array(11).fill(false), true]);
    expect(sameFlags).toEqual([false, false, false, false, true, true]);
  });
});
