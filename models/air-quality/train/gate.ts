/**
 * The evaluation gate of the air-quality model (issue 13, item 5), pure: from the candidate's
 * and the current model's RMSE on the same rows, whether the candidate may be published, and
 * every reason it may not. The rule (retrain-config.ts):
 *
 * - holdout (the newest archived days, never trained on): RMSE strictly lower than the
 *   current model's when it has at least `minHoldout` rows; with fewer (but some), no higher
 *   than the current's × (1 + tolerance), since a handful of days cannot show an improvement;
 *   with none, rejected (nothing new to judge on);
 * - every reference set (the 2008 out-of-time year): RMSE no higher than the current's ×
 *   (1 + tolerance).
 */

/** One model's errors on one set, µg/m³ (NaN when the set has no rows). */
export interface SetErrors {
  rmse: number;
  mae: number;
  rows: number;
}

/** Both models on one set. */
export interface SetComparison {
  candidate: SetErrors;
  current: SetErrors;
}

export interface GateDecision {
  published: boolean;
  /** Why it was not published (empty when it was). */
  reasons: string[];
}

/** The newest archived days, never trained on. */
export const HOLDOUT_SET = 'holdout';

const fixed = (x: number) => x.toFixed(3);

export function gateDecision(
  metrics: Readonly<Record<string, SetComparison>>,
  options: { minHoldout: number; tolerance: number },
): GateDecision {
  const reasons: string[] = [];
  const allowed = (current: number) => current * (1 + options.tolerance);
  const holdout = metrics[HOLDOUT_SET];
  if (!holdout || holdout.candidate.rows === 0) {
    reasons.push('the holdout has no archived days: nothing new to judge the candidate on');
  } else if (holdout.candidate.rows < options.minHoldout) {
    if (!(holdout.candidate.rmse <= allowed(holdout.current.rmse))) {
      reasons.push(
        `worse on the holdout (${holdout.candidate.rows} rows, fewer than ${options.minHoldout}: not worse is enough): RMSE ${fixed(holdout.candidate.rmse)} vs the current ${fixed(holdout.current.rmse)} (tolerance ${options.tolerance * 100}%)`,
      );
    }
  } else if (!(holdout.candidate.rmse < holdout.current.rmse)) {
    reasons.push(
      `not better on the holdout: RMSE ${fixed(holdout.candidate.rmse)} vs the current ${fixed(holdout.current.rmse)}`,
    );
  }
  for (const [name, { candidate, current }] of Object.entries(metrics)) {
    if (name === HOLDOUT_SET) continue;
    if (!(candidate.rmse <= allowed(current.rmse))) {
      reasons.push(
        `worse on ${name}: RMSE ${fixed(candidate.rmse)} vs the current ${fixed(current.rmse)} (tolerance ${options.tolerance * 100}%)`,
      );
    }
  }
  return { published: reasons.length === 0, reasons };
}
