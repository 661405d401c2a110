import type { AirQualityRecord } from '../../../functions/lib/air-records/index.js';
import { validateAirQualityRecord } from '../../../functions/lib/air-records/index.js';
import { airQualityReplay } from '../../../infra/local/demo/air-demo.js';

/** One demo reading in topic order, with the position it would have on a 3-partition topic. */
export interface DemoHour {
  hourMs: number;
  reading: AirQualityRecord;
  partition: number;
  offset: number;
}

/**
 * The `air-quality` demo's backfill for a run started at `now` (14 days of hours before it,
 * every declared location), without the malformed records, each laid on partition k mod 3 as
 * a keyed topic spreads them, offsets counting per partition.
 */
export function demoHours(now: number): DemoHour[] {
  const stream = airQualityReplay({ now });
  const out: DemoHour[] = [];
  const offsets = [0, 0, 0];
  for (let k = 0; k < stream.backfill; k++) {
    const hourMs = stream.hourOf(k);
    if (hourMs >= now) continue;
    const partition = k % 3;
    const offset = offsets[partition]!++;
    let reading: AirQualityRecord;
    try {
      reading = validateAirQualityRecord(JSON.parse(stream.record(k).value.toString()));
    } catch {
      continue;
    }
    out.push({ hourMs, reading, partition, offset });
  }
  return out;
}
