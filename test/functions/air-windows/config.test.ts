import { describe, expect, it } from 'vitest';
import {
  AIR_WINDOWS_FUNCTION,
  airNowTable,
  airWeatherTable,
  REPORT_BATCH_ITEM_FAILURES,
} from '../../../functions/air-windows/config.js';
import { AirWindowsError } from '../../../functions/air-windows/errors.js';
import { metricsOf } from '../../../functions/lib/windows/index.js';
import { pipeline } from '../../../infra/pipeline.js';

describe('air-windows configuration', () => {
  it('agrees with the pipeline declaration: handler, tables, one trigger per topic, and reportBatchItemFailures', () => {
    // Prepare
    const declared = pipeline.functions[AIR_WINDOWS_FUNCTION];
    const triggers = pipeline.triggers.filter((t) => t.function === AIR_WINDOWS_FUNCTION);

    // Act
    const metrics = metricsOf(pipeline, AIR_WINDOWS_FUNCTION);

    // Assess
    expect(declared?.handler).toBe('functions/air-windows/handler.ts');
    expect(declared?.tables?.map((t) => t.name).sort()).toEqual([
      'air-anomalies',
      'air-anomaly-state',
      'air-forecasts',
      'air-now',
      'air-weather',
      'notifications',
      'window-state',
      'windows',
    ]);
    // The forecast model and onnxruntime ship with it; alerts go through the Slack webhooks secret.
    expect(declared?.models).toEqual(['air-quality']);
    expect(declared?.onnx).toBe(true);
    expect(declared?.secrets).toEqual(['slack-webhooks']);
    expect(triggers.map((t) => t.topic).sort()).toEqual(['air-quality-checked', 'weather']);
    expect(new Set(triggers.map((t) => t.reportBatchItemFailures))).toEqual(new Set([REPORT_BATCH_ITEM_FAILURES]));
    // Every pollutant of the contract, hourly and daily, each a numeric mean keyed by location.
    expect(metrics).toHaveLength(12);
    for (const m of metrics) {
      expect(m.spec.key).toEqual(['location']);
      expect(m.spec.value?.field).toMatch(/^canonical\.(pm25|pm10|o3|no2|so2|co)$/);
      expect([3600, 86_400]).toContain(m.spec.window.sizeSeconds);
    }
  });

  it('refuses to start without its tables', () => {
    // Prepare
    const env = {};

    // Act
    const weather = () => airWeatherTable(env);
    const now = () => airNowTable(env);

    // Assess
    expect(weather).toThrow(AirWindowsError);
    expect(weather).toThrow('TABLE_AIR_WEATHER');
    expect(now).toThrow('TABLE_AIR_NOW');
    expect(airWeatherTable({ TABLE_AIR_WEATHER: 'w' })).toBe('w');
    expect(airNowTable({ TABLE_AIR_NOW: 'n' })).toBe('n');
  });
});
