import { describe, expect, it } from 'vitest';
import { evaluateAnomalies, formatScores } from '../../../../models/air-quality/anomalies/evaluate.js';

describe('the anomaly evaluation on the held-out year', () => {
  it("meets the issue's targets on 2008, pooled over seeds 1–5, and beats both baselines where they are weak", () => {
    // Act
    const { scores, events } = evaluateAnomalies({ year: 2008, seeds: [1, 2, 3, 4, 5] });

    // Assess
    const [tandem, zScore, sameValue] = scores as [(typeof scores)[0], (typeof scores)[0], (typeof scores)[0]];
    const recall = (s: typeof tandem, kind: 'spike' | 'stuck' | 'drift') =>
      s.recall[kind].found / s.recall[kind].events;
    expect(events.length).toBeGreaterThan(1500);
    expect(recall(tandem, 'spike')).toBeGreaterThanOrEqual(0.9);
    expect(recall(tandem, 'stuck')).toBeGreaterThanOrEqual(0.9);
    expect(recall(tandem, 'drift')).toBeGreaterThanOrEqual(0.5);
    expect(tandem.falseAlarms / tandem.clean).toBeLessThanOrEqual(0.005);
    expect(recall(tandem, 'spike')).toBeGreaterThan(recall(zScore, 'spike'));
    expect(tandem.falseAlarms).toBeLessThan(zScore.falseAlarms);
    expect(recall(sameValue, 'spike')).toBe(0);
    expect(formatScores(scores).split('\n')).toHaveLength(5);
  }, 60_000);
});
