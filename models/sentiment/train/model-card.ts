import { createHash } from 'node:crypto';
import {
  FEATURE_COUNT,
  HASH_BITS,
  LEXICON_FEATURE_NAMES,
  SENTIMENT_GRAPH,
  SENTIMENT_MODEL_FILE,
  SENTIMENT_THRESHOLDS,
  type SentimentBand,
} from '../../../functions/lib/sentiment/index.js';
import { FIT_BIAS } from './config.js';
import type { Domain } from './data.js';
import type { LogisticModel } from './logistic.js';
import { OPSET } from './onnx-export.js';
import type { EvaluationReport } from './report.js';

/** Accuracy of one classifier, as the card quotes it. */
export interface CardMetrics {
  pooled10Fold: number;
  crossDomain: Record<Domain, number>;
  feedbackCheck: number;
}

/** model-card.json: what the model is, what it was trained on, how it did and against what. */
export interface ModelCard {
  name: string;
  version: string;
  featureVersion: string;
  trainedAt: string;
  description: string;
  model: {
    type: string;
    l2: number;
    intercept: string;
    features: string;
    featureCount: number;
    nonZeroWeights: number;
    onnx: {
      file: string;
      opset: number;
      inputs: Record<string, string>;
      outputs: Record<string, string>;
      /** Largest |ONNX score − TypeScript probability| over the training texts. */
      maxAbsDiffFromTypeScript: number;
    };
  };
  data: { source: string; rows: number; dedupedGroups: number; domains: Record<Domain, number> };
  metrics: CardMetrics;
  baselines: { afinn: CardMetrics & { description: string }; vader: CardMetrics & { description: string } };
  thresholds: {
    negativeBelow: number;
    positiveAbove: number;
    rule: string;
    outOfFold: EvaluationReport['bands']['outOfFold'];
    /** The labels sentimentBand gives. */
    bands: readonly SentimentBand[];
  };
  limitations: string[];
  /** The full report beside the card. */
  evaluation: string;
  /** SHA-256 of model.onnx, hex. */
  sha256: string;
}

const round4 = (x: number) => Number(x.toFixed(4));

/** The card of the model the report evaluated, exported as `onnx`. */
export function modelCard(
  report: EvaluationReport,
  model: LogisticModel,
  onnx: Uint8Array,
  onnxMaxAbsDiff: number,
): ModelCard {
  const metrics = (key: 'model' | 'afinn' | 'vader'): CardMetrics => ({
    pooled10Fold: round4(report.pooled10Fold[key].accuracy),
    crossDomain: Object.fromEntries(report.crossDomain.map((c) => [c.test, round4(c[key].accuracy)])) as Record<
      Domain,
      number
    >,
    feedbackCheck: round4(report.feedbackCheck[key].accuracy),
  });
  return {
    name: report.model.name,
    version: report.model.version,
    featureVersion: report.model.featureVersion,
    trainedAt: report.model.trainedAt,
    description:
      'P(positive sentiment) of a short English text (feedback, reviews). Binary: trained on positive/negative sentences only, so "neutral" is a band of scores, not a learned class.',
    model: {
      type: 'logistic regression, L2, fitted with L-BFGS (full batch, deterministic)',
      l2: report.model.l2,
      intercept: FIT_BIAS ? 'fitted' : 'none (0): a text with no known feature scores exactly 0.5',
      features: `${report.model.featureVersion}: NFKC-lowercased word/emoji/emoticon tokens with NEG_ negation marking, unigrams and bigrams hashed (FNV-1a 32, UTF-8) into 2^${HASH_BITS} binary buckets, plus ${LEXICON_FEATURE_NAMES.length} lexicon features (${LEXICON_FEATURE_NAMES.join(', ')} valence sums, squashed)`,
      featureCount: FEATURE_COUNT,
      nonZeroWeights: model.weights.reduce((n, w) => n + (w !== 0 ? 1 : 0), 0),
      onnx: {
        file: SENTIMENT_MODEL_FILE,
        opset: OPSET,
        inputs: {
          [SENTIMENT_GRAPH.indicesInput]: 'int32 [T]: feature indices of all texts, back to back',
          [SENTIMENT_GRAPH.valuesInput]: 'float [T]: their values',
          [SENTIMENT_GRAPH.offsetsInput]: 'int32 [N+1]: text n owns entries offsets[n] … offsets[n+1]-1',
        },
        outputs: { [SENTIMENT_GRAPH.scoreOutput]: 'float [N]: P(positive)' },
        maxAbsDiffFromTypeScript: onnxMaxAbsDiff,
      },
    },
    data: {
      source: report.data.source,
      rows: report.data.rows,
      dedupedGroups: report.data.dedupedGroups,
      domains: report.data.rowsByDomain,
    },
    metrics: metrics('model'),
    baselines: {
      afinn: { description: 'sentiment@5.0.2 (AFINN-165), score >= 0 → positive', ...metrics('afinn') },
      vader: { description: 'vader-sentiment@1.1.3, compound >= 0 → positive', ...metrics('vader') },
    },
    thresholds: {
      ...SENTIMENT_THRESHOLDS,
      rule: report.bands.rule,
      outOfFold: report.bands.outOfFold,
      bands: ['negative', 'neutral', 'positive'],
    },
    limitations: [
      'Trained on review sentences (products, films, restaurants): plain statements and questions with no sentiment can lean negative (e.g. "Where is the export button?"), so treat the neutral band as "no clear sentiment", not as a calibrated class.',
      'English only. Text in another language mostly scores near 0.5 (unknown words carry no weight), apart from emoji and shared words.',
      'Sarcasm, domain terms whose polarity differs from reviews ("fast" battery drain) and long mixed texts are scored from their words, not understood.',
    ],
    evaluation: 'evaluation.json',
    sha256: createHash('sha256').update(onnx).digest('hex'),
  };
}
