import { describe, expect, it } from 'vitest';
import { AnomalyFeed, type StepVerdict } from '../../../../functions/lib/air-anomalies/index.js';
import { sensorLocations } from '../../../../models/air-quality/anomalies/evaluate.js';
import { loadDailyReadings } from '../../../../models/air-quality/train/data.js';

describe('the stuck test on the shipped German PM10 data (1998–2008)', () => {
  it('flags none of the real runs of identical values: DENI051 floor values and the natural runs of ≥ 3', () => {
    // Prepare: every run of ≥ 3 identical consecutive readings of a station
    const readings = loadDailyReadings();
    const runs: { station: string; value: number; at: number[] }[] = [];
    const current = new Map<string, { value: number; at: number[] }>();
    readings.forEach((r, i) => {
      const run = current.get(r.station);
      if (run && run.value === r.pm10) run.at.push(i);
      else {
        if (run && run.at.length >= 3) runs.push({ station: r.station, ...run });
        current.set(r.station, { value: r.pm10, at: [i] });
      }
    });
    for (const [station, run] of current) if (run.at.length >= 3) runs.push({ station, ...run });

    // Act
    const feed = new AnomalyFeed(sensorLocations());
    const verdicts: StepVerdict[] = [];
    for (const r of readings) verdicts.push(...feed.add({ sensor: r.station, step: r.day, value: r.pm10 }));
    verdicts.push(...feed.close());
    verdicts.sort((a, b) => a.sequence - b.sequence);

    // Assess: the runs the data README describes are there…
    const floorRuns = runs.filter((r) => r.station === 'DENI051' && r.value === 5);
    expect(floorRuns.length).toBeGreaterThanOrEqual(25);
    expect(Math.max(...floorRuns.map((r) => r.at.length))).toBe(6);
    expect(runs.length).toBeGreaterThanOrEqual(67);
    // …and not one reading in them is called stuck
    const flaggedStuck = runs.flatMap((r) =>
      r.at.filter((i) => verdicts[i]?.verdict.kind === 'stuck').map((i) => `${r.station} ${r.value} #${i}`),
    );
    expect(flaggedStuck).toEqual([]);
  });
});
