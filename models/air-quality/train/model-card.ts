import { createHash } from 'node:crypto';
import {
  AIR_FORECAST_GRAPH,
  AIR_FORECAST_MODEL_FILE,
  FEATURE_INDEX,
  FEATURE_NAMES,
} from '../../../functions/lib/air-forecast/index.js';
import { GBDT, SPLIT } from './config.js';
import { DATA_SOURCE } from './data.js';
import type { ForecastMetrics } from './metrics.js';
import { ML_OPSET } from './onnx-export.js';
import type { EvaluationReport } from './report.js';

const round = (m: ForecastMetrics) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Number.isInteger(v) ? v : Number(v.toFixed(4))]));

// Trees are picked on the folds, not by early stopping: leave its patience out of the card.
const { earlyStoppingRounds: _unused, ...gbdtSettings } = GBDT;

/** model-card.json: what the model is, what it was trained on, how it did and against what. */
export function modelCard(report: EvaluationReport, onnx: Uint8Array) {
  return {
    name: report.model.name,
    version: report.model.version,
    featureVersion: report.model.featureVersion,
    trainedAt: report.model.trainedAt,
    description:
      'Forecast of tomorrow’s daily mean PM10 (µg/m³) at a station from its recent daily means, the network mean of today, the calendar, the station’s location and, when joined, tomorrow’s weather forecast; each forecast comes with its top reasons (exact SHAP values: TreeSHAP for the trees plus the linear part’s own).',
    model: {
      type: 'linear base (ridge on a few features, mean-imputed) plus gradient-boosted regression trees fitted to its residual, squared error, histogram split finding on quantile bins, learned missing-value direction per split',
      linearBase: {
        features: report.model.linear.features,
        lambda: report.model.linear.lambda,
        intercept: report.model.linear.part.intercept,
        coefficients: Object.fromEntries(
          report.model.linear.features.map((name) => [
            name,
            report.model.linear.part.coefficients[FEATURE_INDEX[name]],
          ]),
        ),
      },
      blendWithRidge: {
        description:
          'alpha × (linear base + trees) + (1 − alpha) × the ridge baseline, alpha picked from 0, 0.05, …, 1 on the rolling-origin folds, folded into the linear part and the leaf values',
        alpha: report.model.blend.alpha,
        ridgeLambda: report.model.blend.ridgeLambda,
      },
      training: {
        ...gbdtSettings,
        bags: report.model.bags,
        seeds: Array.from({ length: report.model.bags }, (_, k) => GBDT.seed + k),
        treesPerBag: report.model.trees,
        selection: {
          method:
            'rolling origin: each score year forecast by fits on the years before it; tree count, ridge lambda and alpha with the lowest RMSE pooled over the score years',
          folds: report.split.folds,
          rmseByYear: report.selection.byYear.map((r) =>
            Object.fromEntries(
              Object.entries(r).map(([k, v]) => [
                k,
                typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(4)) : v,
              ]),
            ),
          ),
        },
        seconds: Number(report.trainingSeconds.toFixed(1)),
      },
      baseValue: report.model.baseValue,
      features: FEATURE_NAMES,
      onnx: {
        file: AIR_FORECAST_MODEL_FILE,
        operator: `${AIR_FORECAST_GRAPH.domain} Imputer → LinearRegressor, plus ${AIR_FORECAST_GRAPH.opType} (opset ${ML_OPSET}; BRANCH_LEQ, nodes_missing_value_tracks_true, covers in nodes_hitrates) on the raw features, then Add`,
        inputs: { [AIR_FORECAST_GRAPH.featuresInput]: `float [N, ${FEATURE_NAMES.length}], NaN = missing` },
        outputs: { [AIR_FORECAST_GRAPH.pm10Output]: 'float [N, 1], µg/m³' },
        maxAbsDiffFromTypeScript: report.onnxMaxAbsDiff,
      },
    },
    data: {
      source: DATA_SOURCE,
      split: {
        ...SPLIT,
        by: 'year of the day forecast (d+1)',
        shipped: `linear base, trees and ridge refitted on 1998–${SPLIT.refitThrough} with the settings the rolling-origin folds chose`,
      },
      rows: report.split.rows,
    },
    metrics: { test: round(report.test.model), selectionYearsPooled: round(report.selection.pooled.model) },
    baselines: {
      persistence: { description: 'tomorrow = today', test: round(report.test.persistence) },
      climatology: {
        description: `station × month mean over 1998–${SPLIT.refitThrough} (month mean of all stations for a station-month not seen)`,
        test: round(report.test.climatology),
      },
      ridge: {
        description: `ridge regression on the same features, mean-imputed, standardised, λ = ${report.ridgeLambda} chosen on the rolling-origin folds, refitted on 1998–${SPLIT.refitThrough}`,
        test: round(report.test.ridge),
      },
    },
    rmseGainOverPersistence: Number(report.rmseGainOverPersistence.toFixed(4)),
    targets: report.targets,
    eaqiBands: 'pre-2023 EEA European Air Quality Index, PM10: 0–20, 20–40, 40–50, 50–100, 100–150, > 150 µg/m³',
    limitations: [
      'Trained on rural background stations in Germany, 1998–2008: urban, traffic or industrial stations and other climates are outside what it has seen.',
      'No weather in the training data: the weather inputs are accepted but no split uses them until a retraining sees them.',
      'A forecast needs today’s value of the station; a station new to the feed has no lags, which the model treats as missing.',
    ],
    evaluation: 'evaluation.md',
    sha256: createHash('sha256').update(onnx).digest('hex'),
  };
}
