/**
 * The evaluation gate (issue 13, item 5), pure: from the candidate's and the current model's
 * accuracy on the same sets, whether the candidate may be published, and every reason it may
 * not. It passes only if it is better than the current model on the holdout (strictly higher
 * accuracy) and no worse than the tolerance (retrain-config.ts) on each reference set.
 */

import { toleranceFor } from './retrain-config.js';

/** Accuracy of one model on one set. */
export interface SetAccuracy {
  accuracy: number;
  correct: number;
  total: number;
}

/** Both models on one set. */
export interface SetComparison {
  candidate: SetAccuracy;
  current: SetAccuracy;
}

export interface GateDecision {
  published: boolean;
  /** Why it was not published (empty when it was). */
  reasons: string[];
}

/** The set of newest labels, never trained on. */
export const HOLDOUT_SET = 'holdout';

const fixed = (x: number) => x.toFixed(3);

export function gateDecision(
  metrics: Readonly<Record<string, SetComparison>>,
  options: { minHoldout: number },
): GateDecision {
  const reasons: string[] = [];
  const holdout = metrics[HOLDOUT_SET];
  if (!holdout || holdout.candidate.total < options.minHoldout) {
    reasons.push(
      `the holdout has ${holdout?.candidate.total ?? 0} labelled feedback, fewer than ${options.minHoldout}: too few to show an improvement`,
    );
  } else if (!(holdout.candidate.accuracy > holdout.current.accuracy)) {
    reasons.push(
      `not better on the holdout: ${fixed(holdout.candidate.accuracy)} vs the current ${fixed(holdout.current.accuracy)}`,
    );
  }
  for (const [name, { candidate, current }] of Object.entries(metrics)) {
    if (name === HOLDOUT_SET) continue;
    const tolerance = toleranceFor(candidate.total);
    if (candidate.accuracy < current.accuracy - tolerance) {
      reasons.push(
        `worse on ${name}: ${fixed(candidate.accuracy)} vs the current ${fixed(current.accuracy)} (tolerance ${fixed(tolerance)})`,
      );
    }
  }
  return { published: reasons.length === 0, reasons };
}
