import {
  calendarOf,
  FEATURE_COUNT,
  FEATURE_INDEX,
  leafOf,
  predictLinear,
} from '../../../functions/lib/air-forecast/index.js';
import { pickBlendAlpha } from './blend.js';
import { type LinearBaseOptions, trainLinearBoost } from './boost.js';
import { type Dataset, subset } from './dataset.js';
import type { GbdtOptions } from './gbdt.js';
import { predictRidge, trainRidge } from './ridge.js';

/**
 * Rolling-origin selection: every setting of the shipped model (ridge λ, number of trees, blend
 * weight) is the one with the lowest RMSE pooled over several later years, each scored by fits
 * on the years before it only. One validation year (2007) picked settings that the next year
 * did not bear out: a year's weather moves RMSE by more than the settings do, so pooling years
 * picks what holds across them rather than what suits one.
 */
export interface Fold {
  /** Fit on the rows whose target year is at most this. */
  fitThrough: number;
  /** Score on the rows whose target year is this. */
  scoreYear: number;
}

/** The boosted model as selected: a linear base, trees boosted from it, averaged over `bags` seeds. */
export interface BoostedSettings {
  linear: LinearBaseOptions;
  gbdt: GbdtOptions;
  /** Ensembles averaged, each grown with seed gbdt.seed + k (bagging; 1 = a single ensemble). */
  bags: number;
}

/** What one fold's fits forecast for its score year. */
export interface FoldForecasts {
  fold: Fold;
  rows: number;
  y: Float64Array;
  persistence: Float64Array;
  /** Ridge on all features, per λ tried. */
  ridge: Map<number, Float64Array>;
  /** The boosted model (bag mean) after `treeCounts[i]` trees of each bag. */
  boosted: Float64Array[];
  treeCounts: number[];
}

const yearOfRow = (data: Dataset, r: number) => calendarOf((data.day[r] as number) + 1).year;

/**
 * Fits every fold with `settings` (gbdt.maxTrees trees per bag, no early stopping) and ridge for
 * each of `lambdas`, and forecasts the fold's score year after every `step` trees.
 */
export function forecastFolds(
  data: Dataset,
  folds: readonly Fold[],
  settings: BoostedSettings,
  lambdas: readonly number[],
  step: number,
  log: (line: string) => void = () => {},
): FoldForecasts[] {
  const all = Array.from({ length: data.rows }, (_, r) => r);
  return folds.map((fold) => {
    const train = subset(
      data,
      all.filter((r) => yearOfRow(data, r) <= fold.fitThrough),
    );
    const valid = subset(
      data,
      all.filter((r) => yearOfRow(data, r) === fold.scoreYear),
    );
    const ridge = new Map<number, Float64Array>();
    for (const lambda of lambdas)
      ridge.set(
        lambda,
        predictRidge(
          trainRidge(train.x, train.y, train.rows, FEATURE_COUNT, lambda),
          valid.x,
          valid.rows,
          FEATURE_COUNT,
        ),
      );
    const treeCounts: number[] = [];
    for (let t = step; t <= settings.gbdt.maxTrees; t += step) treeCounts.push(t);
    const boosted = treeCounts.map(() => new Float64Array(valid.rows));
    for (let k = 0; k < settings.bags; k++) {
      const { model } = trainLinearBoost(train, settings.linear, { ...settings.gbdt, seed: settings.gbdt.seed + k });
      const { linear, trees } = model;
      const sum = Float64Array.from(
        { length: valid.rows },
        (_, r) => (linear ? predictLinear(linear, valid.x, r * FEATURE_COUNT) : 0) + trees.baseScore,
      );
      let next = 0;
      trees.trees.forEach((tree, t) => {
        for (let r = 0; r < valid.rows; r++)
          sum[r] = (sum[r] as number) + (tree.value[leafOf(tree, valid.x, r * FEATURE_COUNT)] as number);
        if (t + 1 === treeCounts[next]) {
          const out = boosted[next] as Float64Array;
          for (let r = 0; r < valid.rows; r++) out[r] = (out[r] as number) + (sum[r] as number) / settings.bags;
          next++;
        }
      });
      log(`fold ≤${fold.fitThrough} → ${fold.scoreYear}: bag ${k + 1}/${settings.bags} fitted on ${train.rows} rows`);
    }
    return {
      fold,
      rows: valid.rows,
      y: valid.y,
      persistence: Float64Array.from(
        { length: valid.rows },
        (_, r) => valid.x[r * FEATURE_COUNT + FEATURE_INDEX.pm10_d0] as number,
      ),
      ridge,
      boosted,
      treeCounts,
    };
  });
}

