import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { AirQualityError, indexReading, parseReading, type ReadingIndex } from '../functions/lib/air-quality/index.js';
import { writeOutput } from './command-io.js';

/**
 * `tandem aqi`: one JSON reading per input line → one JSON line with its US AQI (EPA, 2024
 * breakpoints) and European AQI, computed by functions/lib/air-quality, the code the pipeline
 * uses. A line that cannot be indexed gets `{"error": "..."}` in its place and the command
 * carries on; the exit code is 1 if any line failed. Blank lines are skipped.
 */
export const AQI_USAGE = `usage: tandem aqi [--help]

Reads one JSON object per line on stdin, writes one JSON line per input line.

input keys (all optional; null = not measured):
  pm25  PM2.5, 24-hour mean (or NowCast), µg/m³
  pm10  PM10, 24-hour mean (or NowCast), µg/m³
  o3    ozone, 8-hour mean, ppb (at most 200: above that EPA indexes 1-hour ozone)
  no2   NO2, 1-hour mean, ppb
  so2   SO2, 1-hour mean, ppb (at most 304: above that EPA indexes the 24-hour mean)
  co    CO, 8-hour mean, ppm

output:
  {"usAqi": <integer or null>, "usCategory": "Good" … "Hazardous" | null,
   "dominant": <input key setting usAqi> | null, "subIndices": {<key>: <integer>, …},
   "eaqi": {"level": 1 … 6, "category": "Good" … "Extremely poor"} | null}
  or {"error": "<why>"} for a line that cannot be read; exit code 1 if any line failed.

The US AQI truncates each concentration as EPA specifies and extrapolates above 500
("Beyond the AQI"). The European AQI is defined on hourly values; it is applied here
to the averages given (24-hour PM, 8-hour O3), which can read better than hourly peaks.
Gases are converted ppb → µg/m³ at 25 °C and 1 atm for the European AQI.

example:
  echo '{"pm25": 12, "o3": 65, "no2": 20}' | npx tandem aqi
`;

export interface AqiCommandOptions {
  /** Arguments after `aqi`. */
  args?: readonly string[];
  input?: Readable;
  output?: Writable;
  errors?: Writable;
}

/** The output line for one input line. Errors other than bad input are bugs and propagate. */
export function aqiLine(line: string, lineNumber: number): ReadingIndex | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { error: `line ${lineNumber}: not JSON: ${(error as Error).message}` };
  }
  try {
    return indexReading(parseReading(value));
  } catch (error) {
    if (error instanceof AirQualityError) return { error: `line ${lineNumber}: ${error.message}` };
    throw error;
  }
}

/** Output is flushed in chunks of about this many characters, waiting while the reader is behind. */
const FLUSH_CHARS = 64 * 1024;

async function flush(output: Writable, text: string): Promise<void> {
  if (text !== '') await writeOutput(output, text);
}

/** Runs the command; resolves to the process exit code. */
export async function runAqiCommand(options: AqiCommandOptions = {}): Promise<number> {
  const args = options.args ?? [];
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const errors = options.errors ?? process.stderr;
  if (args.includes('--help') || args.includes('-h')) {
    output.write(AQI_USAGE);
    return 0;
  }
  if (args.length > 0) {
    errors.write(`tandem aqi: unknown argument ${JSON.stringify(args[0])}\n\n${AQI_USAGE}`);
    return 2;
  }

  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let failed = false;
  let lineNumber = 0;
  let pending = '';
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      const result = aqiLine(line, lineNumber);
      if ('error' in result) failed = true;
      pending += `${JSON.stringify(result)}\n`;
      if (pending.length >= FLUSH_CHARS) {
        await flush(output, pending);
        pending = '';
      }
    }
    await flush(output, pending);
  } catch (error) {
    // The reader went away (`tandem aqi < big.jsonl | head`): stop quietly.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return failed ? 1 : 0;
    throw error;
  } finally {
    lines.close();
  }
  return failed ? 1 : 0;
}
