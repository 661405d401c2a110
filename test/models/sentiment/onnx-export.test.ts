import { readFile } from 'node:fs/promises';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { benchRecords } from '../../../bench/records.js';
import { featurizeByTokens } from '../../../functions/lib/sentiment/features.js';
import {
  FEATURE_COUNT,
  FEATURE_VERSION,
  featurize,
  loadSentimentScorer,
  readOnnxMetadata,
} from '../../../functions/lib/sentiment/index.js';
import { loadLabelledData } from '../../../models/sentiment/train/data.js';
import { type LogisticModel, predictProbability, trainLogistic } from '../../../models/sentiment/train/logistic.js';
import { exportOnnx } from '../../../models/sentiment/train/onnx-export.js';

const { onnx } = onnxProto;

/** Texts to compare on: in and out of the vocabulary, negated, emoji, empty, long. */
const SAMPLES = [
  'I love this app, great work!',
  'Terrible, it crashes every time I open it.',
  'The support was not helpful at all 😡',
  'not bad :)',
  '',
  'Ünïcödé wörds and 日本語',
  'great '.repeat(200),
];

/** Reads `weights` and `bias` back out of an exported model and runs the forward pass in TypeScript. */
function modelFromOnnx(bytes: Uint8Array): LogisticModel {
  const graph = onnx.ModelProto.decode(bytes).graph;
  const tensor = (name: string) => {
    const t = graph?.initializer?.find((i) => i.name === name);
    if (!t?.rawData) throw new Error(`no initializer ${name}`);
    const raw = t.rawData;
    return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  };
  const bias = graph?.initializer?.find((i) => i.name === 'bias')?.rawData;
  if (!bias) throw new Error('no initializer bias');
  return { weights: tensor('weights'), bias: Buffer.from(bias).readDoubleLE(0) };
}

describe('exportOnnx', () => {
  it('computes exactly the trained model probability, up to rounding the result to float32', async () => {
    // Prepare: a small model on 300 sentences (fast; the real one is `npm run train`).
    const groups = loadLabelledData().groups.filter((_, i) => i % 10 === 0);
    const { model } = trainLogistic(
      groups.map((g) => featurize(g.text)),
      groups.map((g) => g.label),
      { featureCount: FEATURE_COUNT, l2: 1e-3 },
    );
    const bytes = exportOnnx(model, { name: 'test', version: '0.0.1', trainedAt: '2025-06-01T00:00:00.000Z' });
    const scorer = await loadSentimentScorer({ bytes });
    const texts = [...SAMPLES, ...groups.slice(0, 50).map((g) => g.text)];

    // Act
    const scores = await scorer.score(texts);

    // Assess
    // Sums in float64 like the TypeScript model, so only the final rounding to float differs.
    texts.forEach((text, i) => {
      expect(Math.abs((scores[i] as number) - predictProbability(model, featurize(text)))).toBeLessThanOrEqual(
        2 ** -24,
      );
    });
    expect(Object.fromEntries(readOnnxMetadata(bytes))).toEqual({
      name: 'test',
      version: '0.0.1',
      featureVersion: FEATURE_VERSION,
      trainedAt: '2025-06-01T00:00:00.000Z',
    });
    await scorer.release();
  });

  it('the shipped model.onnx equals a TypeScript forward pass over its own weights', async () => {
    // Prepare
    const bytes = await readFile(new URL('../../../models/sentiment/model.onnx', import.meta.url));
    const model = modelFromOnnx(bytes);
    const scorer = await loadSentimentScorer({ bytes });

    // Act
    const scores = await scorer.score(SAMPLES);

    // Assess
    expect(model.weights.length).toBe(FEATURE_COUNT);
    SAMPLES.forEach((text, i) => {
      expect(Math.abs((scores[i] as number) - predictProbability(model, featurize(text)))).toBeLessThanOrEqual(
        2 ** -24,
      );
    });
    await scorer.release();
  });

  it('the shipped model scores every UCI sentence and bench feedback text as the token-by-token definition does', async () => {
    // Prepare: the texts the sentiment and feedback benchmarks score, in batches as the scorer gets them.
    const bytes = await readFile(new URL('../../../models/sentiment/model.onnx', import.meta.url));
    const model = modelFromOnnx(bytes);
    const scorer = await loadSentimentScorer({ bytes });
    const content = benchRecords(7);
    const texts = [
      ...loadLabelledData().groups.map((g) => g.text),
      ...Array.from({ length: 2000 }, (_, i) => (JSON.parse(content.feedback(i).value) as { text: string }).text),
    ];

    // Act
    const scores: number[] = [];
    for (let i = 0; i < texts.length; i += 1000) scores.push(...(await scorer.score(texts.slice(i, i + 1000))));

    // Assess: the fast featurizers and the graph against featurizeByTokens and a float64 sum.
    let worst = 0;
    texts.forEach((text, i) => {
      worst = Math.max(worst, Math.abs((scores[i] as number) - predictProbability(model, featurizeByTokens(text))));
    });
    expect(scores).toHaveLength(texts.length);
    expect(worst).toBeLessThanOrEqual(2 ** -24);
    await scorer.release();
  });
});
