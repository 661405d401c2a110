import { describe, expect, it } from 'vitest';
import { gateDecision, type SetComparison } from '../../../models/air-quality/train/gate.js';

const OPTIONS = { minHoldout: 20, tolerance: 0.01 };
const side = (rmse: number, rows: number) => ({ rmse, mae: rmse * 0.8, rows });
const sets = (holdout: [number, number, number], reference: [number, number]): Record<string, SetComparison> => ({
  holdout: { candidate: side(holdout[0], holdout[2]), current: side(holdout[1], holdout[2]) },
  'pm10-2008': { candidate: side(reference[0], 14_818), current: side(reference[1], 14_818) },
});

describe('air-quality evaluation gate', () => {
  it('publishes a candidate better on the holdout and within 1 % of the current RMSE on 2008', () => {
    // Act
    const decision = gateDecision(sets([7.5, 14.7, 36], [6.25, 6.2]), OPTIONS);

    // Assess
    expect(decision).toEqual({ published: true, reasons: [] });
  });

  it('rejects one only equal on a holdout large enough to show an improvement, and one worse on 2008 beyond the tolerance', () => {
    // Act
    const equal = gateDecision(sets([14.7, 14.7, 36], [6.2, 6.2]), OPTIONS);
    const worseOn2008 = gateDecision(sets([7.5, 14.7, 36], [6.27, 6.2]), OPTIONS);

    // Assess
    expect(equal.published).toBe(false);
    expect(equal.reasons).toEqual(['not better on the holdout: RMSE 14.700 vs the current 14.700']);
    expect(worseOn2008.published).toBe(false);
    expect(worseOn2008.reasons).toEqual(['worse on pm10-2008: RMSE 6.270 vs the current 6.200 (tolerance 1%)']);
  });

  it('asks only "not worse" of a holdout under the minimum, and rejects an empty one', () => {
    // Act
    const smallEqual = gateDecision(sets([10.05, 10, 6], [6.2, 6.2]), OPTIONS);
    const smallWorse = gateDecision(sets([10.2, 10, 6], [6.2, 6.2]), OPTIONS);
    const empty = gateDecision(sets([Number.NaN, Number.NaN, 0], [6.2, 6.2]), OPTIONS);

    // Assess
    expect(smallEqual.published).toBe(true);
    expect(smallWorse.reasons).toEqual([
      'worse on the holdout (6 rows, fewer than 20: not worse is enough): RMSE 10.200 vs the current 10.000 (tolerance 1%)',
    ]);
    expect(empty.reasons).toEqual(['the holdout has no archived days: nothing new to judge the candidate on']);
  });
});
