import { readFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  AnomalyFeed,
  AnomalyReadingError,
  type SensorLocation,
  type StepVerdict,
} from '../functions/lib/air-anomalies/index.js';
import { isoDate, parseStationTable } from '../functions/lib/air-forecast/index.js';
import { streamDailyReadings } from './air-forecast.js';
import { parseCommandLine } from './command-line.js';

/**
 * `tandem air anomalies [--stations <csv>]`: daily mean PM10 readings as JSON lines on stdin,
 * in date order, `{"station":"DEBY013","date":"2008-03-01","pm10":31.2, "lon"?, "lat"?}`, and
 * for each one JSON line `{"station","date","anomaly","kind","score","reason"}`: whether the
 * reading looks like a sensor fault (spike, stuck or drift), from the same detector the
 * evaluation scores. The answer for day d uses only readings dated ≤ d; a day is answered
 * when it closes (the first reading of a later date, or the end of input), because a reading
 * is judged against the other stations of its day; so one day's lines come out together, in
 * input order, after any error lines of that day. A line that is not a valid reading (or is
 * out of date order, or repeats a station's day) gets `{"error","line"}` and is skipped; the
 * exit code is then 1.
 */
export interface AirAnomaliesCommandOptions {
  stations?: string | undefined;
  input?: Readable;
  output?: Writable;
  errors?: Writable;
}

const DEFAULT_STATIONS = fileURLToPath(new URL('../models/air-quality/data/de-pm10-stations.csv', import.meta.url));

function verdictLines(verdicts: readonly StepVerdict[]): string {
  let out = '';
  for (const { sensor, step, verdict } of verdicts) {
    out += `${JSON.stringify({
      station: sensor,
      date: isoDate(step),
      anomaly: verdict.anomaly,
      kind: verdict.kind,
      score: verdict.score,
      reason: verdict.reason,
    })}\n`;
  }
  return out;
}

/** Runs `tandem air anomalies`; resolves to the exit code. */
export async function runAirAnomaliesCommand(options: AirAnomaliesCommandOptions = {}): Promise<number> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const errors = options.errors ?? process.stderr;
  let feed: AnomalyFeed;
  try {
    const locations = new Map<string, SensorLocation>();
    for (const [id, info] of parseStationTable(await readFile(options.stations ?? DEFAULT_STATIONS, 'utf8'))) {
      if (info.lon !== undefined && info.lat !== undefined) locations.set(id, { lon: info.lon, lat: info.lat });
    }
    feed = new AnomalyFeed(locations);
  } catch (error) {
    errors.write(`tandem air anomalies: ${(error as Error).message}\n`);
    return 1;
  }

  return streamDailyReadings(input, output, {
    add: (reading) =>
      feed.add({
        sensor: reading.station,
        step: reading.day,
        value: reading.pm10,
        location:
          reading.lon !== undefined && reading.lat !== undefined ? { lon: reading.lon, lat: reading.lat } : undefined,
      }),
    refuses: (error) => error instanceof AnomalyReadingError,
    render: verdictLines,
    close: () => feed.close(),
  });
}

export const AIR_ANOMALIES_USAGE = `usage: tandem air anomalies [--stations <csv>]

reads daily PM10 JSON lines {"station","date","pm10", optional "lon","lat"} in date order on stdin;
writes one JSON line per reading: {"station","date","anomaly","kind","score","reason"}, where kind is
"spike", "stuck", "drift" or null and score ≥ 1 exactly when anomaly is true. A reading is judged
against the median of the other stations of its day within 150 km (else of all of them), so a day is
answered when the next date (or the end of input) arrives.

  --stations CSV   station table (station,lon,lat,…; default: the bundled German PM10 stations)
`;

/** `tandem air anomalies …` with its arguments (after the subcommand). */
export async function runAirAnomaliesCli(args: string[]): Promise<number> {
  const { values } = parseCommandLine({
    name: 'tandem air anomalies',
    usage: AIR_ANOMALIES_USAGE,
    options: { stations: { type: 'string' } },
    args,
  });
  return runAirAnomaliesCommand({ stations: values.stations });
}
