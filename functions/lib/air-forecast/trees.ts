/**
 * A regression tree ensemble as it is trained, exported to ONNX and read back: flat arrays
 * per tree, node 0 the root. At an inner node a row goes left when `x[feature] <= threshold`
 * (ONNX BRANCH_LEQ, compared in float32 as onnxruntime does), and when x[feature] is NaN it
 * goes left if `missingLeft` is 1 (ONNX nodes_missing_value_tracks_true, the true branch
 * being the left one). Prediction = baseScore + Σ over trees of the leaf reached.
 */
export interface RegressionTree {
  /** Feature index at an inner node, -1 at a leaf. */
  feature: Int32Array;
  /** Split value (float32) at an inner node. */
  threshold: Float32Array;
  /** Child node indices (inner nodes only). */
  left: Int32Array;
  right: Int32Array;
  /** 1 when a missing (NaN) value goes left at this inner node. */
  missingLeft: Uint8Array;
  /** Leaf value (learning rate applied, float32-representable) at a leaf. */
  value: Float64Array;
  /** Training rows that reached the node (a child's covers sum to its parent's): TreeSHAP's weights. */
  cover: Float64Array;
}

export interface TreeEnsemble {
  /** Constant added to every prediction (the training mean). */
  baseScore: number;
  featureCount: number;
  trees: RegressionTree[];
}

/** The leaf index a row reaches in one tree (`x` read from `offset`). */
export function leafOf(tree: RegressionTree, x: ArrayLike<number>, offset = 0): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node] as number;
    if (f < 0) return node;
    const v = x[offset + f] as number;
    const goLeft = Number.isNaN(v) ? tree.missingLeft[node] === 1 : v <= (tree.threshold[node] as number);
    node = goLeft ? (tree.left[node] as number) : (tree.right[node] as number);
  }
}

/** The ensemble's prediction for one row, in float64. */
export function predictRow(ensemble: TreeEnsemble, x: ArrayLike<number>, offset = 0): number {
  let sum = ensemble.baseScore;
  for (const tree of ensemble.trees) sum += tree.value[leafOf(tree, x, offset)] as number;
  return sum;
}

/** Predictions for `rows` rows of `featureCount` features each, row-major. */
export function predictRows(ensemble: TreeEnsemble, x: Float32Array, rows: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = predictRow(ensemble, x, r * ensemble.featureCount);
  return out;
}

/** Nodes of the deepest path (edges from the root to the farthest leaf). */
export function treeDepth(tree: RegressionTree, node = 0): number {
  if ((tree.feature[node] as number) < 0) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node] as number), treeDepth(tree, tree.right[node] as number));
}
