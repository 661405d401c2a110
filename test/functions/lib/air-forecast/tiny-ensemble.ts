import type { RegressionTree, TreeEnsemble } from '../../../../functions/lib/air-forecast/index.js';

/** A tree from nodes listed as [feature, threshold, left, right, missingLeft, cover] or [value, cover] (leaf). */
export function tree(nodes: ([number, number, number, number, 0 | 1, number] | [number, number])[]): RegressionTree {
  const n = nodes.length;
  const t: RegressionTree = {
    feature: new Int32Array(n).fill(-1),
    threshold: new Float32Array(n),
    left: new Int32Array(n),
    right: new Int32Array(n),
    missingLeft: new Uint8Array(n),
    value: new Float64Array(n),
    cover: new Float64Array(n),
  };
  nodes.forEach((node, i) => {
    if (node.length === 2) {
      t.value[i] = node[0];
      t.cover[i] = node[1];
    } else {
      [t.feature[i], t.threshold[i], t.left[i], t.right[i], t.missingLeft[i], t.cover[i]] = node;
    }
  });
  return t;
}

/**
 * Two trees over 4 features; tree 0 splits on feature 0 twice on one path (the case TreeSHAP
 * unwinds), tree 1 routes missing values right at its root and left below.
 */
export const TINY: TreeEnsemble = {
  baseScore: 3,
  featureCount: 4,
  trees: [
    tree([
      [0, 0.5, 1, 2, 1, 100],
      [1, 1.5, 3, 4, 0, 60],
      [0, 2.5, 5, 6, 0, 40],
      [-2, 35],
      [4, 25],
      [1, 2, 7, 8, 1, 30],
      [10, 10],
      [6, 12],
      [-1, 18],
    ]),
    tree([
      [2, 0, 1, 2, 0, 100],
      [3, 5, 3, 4, 1, 70],
      [7, 30],
      [1, 50],
      [-3, 20],
    ]),
  ],
};

/** E[f(x) | x_S] under the trees' own cover distribution: features outside S follow both branches by cover. */
export function conditional(t: RegressionTree, x: number[], inS: boolean[], node = 0): number {
  const f = t.feature[node] as number;
  if (f < 0) return t.value[node] as number;
  const l = t.left[node] as number;
  const r = t.right[node] as number;
  if (inS[f]) {
    const v = x[f] as number;
    const goLeft = Number.isNaN(v) ? t.missingLeft[node] === 1 : v <= (t.threshold[node] as number);
    return conditional(t, x, inS, goLeft ? l : r);
  }
  const c = t.cover[node] as number;
  return ((t.cover[l] as number) * conditional(t, x, inS, l) + (t.cover[r] as number) * conditional(t, x, inS, r)) / c;
}

/** Shapley values by their definition: every subset, weighted |S|!(M-|S|-1)!/M!. */
export function bruteForceShapley(
  e: TreeEnsemble,
  x: number[],
  /** Added to the value of each subset S of features (e.g. a linear part's E[· | x_S]); 0 by default. */
  extra: (inS: boolean[]) => number = () => 0,
): number[] {
  const m = e.featureCount;
  const v = (mask: number) => {
    const inS = Array.from({ length: m }, (_, i) => (mask & (1 << i)) !== 0);
    return e.baseScore + e.trees.reduce((s, t) => s + conditional(t, x, inS), 0) + extra(inS);
  };
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const phi = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      const size = mask.toString(2).split('1').length - 1;
      const weight = (fact(size) * fact(m - size - 1)) / fact(m);
      phi[i] = (phi[i] as number) + weight * (v(mask | (1 << i)) - v(mask));
    }
  }
  return phi;
}