const concat = (parts: readonly Float64Array[]) => {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const rmse = (pred: ArrayLike<number>, y: ArrayLike<number>) => {
  let se = 0;
  for (let i = 0; i < y.length; i++) se += ((pred[i] as number) - (y[i] as number)) ** 2;
  return Math.sqrt(se / y.length);
};

/** What the folds pick, and how each forecast did per score year and pooled. */
export interface Selection {
  ridgeLambda: number;
  trees: number;
  /** Weight of the boosted model in α·boosted + (1 − α)·ridge. */
  alpha: number;
  /** RMSE per score year, then pooled over all (key 'pooled'). */
  rmse: { year: string; rows: number; model: number; boosted: number; ridge: number; persistence: number }[];
  /** The selected blend's forecasts, per fold (for fuller metrics). */
  forecasts: { y: Float64Array; model: Float64Array; ridge: Float64Array; persistence: Float64Array }[];
}

/**
 * Ridge's λ with the lowest pooled RMSE, then the tree count and blend weight α whose blend
 * α·boosted + (1 − α)·ridge has the lowest pooled RMSE.
 */
export function selectOnFolds(folds: readonly FoldForecasts[]): Selection {
  const y = concat(folds.map((f) => f.y));
  const lambdas = [...(folds[0]?.ridge.keys() ?? [])];
  let ridgeLambda = lambdas[0] as number;
  let best = Number.POSITIVE_INFINITY;
  for (const lambda of lambdas) {
    const r = rmse(concat(folds.map((f) => f.ridge.get(lambda) as Float64Array)), y);
    if (r < best) [best, ridgeLambda] = [r, lambda];
  }
  const ridge = concat(folds.map((f) => f.ridge.get(ridgeLambda) as Float64Array));
  let pick = { index: 0, alpha: 1, rmse: Number.POSITIVE_INFINITY };
  (folds[0]?.treeCounts ?? []).forEach((_, i) => {
    const { alpha, rmse: r } = pickBlendAlpha(concat(folds.map((f) => f.boosted[i] as Float64Array)), ridge, y);
    if (r < pick.rmse) pick = { index: i, alpha, rmse: r };
  });
  const forecasts = folds.map((f) => {
    const boosted = f.boosted[pick.index] as Float64Array;
    const ridgeF = f.ridge.get(ridgeLambda) as Float64Array;
    return {
      y: f.y,
      boosted,
      model: Float64Array.from(boosted, (b, r) => pick.alpha * b + (1 - pick.alpha) * (ridgeF[r] as number)),
      ridge: ridgeF,
      persistence: f.persistence,
    };
  });
  const row = (year: string, parts: typeof forecasts) => {
    const yy = concat(parts.map((p) => p.y));
    return {
      year,
      rows: yy.length,
      model: rmse(concat(parts.map((p) => p.model)), yy),
      boosted: rmse(concat(parts.map((p) => p.boosted)), yy),
      ridge: rmse(concat(parts.map((p) => p.ridge)), yy),
      persistence: rmse(concat(parts.map((p) => p.persistence)), yy),
    };
  };
  return {
    ridgeLambda,
    trees: folds[0]?.treeCounts[pick.index] as number,
    alpha: pick.alpha,
    rmse: [
      ...folds.map((f, i) => row(String(f.fold.scoreYear), [forecasts[i] as (typeof forecasts)[number]])),
      row('pooled', forecasts),
    ],
    forecasts: forecasts.map(({ y: yy, model, ridge: r, persistence }) => ({ y: yy, model, ridge: r, persistence })),
  };
}
