import {
  calendarOf,
  FEATURE_COUNT,
  FEATURE_NAMES,
  predictForecastRows,
} from '../../../functions/lib/air-forecast/index.js';
import { pickBlendAlpha } from './blend.js';
import { type LinearBaseOptions, trainLinearBoost } from './boost.js';
import { GBDT, RIDGE_LAMBDAS, SPLIT } from './config.js';
import { loadDailyReadings, loadStations } from './data.js';
import { buildDataset, subset } from './dataset.js';
import { type GbdtOptions, trainGbdt } from './gbdt.js';
import { forecastMetrics } from './metrics.js';
import { predictRidge, trainRidge } from './ridge.js';

/**
 * `node --import tsx models/air-quality/train/try.ts '<json>'`: one candidate setting, fitted
 * on 1998–2006 with early stopping on 2007, printed as its best 2007 RMSE and tree count. The
 * test year is not loaded. JSON: `{"linear": {"features": [...] | "all", "lambda": 1} | null,
 * "gbdt": {…GbdtOptions overrides}, "blend": true}`; without `linear` the trees are boosted from
 * the mean. With `blend` (needs `linear`) the RMSE is that of α·model + (1 − α)·ridge on all
 * features (λ picked on 2007, as main.ts does), α ∈ BLEND_ALPHAS picked on 2007 too.
 */
interface Candidate {
  linear?: (Omit<LinearBaseOptions, 'features'> & { features: LinearBaseOptions['features'] | 'all' }) | null;
  gbdt?: Partial<GbdtOptions>;
  blend?: boolean;
}

const candidate = JSON.parse(process.argv[2] ?? '{}') as Candidate;
const data = buildDataset(loadDailyReadings(), loadStations());
const yearOf = (r: number) => calendarOf((data.day[r] as number) + 1).year;
const all = Array.from({ length: data.rows }, (_, r) => r);
const train = subset(
  data,
  all.filter((r) => yearOf(r) <= SPLIT.trainThrough),
);
const valid = subset(
  data,
  all.filter((r) => yearOf(r) === SPLIT.validYear),
);
const options = { ...GBDT, ...candidate.gbdt };
const boost = candidate.linear
  ? trainLinearBoost(
      train,
      {
        ...candidate.linear,
        features: candidate.linear.features === 'all' ? FEATURE_NAMES : candidate.linear.features,
      },
      options,
      valid,
    )
  : undefined;
const fit = boost ? boost.fit : trainGbdt(train, FEATURE_COUNT, options, valid);
let rmse = fit.validRmse[fit.bestTrees - 1] as number;
let blend: { alpha: number; ridgeLambda: number } | undefined;
if (candidate.blend) {
  if (!boost) throw new Error('blend needs a linear base');
  const rmseOf = (pred: ArrayLike<number>) => forecastMetrics(pred, valid.y).rmse;
  let ridge: { lambda: number; rmse: number; pred: ArrayLike<number> } = {
    lambda: 0,
    rmse: Number.POSITIVE_INFINITY,
    pred: [],
  };
  for (const lambda of RIDGE_LAMBDAS) {
    const pred = predictRidge(
      trainRidge(train.x, train.y, train.rows, FEATURE_COUNT, lambda),
      valid.x,
      valid.rows,
      FEATURE_COUNT,
    );
    const r = rmseOf(pred);
    if (r < ridge.rmse) ridge = { lambda, rmse: r, pred };
  }
  const picked = pickBlendAlpha(predictForecastRows(boost.model, valid.x, valid.rows), ridge.pred, valid.y);
  rmse = picked.rmse;
  blend = { alpha: picked.alpha, ridgeLambda: ridge.lambda };
}
process.stdout.write(
  `${JSON.stringify({ candidate, validRmse: Number(rmse.toFixed(4)), trees: fit.bestTrees, blend })}\n`,
);
