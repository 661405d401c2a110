/**
 * air-windows: `air-quality` readings and `weather` records (one trigger each) → the latest
 * weather per location (`air-weather`), readings joined with it, and hourly and daily means
 * per location and pollutant (the `airMeans` metrics of infra/pipeline.ts), applied
 * effectively once by the window engine; and per location its last hours of PM2.5, PM10 and
 * ozone with the NowCast-based US AQI, EAQI and rider advice they give (`air-now`). Invalid, late and future records are dead-lettered
 * with their reason.
 */

import { pipeline } from '../../infra/pipeline.js';
import { dynamoDocumentClient } from '../lib/aws/index.js';
import { handlerMetrics, kafkaHandler } from '../lib/middleware/index.js';
import { metricsOf, windowCounter, windowTables } from '../lib/windows/index.js';
import { AIR_WINDOWS_FUNCTION, airNowTable, airWeatherTable, REPORT_BATCH_ITEM_FAILURES } from './config.js';
import { airWindowsBatch } from './window-batch.js';

const dynamo = dynamoDocumentClient();
const metrics = handlerMetrics(AIR_WINDOWS_FUNCTION);
const counter = windowCounter({
  dynamo,
  ...windowTables(),
  metrics: metricsOf(pipeline, AIR_WINDOWS_FUNCTION),
});

export const handler = kafkaHandler(
  airWindowsBatch({
    counter,
    weather: { dynamo, table: airWeatherTable() },
    now: { dynamo, table: airNowTable() },
    metrics,
  }),
  {
    functionName: AIR_WINDOWS_FUNCTION,
    reportBatchItemFailures: REPORT_BATCH_ITEM_FAILURES,
    metrics,
  },
);
