/**
 * One nightly retraining of the air-quality model (issue 13, items 4 and 5): archived days
 * (training-set-sql.ts) → daily readings (archived-readings.ts) after the shipped PM10 history
 * → forecast rows through the same ForecastFeed as `npm run train` and the live forecaster →
 * the newest archived days held out, 2008 kept as the out-of-time reference, everything else
 * trained on (archived rows weighted, retrain-config.ts) with the shipped settings and a fixed
 * tree count → candidate and current model scored through onnxruntime on the same rows → the
 * gate (gate.ts) → the candidate stored as a new registry version with its card and
 * evaluation, either way → published (the pointer's compare-and-swap) only if it passed.
 */

import { createHash } from 'node:crypto';
import {
  AIR_FORECAST_MODEL_FILE,
  calendarOf,
  FEATURE_COUNT,
  FEATURE_VERSION,
  isoDate,
  loadAirForecastScorer,
} from '../../../functions/lib/air-forecast/index.js';
import {
  EVALUATION_FILE,
  MODEL_CARD_FILE,
  modelRegistry,
  type RegistryObjects,
  versionFileKey,
  versionName,
} from '../../../functions/lib/model-registry/index.js';
import { archivedReadings } from './archived-readings.js';
import { blendWithRidge } from './blend.js';
import { trainLinearBoost } from './boost.js';
import { LINEAR_BASE, MODEL_NAME, SPLIT } from './config.js';
import { DATA_SOURCE, loadDailyReadings, loadStations } from './data.js';
import { buildDataset, type Dataset, subset } from './dataset.js';
import { AirRetrainError } from './errors.js';
import { gateDecision, HOLDOUT_SET, type SetComparison, type SetErrors } from './gate.js';
import { forecastMetrics } from './metrics.js';
import { exportOnnx } from './onnx-export.js';
import { mulberry32 } from './random.js';
import {
  ARCHIVE_WEIGHT,
  HOLDOUT_SHARE,
  MIN_HOLDOUT_ROWS,
  MIN_HOURS_PER_DAY,
  RETRAIN_BLEND,
  RETRAIN_GBDT,
  RMSE_TOLERANCE,
} from './retrain-config.js';
import { ridgeLinearPart, trainRidge } from './ridge.js';
import type { ArchivedDay } from './training-set-sql.js';

/** The registry's name of the model (a key of `models` in infra/pipeline.ts). */
export const AIR_QUALITY_REGISTRY_NAME = 'air-quality';

/** The fixed reference set: the shipped model's out-of-time year, never trained on by either. */
export const REFERENCE_SET = `pm10-${SPLIT.testYear}`;

