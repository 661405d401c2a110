import { ANOMALY_KINDS, type AnomalyKind } from '../../../functions/lib/air-anomalies/index.js';
import { mulberry32 } from '../train/random.js';

/** One daily reading of the evaluation stream, with the fault injected into it, if any. */
export interface EvalReading {
  station: string;
  day: number;
  pm10: number;
  /** Index of the injected event this reading belongs to, or -1 for a clean reading. */
  event: number;
}

/** An injected fault: its kind and the readings it altered. */
export interface InjectedEvent {
  kind: AnomalyKind;
  station: string;
  /** Day number of its first reading. */
  firstDay: number;
  readings: number;
}

/** How the faults are drawn (the figures). */
export const FAULTS = {
  /** A spike multiplies one reading by a factor drawn uniformly in this range. */
  spikeFactor: [4, 8],
  /** A stuck sensor repeats its last good value for this many readings (inclusive). */
  stuckReadings: [5, 10],
  /** A drift adds this many µg/m³ per day since it began, for this many days. */
  driftPerDay: 2,
  driftDays: 10,
  /** Clean readings before each fault, drawn uniformly in this range, so the detector settles. */
  gapReadings: [20, 40],
} as const;

/**
 * Injects faults into the readings of one year, station by station, at seeded random places:
 * a clean gap, then one fault, kinds taken in turn from a shuffled cycle so each is about a
 * third of the events. Readings of other years pass unchanged (the warm-up). Returns the
 * readings in their original (date) order.
 */
export function injectFaults(
  readings: readonly { station: string; day: number; pm10: number }[],
  year: number,
  seed: number,
): { readings: EvalReading[]; events: InjectedEvent[] } {
  const random = mulberry32(seed);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const out: EvalReading[] = readings.map((r) => ({ ...r, event: -1 }));
  const byStation = new Map<string, number[]>();
  out.forEach((r, i) => {
    if (new Date(r.day * 86_400_000).getUTCFullYear() !== year) return;
    let list = byStation.get(r.station);
    if (!list) byStation.set(r.station, (list = []));
    list.push(i);
  });

  const events: InjectedEvent[] = [];
  const kinds = [ANOMALY_KINDS.spike, ANOMALY_KINDS.stuck, ANOMALY_KINDS.drift];
  for (const station of [...byStation.keys()].sort()) {
    const at = byStation.get(station) as number[];
    let pos = 0;
    for (;;) {
      pos += Math.floor(between(FAULTS.gapReadings[0], FAULTS.gapReadings[1] + 1));
      const kind = kinds[Math.floor(random() * kinds.length)] as AnomalyKind;
      const length =
        kind === ANOMALY_KINDS.spike
          ? 1
          : kind === ANOMALY_KINDS.stuck
            ? Math.floor(between(FAULTS.stuckReadings[0], FAULTS.stuckReadings[1] + 1))
            : FAULTS.driftDays;
      if (pos + length > at.length) break;
      const first = out[at[pos] as number] as EvalReading;
      const id = events.length;
      if (kind === ANOMALY_KINDS.drift) {
        // Days, not readings: a drift grows with time whether or not the station reported.
        let n = 0;
        for (let k = pos; k < at.length; k++) {
          const r = out[at[k] as number] as EvalReading;
          const days = r.day - first.day + 1;
          if (days > FAULTS.driftDays) break;
          r.pm10 = round3(r.pm10 + FAULTS.driftPerDay * days);
          r.event = id;
          n++;
        }
        events.push({ kind, station, firstDay: first.day, readings: n });
        pos += n;
        continue;
      }
      if (kind === ANOMALY_KINDS.spike) {
        first.pm10 = round3(first.pm10 * between(FAULTS.spikeFactor[0], FAULTS.spikeFactor[1]));
        first.event = id;
      } else {
        const stuckAt = (out[at[pos - 1] as number] as EvalReading).pm10;
        for (let k = pos; k < pos + length; k++) {
          const r = out[at[k] as number] as EvalReading;
          r.pm10 = stuckAt;
          r.event = id;
        }
      }
      events.push({ kind, station, firstDay: first.day, readings: length });
      pos += length;
    }
  }
  return { readings: out, events };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
