import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AIR_WINDOWS_FUNCTION } from '../../../functions/air-windows/config.js';
import { AirWindowsMetricName } from '../../../functions/air-windows/window-batch.js';
import { handlerMetrics } from '../../../functions/lib/middleware/index.js';
import { type AirLine, airEvent, airWindowsHandler, CLEAN_CHECK } from '../helpers/air-windows.js';
import { type FeedbackServices, startFeedbackServices } from '../helpers/feedback-services.js';
import { lambdaContext } from '../helpers/lambda-context.js';

const HOUR = '2026-11-10T12:00:00Z';
const HOUR_MS = Date.parse(HOUR);

function reading(offset: number, source: string, pm10: number, hour = HOUR): AirLine {
  return {
    topic: 'air-quality-checked',
    partition: 0,
    offset,
    timestamp: Date.parse(hour) + 10 * 60_000,
    key: `berlin|${hour}`,
    value: {
      schemaVersion: 1,
      location: 'berlin',
      lat: 52.52,
      lon: 13.405,
      hour,
      source,
      readings: { pm10: { value: pm10, unit: 'µg/m³' } },
      check: CLEAN_CHECK,
    },
  };
}

function weather(offset: number, hour: string, temperatureC: number): AirLine {
  return {
    topic: 'weather',
    partition: 1,
    offset,
    timestamp: Date.parse(hour) + 10 * 60_000,
    key: `berlin|${hour}`,
    value: {
      schemaVersion: 1,
      location: 'berlin',
      lat: 52.52,
      lon: 13.405,
      hour,
      source: 'open-meteo',
      temperatureC,
      windSpeedMs: 3.5,
      forecastFor: null,
    },
  };
}

const hourAfter = (n: number) => new Date(HOUR_MS + n * 3_600_000).toISOString().replace('.000Z', 'Z');

describe('air-windows: weather', () => {
  let services: FeedbackServices;
  beforeEach(async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    services = await startFeedbackServices();
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await services.close();
  });

  it('processes a reading whose weather has not arrived without it, marked, and joins one that comes after the weather', async () => {
    // Prepare
    const metrics = handlerMetrics(AIR_WINDOWS_FUNCTION);
    const added = vi.spyOn(metrics, 'addMetric');
    const handler = airWindowsHandler({ dynamo: services.documents, s3: services.s3Client }, metrics);
    const withoutWeather = () =>
      added.mock.calls.filter(([name]) => name === AirWindowsMetricName.WITHOUT_WEATHER).map(([, , v]) => v);

    // Act
    const early = await handler(airEvent([reading(0, 'open-meteo', 20)]), lambdaContext('air-windows'));
    await handler(airEvent([weather(0, HOUR, 7.5)]), lambdaContext('air-windows'));
    const later = await handler(airEvent([reading(1, 'sensor:balcony', 40)]), lambdaContext('air-windows'));
    const windows = (await services.scan('windows')).filter((w) => w.metric === 'air-pm10-1h');
    const stored = await services.scan('air-weather');

    // Assess
    expect([early, later]).toEqual([undefined, undefined]);
    expect(withoutWeather()).toEqual([1, 0]);
    // Both readings are in the mean: the first was not held back for its weather.
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ key: 'berlin', count: 2, sum: 60 });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ location: 'berlin', hour: HOUR, weather: { temperatureC: 7.5 } });
  });

  it('does not join weather of another hour', async () => {
    // Prepare
    const metrics = handlerMetrics(AIR_WINDOWS_FUNCTION);
    const added = vi.spyOn(metrics, 'addMetric');
    const handler = airWindowsHandler({ dynamo: services.documents, s3: services.s3Client }, metrics);
    await handler(airEvent([weather(0, hourAfter(1), 9)]), lambdaContext('air-windows'));

    // Act
    await handler(airEvent([reading(0, 'open-meteo', 20)]), lambdaContext('air-windows'));

    // Assess
    expect(
      added.mock.calls.filter(([name]) => name === AirWindowsMetricName.WITHOUT_WEATHER).map(([, , v]) => v),
    ).toEqual([1]);
  });

  it('keeps the newest weather per location whatever order and how often batches are delivered', async () => {
    // Prepare: hours 12, 13, 14, and a re-poll of 14 (a later offset) with a corrected temperature.
    const lines = [
      weather(0, HOUR, 5),
      weather(1, hourAfter(1), 6),
      weather(2, hourAfter(2), 7),
      weather(3, hourAfter(2), 7.4),
    ];
    const orders = [lines, [...lines].reverse(), [lines[3]!, lines[0]!, lines[2]!, lines[1]!]];
    const results: unknown[] = [];

    // Act: each order on fresh tables, one record a batch, then every batch again concurrently.
    for (const order of orders) {
      await services.close();
      services = await startFeedbackServices();
      const handler = airWindowsHandler({ dynamo: services.documents, s3: services.s3Client });
      for (const line of order) await handler(airEvent([line]), lambdaContext('air-windows'));
      await Promise.all(order.map((line) => handler(airEvent([line]), lambdaContext('air-windows'))));
      results.push(
        (await services.scan('air-weather')).map(({ location, hour, weather: w }) => ({ location, hour, w })),
      );
    }

    // Assess
    for (const result of results)
      expect(result).toEqual([
        { location: 'berlin', hour: hourAfter(2), w: expect.objectContaining({ temperatureC: 7.4 }) },
      ]);
  });
});
