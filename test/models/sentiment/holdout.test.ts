import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSentimentScorer } from '../../../functions/lib/sentiment/index.js';
import { afinnPositive, vaderPositive } from '../../../models/sentiment/train/baselines.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Short product and service feedback, the pipeline's real input, written after the model was
 * trained and never used to choose anything about it (models/sentiment/eval/feedback-holdout.tsv:
 * label 1 positive, 0 negative). The model must stay ahead of both lexicon baselines on it.
 */
const rows = readFileSync(`${root}models/sentiment/eval/feedback-holdout.tsv`, 'utf8')
  .trim()
  .split('\n')
  .map((line) => {
    const [label, text] = line.split('\t') as [string, string];
    return { positive: label === '1', text };
  });

describe('sentiment model on held-out product feedback', () => {
  it('is ahead of AFINN and VADER on feedback it was not trained or tuned on', async () => {
    // Prepare
    const model = await loadSentimentScorer({ modelDir: `${root}models/sentiment` });
    const accuracy = (says: boolean[]) => says.filter((p, i) => p === rows[i]?.positive).length / rows.length;

    // Act
    const scores = await model.score(rows.map((r) => r.text));
    const ours = accuracy([...scores].map((s) => s >= 0.5));
    const afinn = accuracy(rows.map((r) => afinnPositive(r.text)));
    const vader = accuracy(rows.map((r) => vaderPositive(r.text)));
    process.stdout.write(
      `held-out feedback (${rows.length}): model ${ours.toFixed(3)}, AFINN ${afinn.toFixed(3)}, VADER ${vader.toFixed(3)}\n`,
    );

    // Assess
    expect(rows.filter((r) => r.positive)).toHaveLength(rows.length / 2);
    expect(ours).toBeGreaterThan(afinn);
    expect(ours).toBeGreaterThan(vader);
    expect(ours).toBeGreaterThanOrEqual(0.75);
  });
});
