import { describe, expect, it } from 'vitest';
import { HOURLY_DETECTOR_SETTINGS } from '../../../functions/air-anomalies/hourly-settings.js';
import { sensorHours } from '../../../functions/air-anomalies/sensor-hours.js';
import { newSensorProgress, type SensorProgress, sensorStep } from '../../../functions/air-anomalies/sensor-step.js';
import type { DecodedRecord } from '../../../functions/lib/kafka-event/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { demoHours } from '../helpers/air-demo-hours.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const STRETCHES = 26;
const FIRST = Date.UTC(2026, 0, 14);

/**
 * The hourly settings on the demo's data (real 2008 PM10 shaped into hours): 26 two-week
 * stretches of 2026 back to back, 4 locations × 6 pollutants, hour by hour as the pipeline
 * sees them. Clean, the share of readings flagged; then with faults in PM10 (a seeded 1 in 50
 * location-hours starts one: a spike ×5, or a stuck run of 8 hours at the last value), the
 * share of faults flagged at least once. Prints the figures hourly-settings.ts quotes.
 */
function run(withFaults: boolean) {
  const declared = new Set(Object.keys(pipeline.locations ?? {}));
  const progress = new Map<string, SensorProgress>();
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const stuck = new Map<string, { until: number; value: number; id: string }>();
  const faultOf = new Map<string, { kind: 'spike' | 'stuck'; id: string }>();
  const injected = { spike: new Set<string>(), stuck: new Set<string>() };
  const found = { spike: new Set<string>(), stuck: new Set<string>() };
  let checked = 0;
  let flaggedClean = 0;
  for (let s = 0; s < STRETCHES; s++) {
    const byHour = new Map<
      number,
      { record: DecodedRecord; reading: ReturnType<typeof demoHours>[number]['reading'] }[]
    >();
    for (const h of demoHours(FIRST + s * 14 * DAY_MS)) {
      const pm10 = h.reading.readings.pm10;
      if (withFaults && pm10 !== null) {
        const id = `${h.reading.location}|${h.hourMs}`;
        const run = stuck.get(h.reading.location);
        if (run !== undefined && h.hourMs < run.until) {
          pm10.value = run.value;
          faultOf.set(id, { kind: 'stuck', id: run.id });
        } else if (random() < 1 / 50) {
          if (random() < 0.5) {
            pm10.value *= 5;
            injected.spike.add(id);
            faultOf.set(id, { kind: 'spike', id });
          } else {
            injected.stuck.add(id);
            stuck.set(h.reading.location, { until: h.hourMs + 8 * HOUR_MS, value: pm10.value, id });
          }
        }
      }
      const record = { topic: 'air-quality', partition: h.partition, offset: h.offset } as DecodedRecord;
      byHour.set(h.hourMs, [...(byHour.get(h.hourMs) ?? []), { record, reading: h.reading }]);
    }
    for (const hour of [...byHour.keys()].sort((a, b) => a - b))
      for (const [sensor, hours] of sensorHours(byHour.get(hour)!, declared)) {
        const step = sensorStep(progress.get(sensor) ?? newSensorProgress(), hours, HOURLY_DETECTOR_SETTINGS);
        progress.set(sensor, step.progress);
        checked += step.checked;
        for (const flag of step.flags) {
          const fault =
            flag.pollutant === 'pm10' ? faultOf.get(`${flag.location}|${Date.parse(flag.hour)}`) : undefined;
          if (fault) found[fault.kind].add(fault.id);
          else flaggedClean++;
        }
      }
  }
  return { checked, flaggedClean, injected, found };
}

describe('air-anomalies: the hourly settings on the demo hours', () => {
  it('flag few clean readings and find injected spikes and stuck runs', () => {
    // Act
    const clean = run(false);
    const faulty = run(true);

    // Assess
    const falseRate = clean.flaggedClean / clean.checked;
    const spikeRecall = faulty.found.spike.size / faulty.injected.spike.size;
    const stuckRecall = faulty.found.stuck.size / faulty.injected.stuck.size;
    console.log(
      `clean: ${clean.flaggedClean}/${clean.checked} flagged (${(100 * falseRate).toFixed(3)} %); ` +
        `spikes found ${faulty.found.spike.size}/${faulty.injected.spike.size} (${spikeRecall.toFixed(2)}), ` +
        `stuck runs found ${faulty.found.stuck.size}/${faulty.injected.stuck.size} (${stuckRecall.toFixed(2)})`,
    );
    expect(clean.checked).toBeGreaterThan(150_000);
    expect(falseRate).toBeLessThan(0.001);
    expect(faulty.injected.spike.size).toBeGreaterThan(200);
    expect(spikeRecall).toBeGreaterThanOrEqual(0.9);
    expect(stuckRecall).toBeGreaterThanOrEqual(0.85);
  });
});
