import { AirForecastError } from './errors.js';
import type { StationInfo } from './features.js';

/**
 * Parses a station table, CSV with a header naming at least `station`, and any of `lon`,
 * `lat`, `altitude_m`, `station_type`, `area_type` (the layout of
 * models/air-quality/data/de-pm10-stations.csv, from AirBase). Empty cells are unknown.
 * No quoted fields: station ids and AirBase types hold no commas.
 */
export function parseStationTable(csv: string): Map<string, StationInfo> {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',');
  const col = (name: string) => header.indexOf(name);
  const [iStation, iLon, iLat, iAlt, iType, iArea] = [
    'station',
    'lon',
    'lat',
    'altitude_m',
    'station_type',
    'area_type',
  ].map(col) as number[];
  if (iStation === -1) throw new AirForecastError('station table has no "station" column');
  const number = (cells: string[], i: number) => {
    const cell = i === -1 ? '' : (cells[i] ?? '').trim();
    return cell === '' ? undefined : Number(cell);
  };
  const word = (cells: string[], i: number) => {
    const cell = i === -1 ? '' : (cells[i] ?? '').trim();
    return cell === '' ? undefined : cell;
  };
  const table = new Map<string, StationInfo>();
  for (const line of lines) {
    const cells = line.split(',');
    table.set((cells[iStation as number] ?? '').trim(), {
      lon: number(cells, iLon as number),
      lat: number(cells, iLat as number),
      altitudeM: number(cells, iAlt as number),
      stationType: word(cells, iType as number),
      areaType: word(cells, iArea as number),
    });
  }
  return table;
}
