import { calendarOf, FEATURE_COUNT, FEATURE_NAMES } from '../../../functions/lib/air-forecast/index.js';
import { type LinearBaseOptions, trainLinearBoost } from './boost.js';
import { GBDT, SPLIT } from './config.js';
import { loadDailyReadings, loadStations } from './data.js';
import { buildDataset, subset } from './dataset.js';
import { type GbdtOptions, trainGbdt } from './gbdt.js';

/**
 * `node --import tsx models/air-quality/train/try.ts '<json>'`: one candidate setting, fitted
 * on 1998–2006 with early stopping on 2007, printed as its best 2007 RMSE and tree count. The
 * test year is not loaded. JSON: `{"linear": {"features": [...] | "all", "lambda": 1} | null,
 * "gbdt": {…GbdtOptions overrides}}`; without `linear` the trees are boosted from the mean.
 */
interface Candidate {
  linear?: (Omit<LinearBaseOptions, 'features'> & { features: LinearBaseOptions['features'] | 'all' }) | null;
  gbdt?: Partial<GbdtOptions>;
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
const fit = candidate.linear
  ? trainLinearBoost(
      train,
      {
        ...candidate.linear,
        features: candidate.linear.features === 'all' ? FEATURE_NAMES : candidate.linear.features,
      },
      options,
      valid,
    ).fit
  : trainGbdt(train, FEATURE_COUNT, options, valid);
const rmse = fit.validRmse[fit.bestTrees - 1] as number;
process.stdout.write(`${JSON.stringify({ candidate, validRmse: Number(rmse.toFixed(4)), trees: fit.bestTrees })}\n`);
