import type { TreeEnsemble } from '../../../functions/lib/air-forecast/index.js';

/**
 * The mean of several boosted ensembles (bagging: the same rows, other subsample seeds) as one
 * ensemble: the first `trees` trees of each, every leaf and base score divided by their number.
 * A mean of sums of trees is a sum of scaled trees, so the ONNX graph (one
 * TreeEnsembleRegressor) and exact TreeSHAP stay as they are; only the tree count grows.
 * Values are float32-rounded as ONNX stores them.
 */
export function averageEnsembles(ensembles: readonly TreeEnsemble[], trees: number): TreeEnsemble {
  const first = ensembles[0];
  if (!first) throw new Error('averageEnsembles: no ensemble');
  const k = ensembles.length;
  let baseScore = 0;
  for (const e of ensembles) {
    if (e.featureCount !== first.featureCount) throw new Error('averageEnsembles: feature counts differ');
    if (e.trees.length < trees) throw new Error(`averageEnsembles: an ensemble has fewer than ${trees} trees`);
    baseScore += e.baseScore / k;
  }
  return {
    featureCount: first.featureCount,
    baseScore: Math.fround(baseScore),
    trees: ensembles.flatMap((e) =>
      e.trees
        .slice(0, trees)
        .map((tree) => ({ ...tree, value: Float64Array.from(tree.value, (v) => Math.fround(v / k)) })),
    ),
  };
}
