import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * The real daily PM10 history the air-quality demo replays: the bundled EEA AirBase extract
 * (models/air-quality/data/de-pm10-daily-1998-2008.csv.gz, daily means in µg/m³ at German
 * rural background stations; provenance in that folder), read once and kept for the stations
 * asked for. Never read from ../shared at run time: the bundled copy ships with the repo.
 */

const DATA = new URL('../../../models/air-quality/data/de-pm10-daily-1998-2008.csv.gz', import.meta.url);

/** First and last day of the bundled history (UTC dates). */
export const HISTORY_FIRST_DAY = '1998-01-01';
export const HISTORY_LAST_DAY = '2008-12-31';

/** Daily PM10 (µg/m³) per station, per date `YYYY-MM-DD`. */
export type Pm10History = ReadonlyMap<string, ReadonlyMap<string, number>>;

let cache: Map<string, Map<string, number>> | undefined;

/** Daily PM10 of every station in the bundled file (parsed once per process, about 135,000 rows). */
export function pm10History(): Pm10History {
  if (cache) return cache;
  const byStation = new Map<string, Map<string, number>>();
  const lines = gunzipSync(readFileSync(DATA)).toString('utf8').trim().split('\n');
  for (const line of lines.slice(1)) {
    const [station, date, pm10] = line.split(',');
    const value = Number(pm10);
    if (!station || !date || pm10 === '' || !Number.isFinite(value)) continue;
    let days = byStation.get(station);
    if (!days) byStation.set(station, (days = new Map()));
    days.set(date, value);
  }
  cache = byStation;
  return cache;
}
