/**
 * air-windows: `air-quality-checked` readings (air-anomalies' output: flagged values are left
 * out as not measured) and `weather` records (one trigger each) → the latest
 * weather per location and its next days' forecasts (`air-weather`), readings joined with it,
 * and hourly and daily means per location and pollutant (the `airMeans` metrics of
 * infra/pipeline.ts), applied effectively once by the window engine; per location its last
 * hours of PM2.5, PM10 and ozone with the NowCast-based US AQI, EAQI and rider advice they give
 * (`air-now`); when the daily PM10 windows of a day close, the next day's PM10 forecast per
 * declared location with its reasons and rider advice (`air-forecasts`) and the closed days'
 * anomaly check (drift; flags in `air-anomalies`, `#sensor-alerts`); and `#air-quality`
 * Slack alerts. Invalid, late and future records are dead-lettered with their reason.
 *
 * The forecast model is loaded on the first batch that closes a day; from then on, every
 * `MODEL_CHECK_SECONDS` at most, a forecasting batch first checks whether another version is
 * published (or rolled back to) and swaps it in (forecast-scorer.ts).
 */

import { pipeline } from '../../infra/pipeline.js';
import { airLocations } from '../lib/air-records/index.js';
import { dynamoDocumentClient } from '../lib/aws/index.js';
import { handlerLogger, handlerMetrics, kafkaHandler } from '../lib/middleware/index.js';
import {
  floodPolicy,
  notificationsTable,
  retryPolicy,
  slackSendBudgetMs,
  slackWebhookUrl,
} from '../lib/notifications/index.js';
import { metricsOf, windowCounter, windowTables } from '../lib/windows/index.js';
import { alertSender } from './alert-delivery.js';
import {
  AIR_WINDOWS_FUNCTION,
  airForecastsTable,
  airNowTable,
  airQualityChannel,
  airWeatherTable,
  DAILY_PM10_METRIC,
  REPORT_BATCH_ITEM_FAILURES,
} from './config.js';
import { dailyCheck } from './daily-check.js';
import { dailyCheckTables } from './daily-check-config.js';
import { publishedForecastScorer } from './forecast-scorer.js';
import { forecaster } from './forecaster.js';
import { airWindowsBatch } from './window-batch.js';

const dynamo = dynamoDocumentClient();
const logger = handlerLogger(AIR_WINDOWS_FUNCTION);
const metrics = handlerMetrics(AIR_WINDOWS_FUNCTION);
const tables = windowTables();
const counter = windowCounter({ dynamo, ...tables, metrics: metricsOf(pipeline, AIR_WINDOWS_FUNCTION) });
const weather = { dynamo, table: airWeatherTable() };
const checkTables = dailyCheckTables();

export const handler = kafkaHandler(
  airWindowsBatch({
    counter,
    weather,
    now: { dynamo, table: airNowTable() },
    metrics,
    forecast: forecaster({
      locations: airLocations(),
      forecasts: { dynamo, table: airForecastsTable() },
      means: { dynamo, table: tables.windowsTable, metric: DAILY_PM10_METRIC },
      weather,
      scorer: publishedForecastScorer({ report: { logger, metrics } }),
    }),
    alerts: alertSender({
      dynamo,
      table: notificationsTable(),
      channel: airQualityChannel(),
      webhookUrl: slackWebhookUrl,
      retry: retryPolicy(),
      flood: floodPolicy(),
      slackBudgetMs: slackSendBudgetMs(),
    }),
    dailyCheck: dailyCheck({
      locations: airLocations().map((l) => l.name),
      means: { dynamo, table: tables.windowsTable, metric: DAILY_PM10_METRIC },
      forecasts: { dynamo, table: airForecastsTable() },
      state: { dynamo, table: checkTables.stateTable },
      flagsTable: checkTables.flagsTable,
      alerts: {
        dynamo,
        table: notificationsTable(),
        channel: checkTables.channel,
        webhookUrl: slackWebhookUrl,
        retry: retryPolicy(),
        flood: floodPolicy(),
        slackBudgetMs: slackSendBudgetMs(),
      },
    }),
  }),
  {
    functionName: AIR_WINDOWS_FUNCTION,
    reportBatchItemFailures: REPORT_BATCH_ITEM_FAILURES,
    logger,
    metrics,
  },
);
