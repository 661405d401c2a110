import { leafOf, type RegressionTree, type TreeEnsemble } from '../../../functions/lib/air-forecast/index.js';
import { binRows, quantileCuts } from './bins.js';
import { mulberry32 } from './random.js';

/** Settings of a gradient-boosting run (squared error). */
export interface GbdtOptions {
  /** Most trees; early stopping may keep fewer. */
  maxTrees: number;
  learningRate: number;
  maxDepth: number;
  minSamplesLeaf: number;
  /** Fraction of the training rows each tree is grown on (Bernoulli, seeded). */
  subsample: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  lambda: number;
  /** Quantile bins per feature, at most 255 (bin 0 is missing). */
  maxBins: number;
  seed: number;
  /** Stop when validation RMSE has not improved for this many trees (needs `valid`). */
  earlyStoppingRounds: number;
  /** Feature indices the trees may split on (default all): the others stay in the row, unsplit. */
  splitFeatures?: readonly number[] | undefined;
}

export interface GbdtResult {
  ensemble: TreeEnsemble;
  /** RMSE after each tree (train on all training rows; valid when given). */
  trainRmse: number[];
  validRmse: number[];
  /** Trees kept (the best validation RMSE, or all). */
  bestTrees: number;
}

interface Matrix {
  x: Float32Array;
  y: ArrayLike<number>;
  rows: number;
}

/** Growable node arrays of one tree. */
class TreeBuilder {
  feature: number[] = [];
  threshold: number[] = [];
  left: number[] = [];
  right: number[] = [];
  missingLeft: number[] = [];
  value: number[] = [];
  cover: number[] = [];

  node(cover: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.left.push(0);
    this.right.push(0);
    this.missingLeft.push(0);
    this.value.push(0);
    this.cover.push(cover);
    return this.feature.length - 1;
  }

  build(): RegressionTree {
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float32Array.from(this.threshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      missingLeft: Uint8Array.from(this.missingLeft),
      value: Float64Array.from(this.value),
      cover: Float64Array.from(this.cover),
    };
  }
}

interface Split {
  gain: number;
  feature: number;
  /** Value bins 1…bin go left. */
  bin: number;
  missingLeft: boolean;
}

/**
 * Gradient-boosted regression trees, squared error, grown depth-first to `maxDepth` with
 * histogram split finding on quantile bins (histograms of a node's smaller child are built,
 * the larger child's are the parent's minus it). At every split the rows with a missing
 * value are tried on both sides and go where the gain is larger (XGBoost's sparsity-aware
 * split finding); when a node has no missing value for the feature they go to the side with
 * more rows. Leaf values carry the learning rate and are rounded to float32, so the
 * TreeEnsemble here is the ONNX model bit for bit. Deterministic for a seed.
 */
