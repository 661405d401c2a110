import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  AirForecastError,
  type AirForecastScorer,
  type DailyReading,
  dayNumber,
  FEATURE_COUNT,
  ForecastFeed,
  type ForecastRow,
  isoDate,
  loadAirForecastScorer,
  parseStationTable,
  topReasons,
  type WeatherForecast,
} from '../functions/lib/air-forecast/index.js';
import { modelLocation, writeOutput } from './command-io.js';
import { exitWithUsage, parseCommandLine } from './command-line.js';

/**
 * `tandem air forecast [--model <dir|model.onnx>] [--stations <csv>]`: daily mean PM10
 * readings as JSON lines on stdin, in date order,
 *
 *   {"station":"DEBY013","date":"2008-03-01","pm10":31.2, "lon"?, "lat"?,
 *    "temperatureC"?, "windSpeedMs"?, "precipitationMm"?, "humidityPct"?, "pressureHpa"?}
 *
 * (the weather fields: the forecast for the next day), and for each reading of (station, d)
 * one JSON line `{"station","date": d+1,"pm10","reasons":[{feature,text,contribution}],"baseValue"}`
 * from the shipped model, using only readings dated ≤ d: the same ForecastFeed as training
 * keeps each station's last 7 days. A day's forecasts are written when the day closes (the
 * first reading of a later date, or the end of input), because the network mean of d is the
 * mean over every reading of d, as in training; so one day's forecasts come out together,
 * in input order, after any error lines of that day. A line that is not a valid reading (or
 * is out of date order, or repeats a station's day) gets `{"error","line"}` and is skipped;
 * the exit code is then 1.
 */
export interface AirForecastCommandOptions {
  model?: string | undefined;
  stations?: string | undefined;
  input?: Readable;
  output?: Writable;
  errors?: Writable;
}

const root = new URL('../', import.meta.url);
const DEFAULT_MODEL_DIR = fileURLToPath(new URL('models/air-quality/', root));
const DEFAULT_STATIONS = fileURLToPath(new URL('models/air-quality/data/de-pm10-stations.csv', root));
const MAX_LINE = 64 * 1024;
const WEATHER_FIELDS = ['temperatureC', 'windSpeedMs', 'precipitationMm', 'humidityPct', 'pressureHpa'] as const;

/** The reading on one input line, or why it is not one. */
export function parseReading(line: string): DailyReading | { error: string } {
  if (line.length > MAX_LINE) return { error: `line longer than ${MAX_LINE} characters` };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'not a JSON object' };
  const o = value as Record<string, unknown>;
  if (typeof o.station !== 'string' || o.station === '' || o.station.length > 64) {
    return { error: '"station" must be a non-empty string of at most 64 characters' };
  }
  const day = typeof o.date === 'string' ? dayNumber(o.date) : undefined;
  if (day === undefined) return { error: '"date" must be a calendar date YYYY-MM-DD' };
  if (typeof o.pm10 !== 'number' || !Number.isFinite(o.pm10) || o.pm10 < 0) {
    return { error: '"pm10" must be a number ≥ 0 (daily mean, µg/m³)' };
  }
  const optional = (key: string, min: number, max: number): number | undefined | { error: string } => {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      return { error: `"${key}" must be a number in ${min}…${max}` };
    }
    return v;
  };
  const ranges: Record<string, [number, number]> = {
    lon: [-180, 180],
    lat: [-90, 90],
    temperatureC: [-90, 60],
    windSpeedMs: [0, 120],
    precipitationMm: [0, 2000],
    humidityPct: [0, 100],
    pressureHpa: [800, 1100],
  };
  const read: Record<string, number | undefined> = {};
  for (const [key, [min, max]] of Object.entries(ranges)) {
    const v = optional(key, min, max);
    if (typeof v === 'object') return v;
    read[key] = v;
  }
  const weather: WeatherForecast = {};
  for (const key of WEATHER_FIELDS) if (read[key] !== undefined) weather[key] = read[key];
  return {
    station: o.station,
    day,
    pm10: o.pm10,
    lon: read.lon,
    lat: read.lat,
    weather: Object.keys(weather).length > 0 ? weather : undefined,
  };
}

