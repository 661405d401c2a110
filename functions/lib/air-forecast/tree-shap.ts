import { type RegressionTree, type TreeEnsemble, treeDepth } from './trees.js';

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent Individualized
 * Feature Attribution for Tree Ensembles", Algorithm 2): the Shapley values of
 * f_S(x) = E[f(x) | x_S], where the expectation over the features outside S follows both
 * branches weighted by the training rows that took each (the cover). Per tree O(L·D²).
 * Written from the paper and checked against the reference implementation's recurrences
 * (shap/cext/tree_shap.h: extend_path, unwind_path, unwound_path_sum); a missing value takes
 * the branch the model sends it, as in the reference.
 *
 * By construction baseValue + Σ phi = prediction, where baseValue = baseScore + Σ over
 * trees of the cover-weighted mean leaf value.
 */

/** The path of unique features from the root, one slot per depth (slot 0 a dummy). */
class PathBuffer {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;

  constructor(size: number) {
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

export interface ShapValues {
  /** E[f] over the training distribution the trees saw: what the contributions start from, µg/m³. */
  baseValue: number;
  /** One contribution per feature, µg/m³; baseValue + Σ = the prediction. */
  contributions: Float64Array;
}

/** Expected value of one tree: its leaves weighted by cover. */
export function treeExpectation(tree: RegressionTree, node = 0): number {
  if ((tree.feature[node] as number) < 0) return tree.value[node] as number;
  const l = tree.left[node] as number;
  const r = tree.right[node] as number;
  const c = tree.cover[node] as number;
  return (
    ((tree.cover[l] as number) * treeExpectation(tree, l) + (tree.cover[r] as number) * treeExpectation(tree, r)) / c
  );
}

/** The ensemble's base value: baseScore plus each tree's expectation. */
export function shapBaseValue(ensemble: TreeEnsemble): number {
  let base = ensemble.baseScore;
  for (const tree of ensemble.trees) base += treeExpectation(tree);
  return base;
}

/** A TreeSHAP explainer for one ensemble: buffers and base value computed once. */
export function treeShapExplainer(ensemble: TreeEnsemble): (x: ArrayLike<number>, offset?: number) => ShapValues {
  const maxDepth = Math.max(0, ...ensemble.trees.map((t) => treeDepth(t)));
  // Each recursion level works on its own copy of the path: level l at offset l·(D+2).
  const stride = maxDepth + 2;
  const path = new PathBuffer(stride * (maxDepth + 2));
  const baseValue = shapBaseValue(ensemble);

  return (x, offset = 0) => {
    const phi = new Float64Array(ensemble.featureCount);
    for (const tree of ensemble.trees) {
      recurse(tree, x, offset, phi, path, stride, 0, 0, 0, 1, 1, -1);
    }
    return { baseValue, contributions: phi };
  };
}

function extend(p: PathBuffer, at: number, depth: number, zero: number, one: number, feature: number): void {
  p.feature[at + depth] = feature;
  p.zero[at + depth] = zero;
  p.one[at + depth] = one;
  p.weight[at + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    p.weight[at + i + 1] =
      (p.weight[at + i + 1] as number) + (one * (p.weight[at + i] as number) * (i + 1)) / (depth + 1);
    p.weight[at + i] = (zero * (p.weight[at + i] as number) * (depth - i)) / (depth + 1);
  }
}

function unwind(p: PathBuffer, at: number, depth: number, index: number): void {
  const one = p.one[at + index] as number;
  const zero = p.zero[at + index] as number;
  let next = p.weight[at + depth] as number;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = p.weight[at + i] as number;
      p.weight[at + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - ((p.weight[at + i] as number) * zero * (depth - i)) / (depth + 1);
    } else {
      p.weight[at + i] = ((p.weight[at + i] as number) * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[at + i] = p.feature[at + i + 1] as number;
    p.zero[at + i] = p.zero[at + i + 1] as number;
    p.one[at + i] = p.one[at + i + 1] as number;
  }
}

function unwoundSum(p: PathBuffer, at: number, depth: number, index: number): number {
  const one = p.one[at + index] as number;
  const zero = p.zero[at + index] as number;
  let next = p.weight[at + depth] as number;
  let total = 0;
  if (one !== 0) {
    for (let i = depth - 1; i >= 0; i--) {
      const tmp = next / ((i + 1) * one);
      total += tmp;
      next = (p.weight[at + i] as number) - tmp * zero * (depth - i);
    }
  } else {
    for (let i = depth - 1; i >= 0; i--) total += (p.weight[at + i] as number) / (zero * (depth - i));
  }
  return total * (depth + 1);
}

function recurse(
  tree: RegressionTree,
  x: ArrayLike<number>,
  offset: number,
  phi: Float64Array,
  p: PathBuffer,
  stride: number,
  level: number,
  node: number,
  depth: number,
  zero: number,
  one: number,
  feature: number,
): void {
  // Copy the parent's path into this level's slots, then extend it. A plain loop: paths are a
  // few slots long, and four copyWithin calls per node cost more than the copying itself.
  const at = level * stride;
  if (level > 0) {
    const from = at - stride;
    for (let i = 0; i < depth; i++) {
      p.feature[at + i] = p.feature[from + i] as number;
      p.zero[at + i] = p.zero[from + i] as number;
      p.one[at + i] = p.one[from + i] as number;
      p.weight[at + i] = p.weight[from + i] as number;
    }
  }
  extend(p, at, depth, zero, one, feature);

  const split = tree.feature[node] as number;
  if (split < 0) {
    const value = tree.value[node] as number;
    for (let i = 1; i <= depth; i++) {
      const w = unwoundSum(p, at, depth, i);
      const f = p.feature[at + i] as number;
      phi[f] = (phi[f] as number) + w * ((p.one[at + i] as number) - (p.zero[at + i] as number)) * value;
    }
    return;
  }

  const v = x[offset + split] as number;
  const goLeft = Number.isNaN(v) ? tree.missingLeft[node] === 1 : v <= (tree.threshold[node] as number);
  const left = tree.left[node] as number;
  const right = tree.right[node] as number;
  const hot = goLeft ? left : right;
  const cold = goLeft ? right : left;
  const cover = tree.cover[node] as number;

  // A feature already on the path: undo its earlier extension and carry its fractions on.
  let incomingZero = 1;
  let incomingOne = 1;
  let k = 1;
  for (; k <= depth; k++) if (p.feature[at + k] === split) break;
  let pathDepth = depth;
  if (k <= depth) {
    incomingZero = p.zero[at + k] as number;
    incomingOne = p.one[at + k] as number;
    unwind(p, at, depth, k);
    pathDepth -= 1;
  }
  recurse(
    tree,
    x,
    offset,
    phi,
    p,
    stride,
    level + 1,
    hot,
    pathDepth + 1,
    (incomingZero * (tree.cover[hot] as number)) / cover,
    incomingOne,
    split,
  );
  recurse(
    tree,
    x,
    offset,
    phi,
    p,
    stride,
    level + 1,
    cold,
    pathDepth + 1,
    (incomingZero * (tree.cover[cold] as number)) / cover,
    0,
    split,
  );
}
