import { FEATURE_COUNT, type SparseFeatures } from '../../../functions/lib/sentiment/index.js';
import { DOMAINS, type Domain, type LabelledGroup } from './data.js';
import { groupFolds } from './folds.js';
import { predictProbability, trainLogistic } from './logistic.js';

/** Accuracy of one classifier on one test set. */
export interface Accuracy {
  accuracy: number;
  correct: number;
  total: number;
}

/** Model and both baselines on exactly the same test items. */
export interface Comparison {
  model: Accuracy;
  afinn: Accuracy;
  vader: Accuracy;
}

export interface PooledResult extends Comparison {
  folds: number;
  seed: number;
  /** Accuracy per fold, same order for all three. */
  foldAccuracy: { model: number[]; afinn: number[]; vader: number[] };
  /** Out-of-fold P(positive) of every group (each predicted by the model that did not see it). */
  outOfFold: Float64Array;
}

export interface CrossDomainResult extends Comparison {
  test: Domain;
  train: Domain[];
  trainGroups: number;
}

/** Everything an evaluation needs, computed once: features, labels, baseline verdicts. */
export interface EvaluationInput {
  groups: readonly LabelledGroup[];
  features: readonly SparseFeatures[];
  labels: readonly (0 | 1)[];
  afinnPositive: readonly boolean[];
  vaderPositive: readonly boolean[];
}

/** How every model of an evaluation is fitted (see trainLogistic). */
export interface FitOptions {
  l2: number;
  fitBias: boolean;
}

function accuracy(correct: number, total: number): Accuracy {
  return { accuracy: total === 0 ? 0 : correct / total, correct, total };
}

/** Scores a model trained on `train` against `test`, beside the baselines on the same `test`. */
function compare(input: EvaluationInput, train: number[], test: number[], fit: FitOptions, outOfFold?: Float64Array) {
  const { model } = trainLogistic(
    train.map((i) => input.features[i] as SparseFeatures),
    train.map((i) => input.labels[i] as 0 | 1),
    { featureCount: FEATURE_COUNT, ...fit },
  );
  let m = 0;
  let a = 0;
  let v = 0;
  for (const i of test) {
    const p = predictProbability(model, input.features[i] as SparseFeatures);
    if (outOfFold) outOfFold[i] = p;
    const positive = input.labels[i] === 1;
    if (p >= 0.5 === positive) m++;
    if (input.afinnPositive[i] === positive) a++;
    if (input.vaderPositive[i] === positive) v++;
  }
  return { model: accuracy(m, test.length), afinn: accuracy(a, test.length), vader: accuracy(v, test.length) };
}

/** k-fold cross-validation over groups (distinct sentences), stratified and seeded. */
export function pooledCrossValidation(
  input: EvaluationInput,
  options: { folds: number; seed: number; fit: FitOptions; onFit?: () => void },
): PooledResult {
  const fold = groupFolds(input.labels, options.folds, options.seed);
  const outOfFold = new Float64Array(input.groups.length);
  const foldAccuracy = { model: [] as number[], afinn: [] as number[], vader: [] as number[] };
  const totals = { model: 0, afinn: 0, vader: 0 };
  for (let k = 0; k < options.folds; k++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < input.groups.length; i++) (fold[i] === k ? test : train).push(i);
    const result = compare(input, train, test, options.fit, outOfFold);
    for (const key of ['model', 'afinn', 'vader'] as const) {
      foldAccuracy[key].push(result[key].accuracy);
      totals[key] += result[key].correct;
    }
    options.onFit?.();
  }
  const n = input.groups.length;
  return {
    folds: options.folds,
    seed: options.seed,
    model: accuracy(totals.model, n),
    afinn: accuracy(totals.afinn, n),
    vader: accuracy(totals.vader, n),
    foldAccuracy,
    outOfFold,
  };
}

/**
 * Train on two domains, test on the third, all three ways. A sentence found in the test
 * domain is test-only, even if it also occurs in a training domain.
 */
export function crossDomain(
  input: EvaluationInput,
  options: { fit: FitOptions; onFit?: () => void },
): CrossDomainResult[] {
  return DOMAINS.map((testDomain) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < input.groups.length; i++) {
      (input.groups[i]?.domains.includes(testDomain) ? test : train).push(i);
    }
    const result = compare(input, train, test, options.fit);
    options.onFit?.();
    return { test: testDomain, train: DOMAINS.filter((d) => d !== testDomain), trainGroups: train.length, ...result };
  });
}

/** How a score cut-off does on out-of-fold scores: the share of texts past it and how many of those are right. */
export interface BandStats {
  /** Share of all texts in the band. */
  share: number;
  /** Share of the band's texts whose label agrees with the band. */
  precision: number;
  count: number;
}

export function bandStats(
  scores: ArrayLike<number>,
  labels: readonly (0 | 1)[],
  negativeBelow: number,
  positiveAbove: number,
) {
  let neg = 0;
  let negRight = 0;
  let pos = 0;
  let posRight = 0;
  for (let i = 0; i < labels.length; i++) {
    const s = scores[i] as number;
    if (s < negativeBelow) {
      neg++;
      if (labels[i] === 0) negRight++;
    } else if (s > positiveAbove) {
      pos++;
      if (labels[i] === 1) posRight++;
    }
  }
  const n = labels.length;
  const stats = (count: number, right: number): BandStats => ({
    share: count / n,
    precision: count === 0 ? 1 : right / count,
    count,
  });
  return {
    negative: stats(neg, negRight),
    neutral: { share: (n - neg - pos) / n, count: n - neg - pos },
    positive: stats(pos, posRight),
  };
}
