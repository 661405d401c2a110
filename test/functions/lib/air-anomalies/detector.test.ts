import { describe, expect, it } from 'vitest';
import {
  AnomalyReadingError,
  type AnomalyVerdict,
  checkReading,
  newSensorState,
  type SensorReading,
  type SensorState,
} from '../../../../functions/lib/air-anomalies/index.js';

/** A clean sensor: its expectation swings with the weather, and it reads within ±15 % of it, in fractions. */
function cleanReadings(count: number, from = 0): SensorReading[] {
  return Array.from({ length: count }, (_, k) => {
    const t = from + k;
    const expected = 25 + 12 * Math.sin(t / 3);
    return { value: Math.round(expected * (1 + 0.15 * Math.sin(t * 1.7)) * 1000) / 1000, expected };
  });
}

function run(readings: readonly SensorReading[], start: SensorState = newSensorState()) {
  let state = start;
  const verdicts: AnomalyVerdict[] = [];
  for (const reading of readings) {
    const step = checkReading(state, reading);
    state = step.state;
    verdicts.push(step.verdict);
  }
  return { state, verdicts };
}

describe('checkReading', () => {
  it('flags nothing on a clean sensor that follows its expectation', () => {
    // Act
    const { verdicts } = run(cleanReadings(200));

    // Assess
    expect(verdicts.filter((v) => v.anomaly)).toEqual([]);
    expect(verdicts.at(-1)?.reason).toMatch(/^as expected: /);
  });

  it('flags one reading six times too high as a spike, once, and the next clean reading not', () => {
    // Prepare
    const { state } = run(cleanReadings(60));
    const [spiked, after] = cleanReadings(2, 60) as [SensorReading, SensorReading];

    // Act
    const spike = checkReading(state, { ...spiked, value: spiked.value * 6 });
    const next = checkReading(spike.state, after);

    // Assess
    expect(spike.verdict).toMatchObject({ anomaly: true, kind: 'spike', episodeStart: true });
    expect(spike.verdict.score).toBeGreaterThanOrEqual(1);
    expect(spike.verdict.reason).toMatch(/^spike: [\d.]+ µg\/m³ where [\d.]+ µg\/m³ was expected/);
    expect(next.verdict.anomaly).toBe(false);
  });

  it('flags a fraction-resolution sensor repeating one value as stuck, starting one episode', () => {
    // Prepare
    const { state } = run(cleanReadings(60));
    const stuckAt = 31.625;
    const repeated = cleanReadings(8, 60).map((r) => ({ ...r, value: stuckAt }));

    // Act
    const { verdicts } = run([{ value: stuckAt, expected: 30 }, ...repeated], state);

    // Assess
    const firstFlag = verdicts.findIndex((v) => v.anomaly);
    expect(firstFlag).toBeGreaterThanOrEqual(2); // two identical readings are never enough
    expect(firstFlag).toBeLessThanOrEqual(4); // the 5th identical reading at the latest
    expect(verdicts.slice(firstFlag).every((v) => v.kind === 'stuck')).toBe(true);
    expect(verdicts.filter((v) => v.episodeStart)).toHaveLength(1);
    expect(verdicts[firstFlag]?.reason).toMatch(/^stuck: 31\.6 µg\/m³ repeated \d+ times in a row/);
  });

  it('does not call a whole-number sensor at its floor stuck for runs like the real ones (5 µg/m³ six times)', () => {
    // Prepare: a sensor reporting whole numbers, low, often at 5 (a detection-limit stand-in)
    const low = cleanReadings(80).map((r) => ({
      value: Math.max(5, Math.round(r.value / 3)),
      expected: (r.expected as number) / 3,
    }));
    const { state } = run(low);

    // Act
    const { verdicts } = run(
      Array.from({ length: 6 }, () => ({ value: 5, expected: 6 })),
      state,
    );

    // Assess
    expect(verdicts.filter((v) => v.kind === 'stuck')).toEqual([]);
  });

  it('flags a sensor creeping up 2 µg/m³ a day as drift within ten days, and lets it go when it is fixed', () => {
    // Prepare
    const { state } = run(cleanReadings(60));
    const drifting = cleanReadings(10, 60).map((r, k) => ({ ...r, value: r.value + 2 * (k + 1) }));

    // Act
    const during = run(drifting, state);
    const after = run(cleanReadings(20, 70), during.state);

    // Assess
    const flagged = during.verdicts.filter((v) => v.anomaly);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((v) => v.kind === 'drift')).toBe(true);
    expect(flagged[0]?.reason).toMatch(/^drift: .* above the expected/);
    expect(during.verdicts.filter((v) => v.episodeStart)).toHaveLength(1);
    expect(after.verdicts.slice(2).filter((v) => v.anomaly)).toEqual([]);
  });

  it('keeps score ≥ 1 for flagged readings only, even for a reading far below expectation that ends a drift', () => {
    // Prepare: a drift episode under way
    const { state } = run(cleanReadings(60));
    const during = run(
      cleanReadings(10, 60).map((r, k) => ({ ...r, value: r.value + 2 * (k + 1) })),
      state,
    );
    expect(during.state.episode).toBe('drift');
    const [next] = cleanReadings(1, 70) as [SensorReading];

    // Act
    const { verdict } = checkReading(during.state, { ...next, value: next.value / 8 });

    // Assess
    expect(verdict.score >= 1).toBe(verdict.anomaly);
  });

  it('leaves the state it is given alone, and a state that went through JSON gives the same answer', () => {
    // Prepare
    const { state } = run(cleanReadings(40));
    const before = structuredClone(state);
    const reading = { value: 150, expected: 20 };

    // Act
    const direct = checkReading(state, reading);
    const viaJson = checkReading(JSON.parse(JSON.stringify(state)), reading);

    // Assess
    expect(state).toEqual(before);
    expect(viaJson).toEqual(direct);
  });

  it('runs only the stuck test without an expectation, and refuses a negative value', () => {
    // Act
    const { verdicts } = run(cleanReadings(30).map((r) => ({ value: r.value })));

    // Assess
    expect(verdicts.every((v) => v.reason === 'no expectation: only the stuck test ran')).toBe(true);
    expect(() => checkReading(newSensorState(), { value: -1 })).toThrow(AnomalyReadingError);
  });
});