export function trainGbdt(
  train: Matrix,
  features: number,
  options: GbdtOptions,
  valid?: Matrix,
  onTree?: (index: number, trainRmse: number, validRmse: number | undefined) => void,
): GbdtResult {
  const { rows } = train;
  const maxBins = Math.min(255, options.maxBins);
  const cuts = quantileCuts(train.x, rows, features, maxBins);
  const binned = binRows(train.x, rows, cuts);
  const nb = maxBins + 1;
  const random = mulberry32(options.seed);
  const { lambda, minSamplesLeaf, maxDepth, learningRate } = options;
  const splittable = Array.from({ length: features }, (_, f) => options.splitFeatures?.includes(f) ?? true);

  let mean = 0;
  for (let r = 0; r < rows; r++) mean += train.y[r] as number;
  const baseScore = Math.fround(mean / rows);
  const pred = new Float64Array(rows).fill(baseScore);
  const validPred = valid ? new Float64Array(valid.rows).fill(baseScore) : undefined;
  const grad = new Float64Array(rows);
  const trees: RegressionTree[] = [];
  const trainRmse: number[] = [];
  const validRmse: number[] = [];
  let best = { rmse: Number.POSITIVE_INFINITY, trees: 0 };

  const histogram = (sample: Int32Array): { g: Float64Array; c: Float64Array } => {
    const g = new Float64Array(features * nb);
    const c = new Float64Array(features * nb);
    for (let i = 0; i < sample.length; i++) {
      const r = sample[i] as number;
      const gr = grad[r] as number;
      const base = r * features;
      for (let f = 0; f < features; f++) {
        const at = f * nb + (binned[base + f] as number);
        g[at] = (g[at] as number) + gr;
        c[at] = (c[at] as number) + 1;
      }
    }
    return { g, c };
  };

  const bestSplit = (g: Float64Array, c: Float64Array, gSum: number, n: number): Split | undefined => {
    const parent = (gSum * gSum) / (n + lambda);
    let found: Split | undefined;
    for (let f = 0; f < features; f++) {
      if (!splittable[f]) continue;
      const bins = (cuts[f] as Float32Array).length + 1;
      const base = f * nb;
      const gm = g[base] as number;
      const cm = c[base] as number;
      let gl = 0;
      let cl = 0;
      for (let b = 1; b < bins; b++) {
        gl += g[base + b] as number;
        cl += c[base + b] as number;
        const gr = gSum - gm - gl;
        const cr = n - cm - cl;
        // Missing left, then missing right; with no missing rows both are the same split and
        // missing (unseen here, e.g. a weather field) follows the larger side.
        for (let side = cm > 0 ? 0 : 2; side < (cm > 0 ? 2 : 3); side++) {
          const missingLeft = side === 0 || (side === 2 && cl >= cr);
          const cL = missingLeft ? cl + cm : cl;
          const cR = missingLeft ? cr : cr + cm;
          if (cL < minSamplesLeaf || cR < minSamplesLeaf) continue;
          const gL = missingLeft ? gl + gm : gl;
          const gR = missingLeft ? gr : gr + gm;
          const gain = (gL * gL) / (cL + lambda) + (gR * gR) / (cR + lambda) - parent;
          if (gain > 1e-9 && (!found || gain > found.gain)) found = { gain, feature: f, bin: b, missingLeft };
        }
      }
    }
    return found;
  };

  const grow = (
    tree: TreeBuilder,
    sample: Int32Array,
    hist: { g: Float64Array; c: Float64Array },
    depth: number,
  ): number => {
    const n = sample.length;
    let gSum = 0;
    for (let i = 0; i < n; i++) gSum += grad[sample[i] as number] as number;
    const node = tree.node(n);
    const split = depth < maxDepth && n >= 2 * minSamplesLeaf ? bestSplit(hist.g, hist.c, gSum, n) : undefined;
    if (!split) {
      tree.value[node] = Math.fround((-gSum / (n + lambda)) * learningRate);
      return node;
    }
    const { feature: f, bin, missingLeft } = split;
    const leftRows: number[] = [];
    const rightRows: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = sample[i] as number;
      const b = binned[r * features + f] as number;
      if (b === 0 ? missingLeft : b <= bin) leftRows.push(r);
      else rightRows.push(r);
    }
    const left = Int32Array.from(leftRows);
    const right = Int32Array.from(rightRows);
    const smallIsLeft = left.length <= right.length;
    const small = histogram(smallIsLeft ? left : right);
    const large = { g: hist.g.slice(), c: hist.c.slice() };
    for (let i = 0; i < large.g.length; i++) {
      large.g[i] = (large.g[i] as number) - (small.g[i] as number);
      large.c[i] = (large.c[i] as number) - (small.c[i] as number);
    }
    tree.feature[node] = f;
    tree.threshold[node] = (cuts[f] as Float32Array)[bin - 1] as number;
    tree.missingLeft[node] = missingLeft ? 1 : 0;
    tree.left[node] = grow(tree, left, smallIsLeft ? small : large, depth + 1);
    tree.right[node] = grow(tree, right, smallIsLeft ? large : small, depth + 1);
    return node;
  };

  const rmse = (p: Float64Array, y: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < p.length; i++) s += ((p[i] as number) - (y[i] as number)) ** 2;
    return Math.sqrt(s / p.length);
  };

  const sampleRows: number[] = [];
  for (let t = 0; t < options.maxTrees; t++) {
    sampleRows.length = 0;
    for (let r = 0; r < rows; r++) {
      grad[r] = (pred[r] as number) - (train.y[r] as number);
      if (options.subsample >= 1 || random() < options.subsample) sampleRows.push(r);
    }
    const sample = Int32Array.from(sampleRows);
    const builder = new TreeBuilder();
    grow(builder, sample, histogram(sample), 0);
    const tree = builder.build();
    trees.push(tree);
    for (let r = 0; r < rows; r++)
      pred[r] = (pred[r] as number) + (tree.value[leafOf(tree, train.x, r * features)] as number);
    trainRmse.push(rmse(pred, train.y));
    let v: number | undefined;
    if (valid && validPred) {
      for (let r = 0; r < valid.rows; r++) {
        validPred[r] = (validPred[r] as number) + (tree.value[leafOf(tree, valid.x, r * features)] as number);
      }
      v = rmse(validPred, valid.y);
      validRmse.push(v);
      if (v < best.rmse) best = { rmse: v, trees: t + 1 };
      else if (t + 1 - best.trees >= options.earlyStoppingRounds) {
        onTree?.(t, trainRmse[t] as number, v);
        break;
      }
    }
    onTree?.(t, trainRmse[t] as number, v);
  }
  const bestTrees = valid ? best.trees : trees.length;
  return {
    ensemble: { baseScore, featureCount: features, trees: trees.slice(0, bestTrees) },
    trainRmse,
    validRmse,
    bestTrees,
  };
}
