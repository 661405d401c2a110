import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSentimentScorer, sentimentBand } from '../../../functions/lib/sentiment/index.js';
import { runTandem } from '../../bin/helpers/tandem-cli.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL_DIR = `${root}models/sentiment`;

const runCli = runTandem;

describe('tandem sentiment', () => {
  it('prints one JSON line per input line, scored by the same scorer the Lambda uses', async () => {
    // Prepare
    const texts = [
      'I love this app, great work!',
      'The checkout keeps crashing, terrible.',
      '',
      'not bad at all 👍',
      'ok',
    ];
    const scorer = await loadSentimentScorer({ modelDir: MODEL_DIR });
    const expected = await scorer.score(texts);
    await scorer.release();

    // Act
    const { code, stdout, stderr } = await runCli(['sentiment'], `${texts.join('\n')}\r\n`);

    // Assess
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(Array.from(expected, (score) => ({ score, label: sentimentBand(score) })));
    expect(lines.slice(0, 3).map((l) => l.label)).toEqual(['positive', 'negative', 'neutral']);
  });

  it('streams a large input in batches, keeping order and count', async () => {
    // Prepare: 5,000 lines in batches of 64.
    const texts = Array.from({ length: 5000 }, (_, i) =>
      i % 2 === 0 ? `great product number ${i}` : `awful service, ticket ${i}`,
    );

    // Act
    const { code, stdout } = await runCli(['sentiment', '--batch', '64'], texts.join('\n'));

    // Assess
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { score: number; label: string });
    expect(lines).toHaveLength(5000);
    lines.forEach((line, i) => {
      expect(line.label).toBe(i % 2 === 0 ? 'positive' : 'negative');
    });
  });

  it('fails with a clear message when the model cannot be read', async () => {
    // Act
    const { code, stdout, stderr } = await runCli(['sentiment', '--model', '/nonexistent/model.onnx'], 'hello\n');

    // Assess
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^tandem sentiment: cannot read sentiment model \/nonexistent\/model\.onnx/);
  });
});
