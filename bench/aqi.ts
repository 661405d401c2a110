import { aqiLine } from '../bin/aqi.js';
import { indexReading, parseReading } from '../functions/lib/air-quality/index.js';
import { fmt, printTable } from './table.js';

/**
 * The air-quality indices (functions/lib/air-quality) on 10,000 JSON readings of the shape
 * `tandem aqi` reads: US AQI + European AQI per record, against the floor of parsing the JSON
 * alone (indexing can be no faster than reading the record). Paths take turns for ROUNDS rounds
 * and each reports its best round, so load from elsewhere on the machine hits them alike.
 */
const RECORDS = 10_000;
const ROUNDS = 5;
const ROUND_MS = 300;

/** Deterministic readings (a fixed LCG) spread over every US AQI category, some pollutants missing. */
function readings(): string[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: RECORDS }, () => {
    const reading: Record<string, number> = { pm25: Math.round(next() * 3000) / 10, pm10: Math.round(next() * 500) };
    if (next() < 0.8) reading.o3 = Math.round(next() * 1200) / 10;
    if (next() < 0.8) reading.no2 = Math.round(next() * 400);
    if (next() < 0.5) reading.so2 = Math.round(next() * 300);
    if (next() < 0.5) reading.co = Math.round(next() * 200) / 10;
    return JSON.stringify(reading);
  });
}

/** Records per second of one round: whole passes of `work` for at least ROUND_MS. */
function round(work: () => void): number {
  let passes = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    work();
    passes++;
    elapsed = performance.now() - start;
  }
  return (RECORDS * passes * 1000) / elapsed;
}

export async function run(): Promise<void> {
  const lines = readings();
  const parsed = lines.map((l) => parseReading(JSON.parse(l)));
  let sink = 0;
  const paths: { path: string; work: () => void }[] = [
    {
      path: 'JSON.parse only (the floor)',
      work: () => {
        for (const l of lines) sink += (JSON.parse(l) as { pm25: number }).pm25;
      },
    },
    {
      path: 'JSON.parse + parseReading (validation)',
      work: () => {
        for (const l of lines) sink += parseReading(JSON.parse(l)).pm25 ?? 0;
      },
    },
    {
      path: 'JSON.parse + parseReading + indexReading (US AQI + EAQI)',
      work: () => {
        for (const l of lines) sink += indexReading(parseReading(JSON.parse(l))).usAqi ?? 0;
      },
    },
    {
      path: 'indexReading on already parsed readings (US AQI + EAQI alone)',
      work: () => {
        for (const r of parsed) sink += indexReading(r).usAqi ?? 0;
      },
    },
    {
      path: '`tandem aqi` per line: parse, index, JSON.stringify the answer',
      work: () => {
        lines.forEach((l, i) => {
          sink += JSON.stringify(aqiLine(l, i + 1)).length;
        });
      },
    },
  ];
  for (const p of paths) p.work();
  const best = paths.map(() => 0);
  for (let r = 0; r < ROUNDS; r++)
    paths.forEach((p, i) => {
      best[i] = Math.max(best[i] as number, round(p.work));
    });
  const floor = best[0] as number;
  printTable(
    `air-quality indices: ${fmt(RECORDS)} JSON readings (PM2.5, PM10, some O3/NO2/SO2/CO), one thread, best of ${ROUNDS} interleaved rounds`,
    paths.map((p, i) => ({
      path: p.path,
      'records/s': fmt(best[i] as number),
      'µs/record': fmt(1e6 / (best[i] as number), 2),
      'vs JSON.parse only': `${fmt(floor / (best[i] as number), 2)}×`,
    })),
  );
  if (Number.isNaN(sink)) process.stdout.write('');
}
