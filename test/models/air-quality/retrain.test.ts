import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dailyKey } from '../../../functions/air-windows/daily-means.js';
import { forecastRows } from '../../../functions/air-windows/forecast-rows.js';
import { publishedForecastScorer } from '../../../functions/air-windows/forecast-scorer.js';
import { dayNumber, FEATURE_COUNT, isoDate, type WeatherForecast } from '../../../functions/lib/air-forecast/index.js';
import { directoryObjects, modelRegistry } from '../../../functions/lib/model-registry/index.js';
import { MODEL_VERSION } from '../../../models/air-quality/train/config.js';
import { retrainAirQuality } from '../../../models/air-quality/train/retrain.js';
import { FIXTURE_LOCATIONS } from './archive-fixture.js';
import { windDomainDays } from './wind-domain.js';

const SHIPPED = path.resolve('models/air-quality');
const FIRST_DAY = Date.UTC(2026, 8, 1);
const DAYS = 60;

/** RMSE of the live forecaster's scorer on the domain's last ten days, through air-windows' own feature rows. */
async function liveRmse(scorer: ReturnType<typeof publishedForecastScorer>) {
  const days = windDomainDays(FIRST_DAY, DAYS);
  const means = new Map(days.map((d) => [dailyKey(d.location, dayNumber(d.date)!), d.pm10!]));
  const weather = new Map<string, WeatherForecast>(
    days.map((d) => [`${d.location}|${d.date}`, { windSpeedMs: d.weather!.windSpeedMs!, temperatureC: 8 }]),
  );
  const last = dayNumber(days.at(-1)!.date)!;
  const locations = Object.entries(FIXTURE_LOCATIONS).map(([name, at]) => ({ name, ...at }));
  const wanted = locations.flatMap((l) =>
    Array.from({ length: 10 }, (_, i) => ({ location: l.name, day: last - 10 + i })),
  );
  const rows = forecastRows({ locations, means, weather, wanted });
  const features = new Float32Array(rows.length * FEATURE_COUNT);
  for (const [i, r] of rows.entries()) features.set(r.features, i * FEATURE_COUNT);
  return scorer(async (s) => {
    const predicted = await s.predict(features, rows.length);
    const se = rows.reduce(
      (sum, r, i) => sum + ((predicted[i] as number) - means.get(dailyKey(r.station, r.day + 1))!) ** 2,
      0,
    );
    return { version: s.version, rmse: Math.sqrt(se / rows.length), rows: rows.length, date: isoDate(last) };
  });
}

describe('nightly air-quality retraining (archived days → train → gate → registry → the live forecaster)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('publishes a candidate that learnt the archive’s days, the running forecaster swaps to it, rollback restores the shipped one', async () => {
    // Prepare
    const root = await mkdtemp(path.join(tmpdir(), 'tandem-air-retrain-'));
    dirs.push(root);
    for (const file of ['model.onnx', 'model-card.json']) await cp(path.join(SHIPPED, file), path.join(root, file));
    const objects = directoryObjects(root);
    const scorer = publishedForecastScorer({ env: { MODEL_AIR_QUALITY_URI: root, MODEL_CHECK_SECONDS: '0.001' } });
    const before = await liveRmse(scorer);

    // Act
    const result = await retrainAirQuality({
      objects,
      trainingRows: async () => windDomainDays(FIRST_DAY, DAYS),
      now: new Date(FIRST_DAY + DAYS * 86_400_000),
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const after = await liveRmse(scorer);
    await modelRegistry('air-quality', objects).rollback({ by: 'test' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const rolledBack = await liveRmse(scorer);
    const evaluation = JSON.parse(
      await readFile(path.join(root, 'versions', result.candidate, 'evaluation.json'), 'utf8'),
    ) as Record<string, unknown>;

    // Assess
    expect(result).toMatchObject({ model: 'air-quality', current: 'shipped', published: true, reasons: [] });
    expect(result.candidate).toBe('2026-10-31T00-00-00-000Z');
    expect(Object.keys(result.metrics)).toEqual(['holdout', 'pm10-2008']);
    // 60 days of three locations: 59 × 3 rows with a next day, the newest 12 days' 36 held out.
    expect(result.data).toMatchObject({ archivedDays: 180, holdoutRows: 36, archivedTrainRows: 141 });
    expect(result.metrics.holdout!.candidate.rmse).toBeLessThan(result.metrics.holdout!.current.rmse);
    expect(before.version).toBe(MODEL_VERSION);
    expect(after.version).toBe(result.candidate);
    expect(after.rmse).toBeLessThan(before.rmse);
    expect(rolledBack).toEqual(before);
    expect(evaluation).toMatchObject({ published: true, candidate: result.candidate });
    process.stdout.write(
      `wind domain: holdout RMSE ${result.metrics.holdout!.current.rmse.toFixed(2)} → ${result.metrics.holdout!.candidate.rmse.toFixed(2)}, ` +
        `2008 ${result.metrics['pm10-2008']!.current.rmse.toFixed(3)} → ${result.metrics['pm10-2008']!.candidate.rmse.toFixed(3)}; ` +
        `live forecaster on the last ${before.rows} rows: ${before.rmse.toFixed(2)} (shipped) → ${after.rmse.toFixed(2)} (${after.version})\n`,
    );
  }, 90_000);
});
