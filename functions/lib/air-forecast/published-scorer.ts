/**
 * A forecast scorer from the files of a published model (model-card.json and model.onnx),
 * validated before anything forecasts with it:
 *
 * 1. the card names a version and a feature version, and the feature version is the one this
 *    code computes (UnknownFeatureVersionError otherwise, before onnxruntime sees the bytes);
 * 2. the version differs from the model in use, if any;
 * 3. the ONNX model loads, and its metadata names the card's version and feature version
 *    (a card uploaded without its model, or the other way round, is refused);
 * 4. a smoke run forecasts SMOKE_ROW and a row of missing values as finite numbers.
 *
 * A refused model's session is released before the error is thrown.
 */

import type { PublishedFiles } from '../model-store/published-model.js';
import { AirForecastModelError, AirForecastModelRefusedError, UnknownFeatureVersionError } from './errors.js';
import { FEATURE_COUNT, FEATURE_INDEX, FEATURE_VERSION } from './features.js';
import { AIR_FORECAST_MODEL_CARD_FILE, AIR_FORECAST_MODEL_FILE } from './model-format.js';
import { type AirForecastScorer, loadAirForecastScorer } from './scorer.js';

/** The files of a published forecast model, card first. */
export const AIR_FORECAST_MODEL_FILES = [AIR_FORECAST_MODEL_CARD_FILE, AIR_FORECAST_MODEL_FILE] as const;

/** A plain row for the smoke run: a station at 25 µg/m³ all week; everything else missing. */
function smokeRows(): Float32Array {
  const rows = new Float32Array(2 * FEATURE_COUNT).fill(Number.NaN);
  for (const name of ['pm10_d0', 'pm10_d1', 'pm10_d2', 'pm10_d6', 'pm10_mean3', 'pm10_mean7'] as const) {
    rows[FEATURE_INDEX[name]] = 25;
  }
  rows[FEATURE_INDEX.pm10_count7] = 7;
  return rows;
}

function cardVersions(bytes: Uint8Array | undefined): { version: string; featureVersion: string } {
  if (!bytes) throw new AirForecastModelRefusedError(`the published model has no ${AIR_FORECAST_MODEL_CARD_FILE}`);
  let card: unknown;
  try {
    card = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new AirForecastModelRefusedError(`${AIR_FORECAST_MODEL_CARD_FILE} is not UTF-8 JSON`, { cause });
  }
  const { version, featureVersion } = (card ?? {}) as Record<string, unknown>;
  if (typeof version !== 'string' || version === '' || typeof featureVersion !== 'string' || featureVersion === '') {
    throw new AirForecastModelRefusedError(`${AIR_FORECAST_MODEL_CARD_FILE} must name a version and a featureVersion`);
  }
  return { version, featureVersion };
}

export async function loadPublishedAirForecastScorer(
  published: Pick<PublishedFiles, 'files'>,
  current?: { readonly version: string },
): Promise<AirForecastScorer> {
  const card = cardVersions(published.files.get(AIR_FORECAST_MODEL_CARD_FILE));
  if (card.featureVersion !== FEATURE_VERSION)
    throw new UnknownFeatureVersionError(card.featureVersion, [FEATURE_VERSION]);
  if (current && card.version === current.version) {
    throw new AirForecastModelRefusedError(
      `the published model is version ${card.version}, the version in use, with other bytes: a new model needs a new version`,
    );
  }
  const bytes = published.files.get(AIR_FORECAST_MODEL_FILE);
  if (!bytes) throw new AirForecastModelError(`the published model has no ${AIR_FORECAST_MODEL_FILE}`);
  const scorer = await loadAirForecastScorer({ bytes });
  try {
    if (scorer.version !== card.version || scorer.featureVersion !== card.featureVersion) {
      throw new AirForecastModelRefusedError(
        `${AIR_FORECAST_MODEL_CARD_FILE} says ${card.version} (${card.featureVersion}), ` +
          `${AIR_FORECAST_MODEL_FILE} says ${scorer.version} (${scorer.featureVersion})`,
      );
    }
    const forecasts = await scorer.predict(smokeRows(), 2);
    if (forecasts.length !== 2 || [...forecasts].some((f) => !Number.isFinite(f))) {
      throw new AirForecastModelRefusedError(
        `model ${card.version} forecast the smoke rows as [${[...forecasts].join(', ')}]`,
      );
    }
  } catch (error) {
    await scorer.release();
    throw error;
  }
  return scorer;
}
