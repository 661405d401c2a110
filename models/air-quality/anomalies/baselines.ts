/** A streaming detector the evaluation runs: one station's readings in date order, flag or not. */
export interface StationDetector {
  name: string;
  /** Flags (true) or passes one reading of `station`; called in date order. */
  check(station: string, value: number): boolean;
}

/** |x − mean| > z × sd over the station's trailing window of readings (faulty ones included: it cannot tell). */
export function trailingZScore(window: number, z: number, minReadings = 10): StationDetector {
  const history = new Map<string, number[]>();
  return {
    name: `z-score > ${z} on the trailing ${window} readings`,
    check(station, value) {
      let h = history.get(station);
      if (!h) history.set(station, (h = []));
      let flagged = false;
      if (h.length >= minReadings) {
        const mean = h.reduce((a, b) => a + b, 0) / h.length;
        const sd = Math.sqrt(h.reduce((a, b) => a + (b - mean) ** 2, 0) / (h.length - 1));
        flagged = sd > 0 && Math.abs(value - mean) > z * sd;
      }
      h.push(value);
      if (h.length > window) h.shift();
      return flagged;
    },
  };
}

/** The same value `times` readings in a row. */
export function sameValueRepeated(times = 3): StationDetector {
  const runs = new Map<string, { value: number; length: number }>();
  return {
    name: `same value ${times} times in a row`,
    check(station, value) {
      const run = runs.get(station);
      const length = run && run.value === value ? run.length + 1 : 1;
      runs.set(station, { value, length });
      return length >= times;
    },
  };
}
