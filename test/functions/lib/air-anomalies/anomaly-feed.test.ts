import { describe, expect, it } from 'vitest';
import { AnomalyFeed, AnomalyReadingError, type StepVerdict } from '../../../../functions/lib/air-anomalies/index.js';

describe('AnomalyFeed', () => {
  it('answers a day when it closes, in input order, judging each reading against the others of its day', () => {
    // Prepare: five sensors tracking each other for 30 days, then E reads eight times the others
    const feed = new AnomalyFeed();
    const out: StepVerdict[] = [];
    for (let day = 0; day < 31; day++) {
      const level = 20 + 10 * Math.sin(day / 4);
      for (const [i, sensor] of ['A', 'B', 'C', 'D', 'E'].entries()) {
        const value = Math.round(level * (1 + 0.1 * Math.sin(day * 1.3 + i)) * 1000) / 1000;
        const closed = feed.add({ sensor, step: day, value: sensor === 'E' && day === 30 ? value * 8 : value });
        if (day < 30) out.push(...closed);
        else expect(closed.map((v) => v.step)).toEqual(i === 0 ? [29, 29, 29, 29, 29] : []);
      }
    }

    // Act
    const last = feed.close();

    // Assess
    expect(out.filter((v) => v.verdict.anomaly)).toEqual([]);
    expect(last.map((v) => [v.sensor, v.verdict.kind])).toEqual([
      ['A', null],
      ['B', null],
      ['C', null],
      ['D', null],
      ['E', 'spike'],
    ]);
    expect(last.map((v) => v.sequence)).toEqual([150, 151, 152, 153, 154]);
    expect(feed.states.get('E')?.learned).toBe(30);
  });

  it('refuses a reading dated before the open day and a second reading of a sensor for it', () => {
    // Prepare
    const feed = new AnomalyFeed();
    feed.add({ sensor: 'A', step: 5, value: 10 });

    // Act / Assess
    expect(() => feed.add({ sensor: 'B', step: 4, value: 10 })).toThrow(AnomalyReadingError);
    expect(() => feed.add({ sensor: 'A', step: 5, value: 11 })).toThrow(/second reading of A/);
    expect(() => feed.add({ sensor: 'B', step: 5, value: Number.NaN })).toThrow(AnomalyReadingError);
    expect(feed.close().map((v) => v.sensor)).toEqual(['A']);
  });
});
