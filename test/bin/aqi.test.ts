import { describe, expect, it } from 'vitest';
import { runTandem } from './helpers/tandem-cli.js';

const runCli = runTandem;

describe('tandem aqi', () => {
  it('answers every line in order, a bad line with an error line, and exits 1 at the end', async () => {
    // Prepare
    const input = [
      '{"pm25": 12, "o3": 65, "no2": 20}',
      '{"pm25": 35.49, "pm10": 160}',
      'not json',
      '{"pm25": "12"}',
      '',
      '{"co": 5, "so2": 80, "o3": null}',
      '{}',
    ].join('\r\n');

    // Act
    const { code, stdout, stderr } = await runCli(['aqi'], input);

    // Assess
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    // O3 65 ppb → 0.065 ppm → 84; PM2.5 12 → 56; NO2 20 ppb → 19. EAQI: O3 127.6 µg/m³ is Poor.
    expect(lines[0]).toEqual({
      usAqi: 84,
      usCategory: 'Moderate',
      dominant: 'o3',
      subIndices: { pm25: 56, o3: 84, no2: 19 },
      eaqi: { level: 4, category: 'Poor' },
    });
    // PM2.5 35.49 truncates to 35.4 → 100; PM10 160 → 49/99 × 5 + 101 = 103.47 → 103.
    expect(lines[1]).toMatchObject({ usAqi: 103, dominant: 'pm10', subIndices: { pm25: 100, pm10: 103 } });
    expect(lines[2]).toEqual({ error: expect.stringMatching(/^line 3: not JSON/) });
    expect(lines[3]).toEqual({ error: expect.stringMatching(/^line 4: pm25 must be a number/) });
    // SO2 80 ppb → 49/109 × 4 + 101 = 102.8 → 103; CO 5 ppm → 56. EAQI: SO2 209.6 µg/m³ is Very poor.
    expect(lines[4]).toEqual({
      usAqi: 103,
      usCategory: 'Unhealthy for Sensitive Groups',
      dominant: 'so2',
      subIndices: { so2: 103, co: 56 },
      eaqi: { level: 5, category: 'Very poor' },
    });
    expect(lines[5]).toEqual({ usAqi: null, usCategory: null, dominant: null, subIndices: {}, eaqi: null });
  });

  it('exits 0 when every line is indexed', async () => {
    // Act
    const { code, stdout } = await runCli(['aqi'], '{"pm25": 9.0}\n{"pm25": 9.1}\n');

    // Assess
    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).usAqi),
    ).toEqual([50, 51]);
  });

  it('prints its usage with --help, and refuses unknown arguments without a stack trace', async () => {
    // Act
    const help = await runCli(['aqi', '--help'], '');
    const bad = await runCli(['aqi', '--bogus'], '');

    // Assess
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: tandem aqi/);
    expect(help.stdout).toMatch(/pm25 {2}PM2\.5, 24-hour mean/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^tandem aqi: unknown argument "--bogus"/);
    expect(bad.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
