import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  type DailyReading,
  dayNumber,
  parseStationTable,
  type StationInfo,
} from '../../../functions/lib/air-forecast/index.js';
import { DATA_FILES } from './data-files.js';

/**
 * Beside the sources a data file is `../data/<name>`; in a Lambda bundle this module is part of
 * one `index.mjs` at the bundle's root, and the retrainer ships the file at its repo path under
 * that root.
 */
function shipped(repoPath: (typeof DATA_FILES)[number]): URL {
  const besideSources = new URL(`../data/${repoPath.slice(repoPath.lastIndexOf('/') + 1)}`, import.meta.url);
  return existsSync(besideSources) ? besideSources : new URL(repoPath, import.meta.url);
}

/** The bootstrap data, copied into the repo so training and tests never read outside it. */
export const DATA_FILE = shipped(DATA_FILES[0]);
export const STATIONS_FILE = shipped(DATA_FILES[1]);

export const DATA_SOURCE =
  'EEA AirBase daily mean PM10 at 70 German rural background stations, 1998–2008 (135,675 station-days), as distributed in the R package spacetime (dataset `air`, compiled by B. Gräler, GPL ≥ 2); station altitude and types from gstat `DE_RB_2005`';

/** Every station-day of the bootstrap data, in date order (the file's order). */
export function loadDailyReadings(): DailyReading[] {
  const text = gunzipSync(readFileSync(DATA_FILE)).toString('utf8');
  const lines = text.split('\n');
  const readings: DailyReading[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const [station, date, pm10] = line.split(',');
    const day = dayNumber(date ?? '');
    if (!station || day === undefined || pm10 === undefined) throw new Error(`bad line ${i + 1} in ${DATA_FILE}`);
    readings.push({ station, day, pm10: Number(pm10) });
  }
  return readings;
}

export function loadStations(): Map<string, StationInfo> {
  return parseStationTable(readFileSync(STATIONS_FILE, 'utf8'));
}