export interface AirRetrainOptions {
  /** The model's registry root (functions/lib/model-registry). */
  objects: RegistryObjects;
  /** The training-set query's rows (DuckDB locally, Athena on AWS). */
  trainingRows: () => Promise<ArchivedDay[]>;
  /** When this run happens: names the version (default: now). */
  now?: Date;
  /** Who publishes, for the pointer's history (default `retrainer`). */
  by?: string;
  /**
   * Shuffle the training targets (never the holdout's or 2008's): a candidate made worse on
   * purpose, to see the gate reject it.
   */
  shuffleTargets?: boolean;
  /** Called as each stage starts (`done` of `total` stages finished). */
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** What went into training, beside the metrics. */
export interface AirRetrainData {
  /** Archived (location, day)s the query returned. */
  archivedDays: number;
  /** Of those, too few hours for a daily mean (MIN_HOURS_PER_DAY). */
  partialDays: number;
  /** Hourly PM10 values left out because the anomaly stage flagged them. */
  leftOutHours: number;
  /** Forecast rows from the archive trained on (each ARCHIVE_WEIGHT times) and held out. */
  archivedTrainRows: number;
  holdoutRows: number;
  /** Rows of the shipped history trained on. */
  historyTrainRows: number;
  /** Wall time of the training stage (linear base and trees), s. */
  trainingSeconds: number;
}

/** What one run decided: the JSON `tandem retrain` prints, and the core of evaluation.json. */
export interface AirRetrainResult {
  model: string;
  /** The candidate's version name. */
  candidate: string;
  /** The version it was compared with (current when the run started). */
  current: string;
  published: boolean;
  /** RMSE and MAE of both on every set, the holdout first. */
  metrics: Record<string, SetComparison>;
  reasons: string[];
  data: AirRetrainData;
}

const STAGES = ['training set', 'training', 'scoring the candidate', 'scoring the current model', 'deciding'] as const;

/** Row indices of the training rows, the newest archived days held out, and the reference year. */
export function splitRows(
  data: Pick<Dataset, 'rows' | 'day' | 'station'>,
  archivedStations: ReadonlySet<string>,
): { historyTrain: number[]; archivedTrain: number[]; holdout: number[]; reference: number[] } {
  const historyTrain: number[] = [];
  const archived: number[] = [];
  const reference: number[] = [];
  for (let r = 0; r < data.rows; r++) {
    if (archivedStations.has(data.station[r] as string)) {
      archived.push(r);
      continue;
    }
    const year = calendarOf((data.day[r] as number) + 1).year;
    if (year <= SPLIT.refitThrough) historyTrain.push(r);
    else if (year === SPLIT.testYear) reference.push(r);
  }
  // Held out by the day forecast (d + 1), so no trained row's target is a held-out day's.
  const targetDays = [...new Set(archived.map((r) => (data.day[r] as number) + 1))].sort((a, b) => a - b);
  const held = Math.ceil(targetDays.length * HOLDOUT_SHARE);
  const firstHeld = targetDays[targetDays.length - held] ?? Number.POSITIVE_INFINITY;
  return {
    historyTrain,
    archivedTrain: archived.filter((r) => (data.day[r] as number) + 1 < firstHeld),
    holdout: archived.filter((r) => (data.day[r] as number) + 1 >= firstHeld),
    reference,
  };
}

/** A fixed-seed Fisher–Yates shuffle of `y`, so a shuffled run is reproducible. */
function shuffleInPlace(y: Float64Array, seed = 20261205): void {
  const random = mulberry32(seed);
  for (let i = y.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [y[i], y[j]] = [y[j] as number, y[i] as number];
  }
}

async function errorsOn(
  bytes: Uint8Array,
  sets: Readonly<Record<string, Dataset>>,
): Promise<Record<string, SetErrors>> {
  const scorer = await loadAirForecastScorer({ bytes });
  try {
    const out: Record<string, SetErrors> = {};
    for (const [name, set] of Object.entries(sets)) {
      if (set.rows === 0) {
        out[name] = { rmse: Number.NaN, mae: Number.NaN, rows: 0 };
        continue;
      }
      const m = forecastMetrics(await scorer.predict(set.x, set.rows), set.y);
      out[name] = { rmse: m.rmse, mae: m.mae, rows: m.rows };
    }
    return out;
  } finally {
    await scorer.release();
  }
}

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

export async function retrainAirQuality(options: AirRetrainOptions): Promise<AirRetrainResult> {
  const now = options.now ?? new Date();
  const by = options.by ?? 'retrainer';
  const progress = (stage: (typeof STAGES)[number]) =>
    options.onProgress?.(stage, STAGES.indexOf(stage), STAGES.length);
  const registry = modelRegistry(AIR_QUALITY_REGISTRY_NAME, options.objects);
  const { pointer } = await registry.current();
  const currentBytes = await options.objects.get(versionFileKey(pointer.version, AIR_FORECAST_MODEL_FILE));
  if (!currentBytes) {
    throw new AirRetrainError(`${registry.uri} has no ${AIR_FORECAST_MODEL_FILE} for version ${pointer.version}`);
  }

  progress('training set');
  const archive = archivedReadings(await options.trainingRows());
  const archivedStations = new Set(archive.readings.map((r) => r.station));
  const stations = loadStations();
  // The history ends in 2008 and the archive starts years later: one stable sort keeps both in date order.
  const readings = [...loadDailyReadings(), ...archive.readings].sort((a, b) => a.day - b.day);
  const data = buildDataset(readings, stations);
  const split = splitRows(data, archivedStations);
  const trainIndices = [
    ...split.historyTrain,
    ...Array.from({ length: ARCHIVE_WEIGHT }, () => split.archivedTrain).flat(),
  ];
  const train = subset(data, trainIndices);
  if (options.shuffleTargets) shuffleInPlace(train.y);

  progress('training');
  const started = performance.now();
  const boost = trainLinearBoost(train, LINEAR_BASE, RETRAIN_GBDT);
  const ridge = trainRidge(train.x, train.y, train.rows, FEATURE_COUNT, RETRAIN_BLEND.ridgeLambda);
  const blended = blendWithRidge(boost.model, ridgeLinearPart(ridge), RETRAIN_BLEND.alpha);
  const trainingSeconds = (performance.now() - started) / 1000;
  const version = versionName(now);
  const trainedAt = now.toISOString();
  const candidateBytes = exportOnnx(blended.trees, { name: MODEL_NAME, version, trainedAt }, blended.linear);

  const sets = { [HOLDOUT_SET]: subset(data, split.holdout), [REFERENCE_SET]: subset(data, split.reference) };
  progress('scoring the candidate');
  const candidate = await errorsOn(candidateBytes, sets);
  progress('scoring the current model');
  const current = await errorsOn(currentBytes.bytes, sets);

  progress('deciding');
  const metrics: Record<string, SetComparison> = {};
  for (const name of Object.keys(sets)) metrics[name] = { candidate: candidate[name]!, current: current[name]! };
  const decision = gateDecision(metrics, { minHoldout: MIN_HOLDOUT_ROWS, tolerance: RMSE_TOLERANCE });
  const archivedDates = split.archivedTrain.map((r) => data.day[r] as number);
  const result: AirRetrainResult = {
    model: AIR_QUALITY_REGISTRY_NAME,
    candidate: version,
    current: pointer.version,
    published: decision.published,
    metrics,
    reasons: decision.reasons,
    data: {
      archivedDays: archive.days,
      partialDays: archive.partialDays,
      leftOutHours: archive.leftOutHours,
      archivedTrainRows: split.archivedTrain.length,
      holdoutRows: split.holdout.length,
      historyTrainRows: split.historyTrain.length,
      trainingSeconds: Number(trainingSeconds.toFixed(1)),
    },
  };

  const card = {
    name: MODEL_NAME,
    version,
    featureVersion: FEATURE_VERSION,
    trainedAt,
    description:
      'Tomorrow’s daily mean PM10 (µg/m³) per location: the shipped model’s linear base plus gradient-boosted trees, retrained on the shipped history and the archive’s days',
    data: {
      history: DATA_SOURCE,
      archive: `daily means of unflagged hours (at least ${MIN_HOURS_PER_DAY}) of air-quality-checked, with the next day's weather means standing for tomorrow's forecast`,
      ...result.data,
      archiveWeight: ARCHIVE_WEIGHT,
      shuffledTargets: options.shuffleTargets === true,
      archivedUpTo: archivedDates.length === 0 ? null : isoDate(Math.max(...archivedDates) + 1),
    },
    training: { linearBase: LINEAR_BASE, gbdt: RETRAIN_GBDT, blendWithRidge: RETRAIN_BLEND },
    onnxSha256: createHash('sha256').update(candidateBytes).digest('hex'),
  };
  const evaluation = {
    ...result,
    decidedAt: new Date().toISOString(),
    rule: {
      holdout: `the newest ${HOLDOUT_SHARE * 100}% of archived days forecast, never trained on: RMSE strictly lower than the current model's with ${MIN_HOLDOUT_ROWS} rows or more; with fewer, no higher than the current's × ${1 + RMSE_TOLERANCE}; none: rejected`,
      reference: `${REFERENCE_SET} (out of time, trained on by neither): RMSE no higher than the current's × ${1 + RMSE_TOLERANCE}`,
    },
  };
  await registry.addVersion(
    version,
    new Map([
      [AIR_FORECAST_MODEL_FILE, candidateBytes],
      [EVALUATION_FILE, json(evaluation)],
      [MODEL_CARD_FILE, json(card)],
    ]),
  );
  if (decision.published) await registry.publish(version, { expected: pointer.version, by });
  return result;
}
