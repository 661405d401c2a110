import { describe, expect, it } from 'vitest';
import type { AnomalyFlagItem } from '../../../../functions/air-anomalies/flag-item.js';
import { HOURLY_DETECTOR_SETTINGS } from '../../../../functions/air-anomalies/hourly-settings.js';
import { sensorHours } from '../../../../functions/air-anomalies/sensor-hours.js';
import { newSensorProgress, type SensorProgress, sensorStep } from '../../../../functions/air-anomalies/sensor-step.js';
import { type AirQualityRecord, validateAirQualityRecord } from '../../../../functions/lib/air-records/index.js';
import type { DecodedRecord } from '../../../../functions/lib/kafka-event/index.js';
import { airQualityReplay, declaredReplayLocations } from '../../../../infra/local/demo/air-demo.js';
import { DEMO_AIR_FAULTS, PACE_MS, PACED_HOURS } from '../../../../infra/local/demo/air-faults.js';
import { HOUR_MS } from '../../../../infra/local/demo/air-replay.js';
import { DEMO_FAULT_RUN } from './helpers/fault-run.js';

const names = declaredReplayLocations().map((l) => l.name);

/** The backfill's valid readings per k, with and without the faults. */
function readings(now: number, faults = DEMO_AIR_FAULTS) {
  const stream = airQualityReplay({ now, faults });
  const out: { k: number; hourMs: number; reading: AirQualityRecord }[] = [];
  for (let k = 0; k < stream.backfill; k++) {
    try {
      out.push({
        k,
        hourMs: stream.hourOf(k),
        reading: validateAirQualityRecord(JSON.parse(stream.record(k).value.toString())),
      });
    } catch {
      // The 1 % malformed records.
    }
  }
  return { stream, out };
}

/** The hourly check run on the backfill hour by hour, every location of an hour together (the paced hours' order). */
function hourlyFlags(now: number): AnomalyFlagItem[] {
  const byHour = new Map<number, { record: DecodedRecord; reading: AirQualityRecord }[]>();
  for (const { k, hourMs, reading } of readings(now).out)
    byHour.set(hourMs, [
      ...(byHour.get(hourMs) ?? []),
      { record: { partition: 0, offset: k } as DecodedRecord, reading },
    ]);
  const progress = new Map<string, SensorProgress>();
  const flags: AnomalyFlagItem[] = [];
  for (const hour of [...byHour.keys()].sort((a, b) => a - b))
    for (const [sensor, hours] of sensorHours(byHour.get(hour)!, new Set(names))) {
      const step = sensorStep(progress.get(sensor) ?? newSensorProgress(), hours, HOURLY_DETECTOR_SETTINGS);
      progress.set(sensor, step.progress);
      flags.push(...step.flags);
    }
  return flags;
}

describe('the air demo’s injected sensor faults', () => {
  it('spikes Hamburg’s PM10 ×6 for one hour and holds it for 8 hours at the hour before’s value, touching nothing else', () => {
    // Prepare
    const now = DEMO_FAULT_RUN;
    const current = Math.floor(now / HOUR_MS) * HOUR_MS;

    // Act
    const faulty = readings(now).out;
    const clean = readings(now, []).out;

    // Assess
    expect(faulty.length).toBe(clean.length);
    const pm10 = (rows: typeof faulty, location: string, hourMs: number) =>
      rows.find((r) => r.reading.location === location && r.hourMs === hourMs)?.reading.readings.pm10?.value;
    const changed = faulty.filter((r, i) => JSON.stringify(r.reading) !== JSON.stringify(clean[i]!.reading));
    expect(changed.map((r) => [r.reading.location, (current - r.hourMs) / HOUR_MS])).toEqual(
      [9, 7, 6, 5, 4, 3, 2, 1, 0].map((h) => ['hamburg', h]),
    );
    const spikeHour = current - 9 * HOUR_MS;
    expect(pm10(faulty, 'hamburg', spikeHour)).toBeCloseTo(6 * pm10(clean, 'hamburg', spikeHour)!, 1);
    const held = pm10(clean, 'hamburg', current - 8 * HOUR_MS);
    for (let h = 7; h >= 0; h--) expect(pm10(faulty, 'hamburg', current - h * HOUR_MS)).toBe(held);
    // Everything but PM10 is as it was.
    for (const r of changed) {
      const before = clean.find((c) => c.k === r.k)!.reading;
      expect({ ...r.reading.readings, pm10: null }).toEqual({ ...before.readings, pm10: null });
    }
  });

  it('sends the backfill’s newest hours, the faults’ among them, one hour at a time after the rest', () => {
    // Prepare
    const { stream } = readings(DEMO_FAULT_RUN);
    const current = Math.floor(DEMO_FAULT_RUN / HOUR_MS) * HOUR_MS;

    // Act
    const paced = Array.from({ length: stream.backfill - stream.pacedFrom }, (_, i) => stream.pacedFrom + i);

    // Assess: every location's last PACED_HOURS hours, each hour at its own moment, in hour order.
    const hours = [...new Set(paced.map((k) => stream.hourOf(k)))];
    expect(hours).toEqual(Array.from({ length: PACED_HOURS }, (_, i) => current - (PACED_HOURS - 1 - i) * HOUR_MS));
    expect(paced.map((k) => stream.pacedAt(k))).toEqual(
      paced.map((k) => ((stream.hourOf(k) - hours[0]!) / HOUR_MS + 1) * PACE_MS),
    );
    expect(stream.hourOf(stream.pacedFrom - 1)).toBeLessThan(hours[0]!);
    for (const f of DEMO_AIR_FAULTS) expect(f.hoursBeforeNow).toBeLessThanOrEqual(PACED_HOURS - 1);
  });

  it('is found by the hourly check when each hour comes with every location’s reading: the runtime test’s start, and most others', () => {
    // Prepare: 26 start times through the year at varied hours, and the runtime test's.
    const starts = Array.from(
      { length: 26 },
      (_, i) => Date.UTC(2026, 0, 3) + i * 14 * 86_400_000 + ((i * 7) % 24) * HOUR_MS,
    );
    const found = (now: number) => {
      const current = Math.floor(now / HOUR_MS) * HOUR_MS;
      const flags = hourlyFlags(now).filter((f) => f.location === 'hamburg' && f.pollutant === 'pm10');
      return {
        spike: flags.some((f) => f.kind === 'spike' && Date.parse(f.hour) === current - 9 * HOUR_MS),
        stuck: flags.some((f) => f.kind === 'stuck' && Date.parse(f.hour) > current - 8 * HOUR_MS),
      };
    };

    // Act
    const run = found(DEMO_FAULT_RUN);
    const year = starts.map(found);

    // Assess
    const spikes = year.filter((f) => f.spike).length;
    const stuck = year.filter((f) => f.stuck).length;
    console.log(`demo faults found by the hourly check over ${starts.length} starts: spike ${spikes}, stuck ${stuck}`);
    expect(run).toEqual({ spike: true, stuck: true });
    expect(spikes / starts.length).toBeGreaterThanOrEqual(0.9);
    expect(stuck / starts.length).toBeGreaterThanOrEqual(0.9);
  });
});
