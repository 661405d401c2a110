/** How the nightly retrainer trains and judges a sentiment candidate (issue 13, items 4 and 5). */

/**
 * Each labelled feedback counts as this many base-corpus sentences in the loss. The base corpus
 * has 2,979 distinct sentences; at weight 5, 300 labels weigh 1,500, about a third of the
 * whole, so a few hundred labels move the model while the base corpus still anchors it.
 */
export const LABEL_WEIGHT = 5;

/** The newest share of labels (by when they were given) held out from training to judge on. */
export const HOLDOUT_SHARE = 0.2;

/** Fewer held-out labels than this cannot show a candidate is better: it is rejected. */
export const MIN_HOLDOUT = 10;

/**
 * How much worse than the current model a candidate may be on a reference set and still pass:
 * 0.01 accuracy, or one item on a set under 100 items (the 40-item feedback holdout), where
 * 0.01 would be less than a single text.
 */
export const ACCURACY_TOLERANCE = 0.01;

/** The tolerance on a set of `total` items. */
export function toleranceFor(total: number): number {
  return Math.max(ACCURACY_TOLERANCE, total > 0 ? 1 / total : 0);
}
