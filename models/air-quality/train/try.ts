import { FEATURE_INDEX, FEATURE_NAMES, type FeatureName } from '../../../functions/lib/air-forecast/index.js';
import type { LinearBaseOptions } from './boost.js';
import { BAGS, GBDT, LINEAR_BASE, RIDGE_LAMBDAS, SELECTION_FOLDS, SELECTION_STEP } from './config.js';
import { loadDailyReadings, loadStations } from './data.js';
import { buildDataset } from './dataset.js';
import type { GbdtOptions } from './gbdt.js';
import { forecastFolds, selectOnFolds } from './rolling-origin.js';

/**
 * `node --import tsx models/air-quality/train/try.ts '<json>'`: one candidate, selected as
 * main.ts selects (rolling-origin.ts: fits on the years before each of SELECTION_FOLDS' score
 * years, ridge λ, tree count and blend weight α picked on their pooled RMSE), printed with its
 * RMSE per score year and pooled. The test year is never scored. JSON: `{"linear": {"features":
 * [...] | "all", "lambda": 1}, "gbdt": {…GbdtOptions overrides}, "bags": 1}`; unset parts are
 * config.ts's.
 */
interface Candidate {
  linear?: Omit<LinearBaseOptions, 'features'> & { features: LinearBaseOptions['features'] | 'all' };
  gbdt?: Partial<GbdtOptions>;
  bags?: number;
  /** Features the trees may not split on (the linear base still uses its own). */
  treesWithout?: FeatureName[];
}

const candidate = JSON.parse(process.argv[2] ?? '{}') as Candidate;
const data = buildDataset(loadDailyReadings(), loadStations());
const linear = candidate.linear
  ? { ...candidate.linear, features: candidate.linear.features === 'all' ? FEATURE_NAMES : candidate.linear.features }
  : LINEAR_BASE;
const folds = forecastFolds(
  data,
  SELECTION_FOLDS,
  {
    linear,
    gbdt: {
      ...GBDT,
      ...candidate.gbdt,
      ...(candidate.treesWithout && {
        splitFeatures: FEATURE_NAMES.filter((n) => !candidate.treesWithout?.includes(n)).map((n) => FEATURE_INDEX[n]),
      }),
    },
    bags: candidate.bags ?? BAGS,
  },
  RIDGE_LAMBDAS,
  SELECTION_STEP,
  (line) => process.stderr.write(`${line}\n`),
);
const picked = selectOnFolds(folds);
const round = (x: number) => Number(x.toFixed(4));
process.stdout.write(
  `${JSON.stringify({
    candidate,
    trees: picked.trees,
    alpha: picked.alpha,
    ridgeLambda: picked.ridgeLambda,
    rmse: picked.rmse.map((r) => ({
      year: r.year,
      model: round(r.model),
      boosted: round(r.boosted),
      ridge: round(r.ridge),
      persistence: round(r.persistence),
    })),
  })}\n`,
);
