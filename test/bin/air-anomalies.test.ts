import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runTandem } from './helpers/tandem-cli.js';

/** Real readings of Jan–Apr 2007 from the shipped data, as the command takes them. */
function realReadings(): { station: string; date: string; pm10: number }[] {
  const csv = gunzipSync(readFileSync(`${REPO_ROOT}models/air-quality/data/de-pm10-daily-1998-2008.csv.gz`)).toString();
  return csv
    .split('\n')
    .slice(1)
    .filter((l) => l >= 'DE' && l.includes(',2007-0') && (l.split(',')[1] as string) < '2007-05-01')
    .map((l) => {
      const [station, date, pm10] = l.split(',') as [string, string, string];
      return { station, date, pm10: Number(pm10) };
    });
}

const lines = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('tandem air anomalies', () => {
  it('flags an injected spike, stuck run and drift in real data with their kinds, one line per reading', async () => {
    // Prepare: DETH026 gets a ×6 spike on 20 March and sticks at its 25 March value for 7 days;
    // DEUB005 creeps up 2 µg/m³ a day from 10 April for 10 days
    const readings = realReadings();
    const at = (date: string) => readings.find((r) => r.station === 'DETH026' && r.date === date);
    const stuckAt = (at('2007-03-25') as { pm10: number }).pm10;
    for (const r of readings) {
      if (r.station === 'DETH026' && r.date === '2007-03-20') r.pm10 *= 6;
      if (r.station === 'DETH026' && r.date >= '2007-03-26' && r.date <= '2007-04-01') r.pm10 = stuckAt;
      if (r.station !== 'DEUB005') continue;
      const driftDay = (Date.parse(r.date) - Date.parse('2007-04-10')) / 86_400_000 + 1;
      if (driftDay >= 1 && driftDay <= 10) r.pm10 = Math.round((r.pm10 + 2 * driftDay) * 1000) / 1000;
    }
    const input = readings.map((r) => JSON.stringify(r)).join('\n');

    // Act
    const { code, stdout, stderr } = await runTandem(['air', 'anomalies'], input);

    // Assess
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out).toHaveLength(readings.length);
    expect(out.map((o) => `${o.station} ${o.date}`)).toEqual(readings.map((r) => `${r.station} ${r.date}`));
    const kindsBetween = (station: string, from: string, to: string) =>
      out.filter((o) => o.station === station && o.date >= from && o.date <= to && o.anomaly).map((o) => o.kind);
    expect(kindsBetween('DETH026', '2007-03-20', '2007-03-20')).toEqual(['spike']);
    expect(kindsBetween('DETH026', '2007-03-26', '2007-04-01')).toContain('stuck');
    expect(kindsBetween('DEUB005', '2007-04-10', '2007-04-19')).toContain('drift');
    expect(kindsBetween('DETH026', '2007-02-01', '2007-03-19')).toEqual([]);
    expect(kindsBetween('DEUB005', '2007-02-01', '2007-04-09')).toEqual([]);
    const spike = out.find((o) => o.station === 'DETH026' && o.date === '2007-03-20');
    expect(spike.score).toBeGreaterThanOrEqual(1);
    expect(spike.reason).toMatch(/^spike: /);
    // Every line has the four fields, and the score says whether it is an anomaly
    for (const o of out) {
      expect(Object.keys(o)).toEqual(['station', 'date', 'anomaly', 'kind', 'score', 'reason']);
      expect(o.anomaly).toBe(o.score >= 1);
    }
  });

  it('answers day d from input dated ≤ d only: cutting the input after d changes no answer up to d', async () => {
    // Prepare
    const readings = realReadings().filter((r) => r.date < '2007-03-01');
    const cut = readings.filter((r) => r.date <= '2007-02-10');

    // Act
    const full = lines(
      (await runTandem(['air', 'anomalies'], readings.map((r) => JSON.stringify(r)).join('\n'))).stdout,
    );
    const prefix = lines((await runTandem(['air', 'anomalies'], cut.map((r) => JSON.stringify(r)).join('\n'))).stdout);

    // Assess
    expect(prefix).toEqual(full.slice(0, cut.length));
  });

  it('answers a bad line with an error line and goes on, exits 1; prints usage with --help and refuses unknown flags', async () => {
    // Prepare
    const input = [
      '{"station":"A","date":"2008-01-02","pm10":10}',
      'not json',
      '{"station":"B","date":"2008-01-01","pm10":10}',
      '{"station":"A","date":"2008-01-02","pm10":11}',
      '{"station":"B","date":"2008-01-02","pm10":-3}',
    ].join('\n');

    // Act
    const run = await runTandem(['air', 'anomalies'], input);
    const help = await runTandem(['air', 'anomalies', '--help'], '');
    const bad = await runTandem(['air', 'anomalies', '--bogus'], '');

    // Assess
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toEqual([
      { error: 'not JSON', line: 2 },
      { error: expect.stringMatching(/date order/), line: 3 },
      { error: expect.stringMatching(/second reading of A/), line: 4 },
      { error: expect.stringMatching(/"pm10" must be a number ≥ 0/), line: 5 },
      {
        station: 'A',
        date: '2008-01-02',
        anomaly: false,
        kind: null,
        score: 0,
        reason: 'no expectation: only the stuck test ran',
      },
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: tandem air anomalies/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^tandem air anomalies: unknown option '--bogus'/);
    expect(bad.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
