import type { AirAnomaly } from './air-contracts.js';

/**
 * Where the air history chart marks a location's sensor anomalies, and what it says about them.
 * The chart's x axis is days, so an hour's flag is marked on its day, and the text names the
 * hour; a closed day's flag (the daily drift check) names the daily mean. Pure.
 */
export interface AnomalyMarkers {
  /** Per chart day, the height of its marker (the day's PM10 mean, where the eye already is), or null: no flag. */
  points: (number | null)[];
  /** Per chart day, one line per flag of the day: the tooltip's. */
  lines: string[][];
  /** The flags on the chart's days, oldest first, each with its line and reason. */
  shown: { anomaly: AirAnomaly; line: string }[];
}

const KIND_NAMES: Record<AirAnomaly['kind'], string> = { spike: 'Spike', stuck: 'Stuck', drift: 'Drift' };
const POLLUTANT_NAMES: Record<string, string> = {
  pm25: 'PM2.5',
  pm10: 'PM10',
  o3: 'O₃',
  no2: 'NO₂',
  so2: 'SO₂',
  co: 'CO',
};

/** One flag in a line: kind, pollutant, which hour (or the daily mean), score. */
export function anomalyLine(a: AirAnomaly): string {
  const what = POLLUTANT_NAMES[a.pollutant] ?? a.pollutant;
  const when =
    a.span === 'day' ? `daily mean of ${a.hour.slice(5, 10)}` : `${a.hour.slice(5, 10)} ${a.hour.slice(11, 16)} UTC`;
  return `${KIND_NAMES[a.kind]}: ${what}, ${when} (score ${a.score.toFixed(2)})`;
}

/**
 * @param dates the chart's days, `YYYY-MM-DD`
 * @param heights per day, where a marker sits (the PM10 mean, else 0)
 */
export function anomalyMarkers(
  dates: readonly string[],
  heights: readonly (number | null)[],
  anomalies: readonly AirAnomaly[],
): AnomalyMarkers {
  const index = new Map(dates.map((d, i) => [d, i]));
  const lines: string[][] = dates.map(() => []);
  const shown: { anomaly: AirAnomaly; line: string }[] = [];
  for (const anomaly of [...anomalies].sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0))) {
    const i = index.get(anomaly.hour.slice(0, 10));
    if (i === undefined) continue;
    const line = anomalyLine(anomaly);
    lines[i]!.push(line);
    shown.push({ anomaly, line });
  }
  return { points: lines.map((l, i) => (l.length === 0 ? null : (heights[i] ?? 0))), lines, shown };
}
