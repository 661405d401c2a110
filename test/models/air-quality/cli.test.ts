import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  calendarOf,
  FEATURE_COUNT,
  ForecastFeed,
  type ForecastRow,
  isoDate,
  loadAirForecastScorer,
} from '../../../functions/lib/air-forecast/index.js';
import { loadDailyReadings, loadStations } from '../../../models/air-quality/train/data.js';
import { runTandem } from '../../bin/helpers/tandem-cli.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL_DIR = `${root}models/air-quality`;

const runCli = runTandem;

const parse = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

/** 1–20 January 2008 of eight stations, as the command reads them (one has a weather forecast). */
function january(): { station: string; date: string; pm10: number; windSpeedMs?: number }[] {
  const stations = new Set([...new Set(loadDailyReadings().map((r) => r.station))].sort().slice(20, 28));
  return loadDailyReadings()
    .filter((r) => stations.has(r.station) && calendarOf(r.day).year === 2008 && calendarOf(r.day).month === 1)
    .filter((r) => calendarOf(r.day).date <= 20)
    .map((r, i) => ({
      station: r.station,
      date: isoDate(r.day),
      pm10: r.pm10,
      ...(i === 3 ? { windSpeedMs: 9 } : {}),
    }));
}

describe('tandem air forecast', () => {
  it('forecasts d+1 for every reading with the shipped model, from input dated ≤ d only', async () => {
    // Prepare: the expected forecasts, through the same feed and scorer in-process.
    const input = january();
    const feed = new ForecastFeed(loadStations());
    const rows: ForecastRow[] = [];
    for (const r of input) {
      rows.push(
        ...feed.add({
          station: r.station,
          day: Date.parse(r.date) / 86_400_000,
          pm10: r.pm10,
          weather: r.windSpeedMs === undefined ? undefined : { windSpeedMs: r.windSpeedMs },
        }),
      );
    }
    rows.push(...feed.close());
    const scorer = await loadAirForecastScorer({ modelDir: MODEL_DIR });
    const x = new Float32Array(rows.length * FEATURE_COUNT);
    for (const [i, row] of rows.entries()) x.set(row.features, i * FEATURE_COUNT);
    const expected = await scorer.predict(x, rows.length);
    const baseValue = scorer.baseValue;
    await scorer.release();
    const cutDate = '2008-01-10';
    const upToCut = input.filter((r) => r.date <= cutDate);

    // Act: the whole input, and the input cut after 10 January.
    const full = await runCli(['air', 'forecast'], input.map((r) => JSON.stringify(r)).join('\n'));
    const cut = await runCli(['air', 'forecast'], `${upToCut.map((r) => JSON.stringify(r)).join('\n')}\n`);

    // Assess
    expect(full.stderr).toBe('');
    expect(full.code).toBe(0);
    const out = parse(full.stdout);
    expect(out).toHaveLength(input.length);
    expect(input.length).toBeGreaterThan(100);
    for (const [i, line] of out.entries()) {
      const row = rows[i] as ForecastRow;
      expect(line.station).toBe(row.station);
      expect(line.date).toBe(isoDate(row.day + 1));
      expect(line.pm10).toBeCloseTo(expected[i] as number, 2);
      expect(line.baseValue).toBeCloseTo(baseValue, 2);
      expect(line.reasons.length).toBeGreaterThan(0);
      expect(line.reasons.length).toBeLessThanOrEqual(3);
      for (const reason of line.reasons) expect(reason.text).toMatch(/: [+−]\d+(\.\d)? µg\/m³$/);
    }
    // A forecast for d+1 is the same whether or not later days were in the input.
    expect(parse(cut.stdout)).toEqual(out.slice(0, upToCut.length));
  });

  it('answers a bad line with an error line, carries on, and exits 1', async () => {
    // Prepare
    const lines = [
      '{"station":"DEBY004","date":"2008-01-02","pm10":20}',
      'not json',
      '{"station":"DEBY004","date":"2008-01-02","pm10":21}',
      '{"station":"DEBY005","date":"2008-02-30","pm10":20}',
      '{"station":"DEBY005","date":"2008-01-02","pm10":-3}',
      '{"station":"DEBY005","date":"2008-01-02","pm10":25,"windSpeedMs":"fast"}',
      '{"station":"DEBY005","date":"2008-01-03","pm10":25}',
      '{"station":"DEBY006","date":"2008-01-01","pm10":25}',
      '{"station":"DEBY004","date":"2008-01-03","pm10":30}',
    ];

    // Act
    const { code, stdout } = await runCli(['air', 'forecast'], lines.join('\n'));

    // Assess
    expect(code).toBe(1);
    const out = parse(stdout);
    expect(out.filter((l) => 'error' in l).map((l) => l.line)).toEqual([2, 3, 4, 5, 6, 8]);
    expect(out.filter((l) => 'pm10' in l).map((l) => `${l.station} ${l.date}`)).toEqual([
      'DEBY004 2008-01-03',
      'DEBY005 2008-01-04',
      'DEBY004 2008-01-04',
    ]);
  });
});
