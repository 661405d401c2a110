import { readFileSync } from 'node:fs';
import { INVALID_UTF8 } from './malformed.js';
import { prng } from './prng.js';
import { wikiChange } from './wiki-changes.js';

export { prng } from './prng.js';

/**
 * Demo record generators for `npm start`, one per topic generator name in
 * `pipeline.ts`. Deterministic for a given sequence number (a seeded PRNG), and
 * each sends a small share of malformed records so the dead-letter path is
 * visibly exercised.
 */
export interface DemoRecord {
  key: string | null;
  value: Buffer;
  headers?: Map<string, string>;
}

export type Generator = (seq: number) => DemoRecord;

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

/**
 * Feedback texts. With the shipped sentiment model about a third score below 0.3 and a third
 * above 0.9, so the Slack sink receives both negative and positive notifications under
 * `npm start` (the runtime test checks the summary counts both); the rest fall in between.
 */
const FEEDBACK = [
  'The new dashboard is fantastic, thank you!',
  'Checkout keeps failing with a timeout, really frustrating.',
  'Support answered in minutes and fixed my issue.',
  'The app crashes every time I upload a photo.',
  'Pricing is fair for what you get.',
  'Worst update ever, I cannot find anything now.',
  'Love the dark mode.',
  'Delivery was two weeks late and nobody replied to my emails.',
  'It works, nothing special.',
  'Great product, would recommend to my team.',
  'Terrible support, I waited a week and nobody helped.',
  'The support chat was useless and the bug is still there after three weeks.',
];
const SOURCES = ['slack', 'twitter', 'web'] as const;

function feedback(seq: number): DemoRecord {
  const r = prng(seq);
  if (seq % 50 === 7) return { key: null, value: INVALID_UTF8 };
  if (seq % 50 === 23) return { key: null, value: Buffer.from('{"id": "broken", "text": ') };
  const source = SOURCES[Math.floor(r() * SOURCES.length)] as string;
  const id = `fb-${seq}`;
  return {
    key: id,
    value: json({
      id,
      source,
      text: FEEDBACK[Math.floor(r() * FEEDBACK.length)],
      ts: new Date().toISOString(),
      author: `user${Math.floor(r() * 500)}`,
      ...(source === 'slack' ? { channel: '#product' } : {}),
      ...(source === 'twitter' ? { url: `https://x.com/i/status/${1_800_000_000_000_000_000n + BigInt(seq)}` } : {}),
    }),
    headers: new Map([['source', source]]),
  };
}

interface AirRow {
  ozone: number | null;
  solar: number | null;
  wind: number;
  temp: number;
}

let airRows: AirRow[] | undefined;
function rows(): AirRow[] {
  airRows ??= readFileSync(new URL('./data/airquality.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [ozone, solar, wind, temp] = line.split(',');
      const num = (s: string | undefined) => (s === undefined || s === '' || s === 'NA' ? null : Number(s));
      return { ozone: num(ozone), solar: num(solar), wind: Number(wind), temp: Number(temp) };
    });
  return airRows;
}
const STATIONS = ['nyc-roosevelt-island', 'nyc-central-park', 'nyc-laguardia'] as const;

function weather(seq: number): DemoRecord {
  const row = rows()[seq % rows().length] as AirRow;
  const station = STATIONS[seq % STATIONS.length] as string;
  if (seq % 100 === 42) return { key: station, value: INVALID_UTF8 };
  return {
    key: station,
    value: json({
      station,
      ts: new Date().toISOString(),
      temperatureF: row.temp,
      windMph: row.wind,
      solarRadiationLangleys: row.solar,
    }),
  };
}

function airQuality(seq: number): DemoRecord {
  const row = rows()[seq % rows().length] as AirRow;
  const r = prng(seq * 31);
  const station = STATIONS[seq % STATIONS.length] as string;
  return {
    key: station,
    value: json({
      station,
      ts: new Date().toISOString(),
      o3Ppb: row.ozone,
      no2Ppb: Math.round(10 + r() * 40),
      so2Ppb: Math.round(r() * 10),
      pm10: Math.round(10 + r() * 60),
      pm25: Math.round(5 + r() * 30),
      coPpm: Math.round(r() * 40) / 10,
    }),
  };
}

export const generators: Record<string, Generator> = {
  feedback,
  'wiki-changes': wikiChange,
  weather,
  'air-quality': airQuality,
};