/** The forecast lines of one closed day: one onnxruntime run for all its rows, SHAP (TreeSHAP + linear) per row. */
async function forecastLines(scorer: AirForecastScorer, rows: ForecastRow[]): Promise<string> {
  if (rows.length === 0) return '';
  const features = new Float32Array(rows.length * FEATURE_COUNT);
  for (const [i, row] of rows.entries()) features.set(row.features, i * FEATURE_COUNT);
  const pm10 = await scorer.predict(features, rows.length);
  let out = '';
  rows.forEach((row, i) => {
    const { contributions, baseValue } = scorer.explain(row.features);
    out += `${JSON.stringify({
      station: row.station,
      date: isoDate(row.day + 1),
      pm10: Math.round((pm10[i] as number) * 100) / 100,
      reasons: topReasons(contributions, row.features),
      baseValue: Math.round(baseValue * 100) / 100,
    })}\n`;
  });
  return out;
}

/** Runs `tandem air forecast`; resolves to the exit code. */
export async function runAirForecastCommand(options: AirForecastCommandOptions = {}): Promise<number> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const errors = options.errors ?? process.stderr;
  let scorer: AirForecastScorer;
  let feed: ForecastFeed;
  try {
    feed = new ForecastFeed(parseStationTable(await readFile(options.stations ?? DEFAULT_STATIONS, 'utf8')));
    scorer = await loadAirForecastScorer(await modelLocation(options.model ?? DEFAULT_MODEL_DIR));
  } catch (error) {
    errors.write(`tandem air forecast: ${(error as Error).message}\n`);
    return 1;
  }

  try {
    return await streamDailyReadings(input, output, {
      add: (reading) => feed.add(reading),
      refuses: (error) => error instanceof AirForecastError,
      render: (rows) => forecastLines(scorer, rows),
      close: () => feed.close(),
    });
  } finally {
    await scorer.release();
  }
}

/** What a daily-readings command does with each valid reading (streamDailyReadings). */
export interface DailyReadingSteps<T> {
  /** Takes a reading; returns what it closed (a day's worth, or nothing yet). */
  add(reading: DailyReading): T;
  /** Whether an error `add` threw is the reading's fault: an error line, not a crash. */
  refuses(error: unknown): error is Error;
  /** The output lines of what `add` or `close` returned. */
  render(closed: T): string | Promise<string>;
  /** What is still open at the end of input. */
  close(): T;
}

/**
 * The loop the daily-readings commands (`air forecast`, `air anomalies`) share: one reading per
 * line on `input`, in order; a line that is not a reading, or that `add` refuses, gets
 * `{"error","line"}` and is skipped; blank lines are skipped; a reader that goes away (EPIPE,
 * `… | head`) ends it quietly. Resolves to the exit code: 1 when any line was refused.
 */
export async function streamDailyReadings<T>(
  input: Readable,
  output: Writable,
  steps: DailyReadingSteps<T>,
): Promise<number> {
  let bad = 0;
  let lineNumber = 0;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const refuse = async (error: string) => {
    bad++;
    await writeOutput(output, `${JSON.stringify({ error, line: lineNumber })}\n`);
  };
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      const reading = parseReading(line);
      if ('error' in reading) {
        await refuse(reading.error);
        continue;
      }
      let closed: T;
      try {
        closed = steps.add(reading);
      } catch (error) {
        if (!steps.refuses(error)) throw error;
        await refuse(error.message);
        continue;
      }
      await writeOutput(output, await steps.render(closed));
    }
    await writeOutput(output, await steps.render(steps.close()));
  } catch (error) {
    // The reader went away (`… | head`): stop quietly.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return bad > 0 ? 1 : 0;
    throw error;
  } finally {
    lines.close();
  }
  return bad > 0 ? 1 : 0;
}

const AIR_USAGE = `usage: tandem air forecast [--model <dir|model.onnx>] [--stations <csv>]

reads daily PM10 JSON lines {"station","date","pm10", optional "lon","lat" and weather fields} in
date order on stdin; writes tomorrow's forecast per station with its top reasons

  --model PATH     model directory or model.onnx (default: models/air-quality in this repo)
  --stations CSV   station table (station,lon,lat,…; default: the bundled German PM10 stations)

also: tandem air anomalies (spike, stuck and drift flags per reading; see its --help)
`;

/** `tandem air <subcommand> …`: `forecast`, and `anomalies` (bin/air-anomalies.ts). */
export async function runAirCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'anomalies') return (await import('./air-anomalies.js')).runAirAnomaliesCli(rest);
  const air = {
    name: 'tandem air forecast',
    usage: AIR_USAGE,
    options: { model: { type: 'string' }, stations: { type: 'string' } },
    args: rest,
  } as const;
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(AIR_USAGE);
    return 0;
  }
  if (sub !== 'forecast')
    exitWithUsage({ ...air, name: 'tandem air' }, `unknown subcommand ${JSON.stringify(sub ?? '')}`);
  const { values } = parseCommandLine(air);
  return runAirForecastCommand({ model: values.model, stations: values.stations });
}
