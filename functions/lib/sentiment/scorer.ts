import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { SentimentInputError, SentimentModelError, UnknownFeatureVersionError } from './errors.js';
import { FEATURE_VERSION, FeatureRows, featurizeRows } from './features.js';
import { SENTIMENT_GRAPH, SENTIMENT_METADATA, SENTIMENT_MODEL_FILE } from './model-format.js';
import { readOnnxMetadata } from './onnx-metadata.js';

/** The featurizers this code can compute, by the version string a model names. */
const FEATURIZERS: Readonly<Record<string, (texts: readonly string[], rows: FeatureRows) => void>> = {
  [FEATURE_VERSION]: featurizeRows,
};

/** The feature versions this scorer accepts. */
export const KNOWN_FEATURE_VERSIONS: readonly string[] = Object.keys(FEATURIZERS);

/** Where the model comes from: a model directory (holding model.onnx), a file, or its bytes (e.g. from S3). */
export type SentimentModelSource = { modelDir: string } | { modelPath: string } | { bytes: Uint8Array };

export interface SentimentScorerOptions {
  /**
   * onnxruntime session options, spread over the defaults: one intra-op and one inter-op
   * thread (the graph is a gather and a prefix sum; threads cost more than they save, and a Lambda
   * below 1,769 MB has less than one vCPU), all graph optimisations.
   */
  sessionOptions?: InferenceSession.SessionOptions;
}

export interface SentimentScorer {
  /** The model's version (metadata `version`). */
  readonly version: string;
  /** The feature version the model was trained with, one of KNOWN_FEATURE_VERSIONS. */
  readonly featureVersion: string;
  /** When the model was trained (metadata `trainedAt`, ISO-8601), if recorded. */
  readonly trainedAt: string | undefined;
  /**
   * P(positive) for each text, in order: featurizes every text, then one InferenceSession.run
   * for the whole batch. Inputs take 8 bytes per feature (about two per token), no padding.
   */
  score(texts: readonly string[]): Promise<Float32Array>;
  /** Frees the native session. */
  release(): Promise<void>;
}

const defaultSessionOptions: InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
};

async function modelBytes(source: SentimentModelSource): Promise<Uint8Array> {
  if ('bytes' in source) return source.bytes;
  const file = 'modelPath' in source ? source.modelPath : path.join(source.modelDir, SENTIMENT_MODEL_FILE);
  try {
    return await readFile(file);
  } catch (cause) {
    throw new SentimentModelError(`cannot read sentiment model ${file}`, { cause });
  }
}

/**
 * Loads a sentiment model and returns its scorer: reads the ONNX metadata, refuses a model
 * whose feature version this code does not know (UnknownFeatureVersionError), then creates
 * one InferenceSession. Call it once per container (at module scope, or lazily once) and
 * keep the result; onnxruntime-node itself is imported here, on first use.
 */
export async function loadSentimentScorer(
  source: SentimentModelSource,
  options: SentimentScorerOptions = {},
): Promise<SentimentScorer> {
  const bytes = await modelBytes(source);
  const metadata = readOnnxMetadata(bytes);
  const featureVersion = metadata.get(SENTIMENT_METADATA.featureVersion);
  if (featureVersion === undefined) {
    throw new SentimentModelError(`sentiment model has no ${SENTIMENT_METADATA.featureVersion} in its metadata`);
  }
  const features = FEATURIZERS[featureVersion];
  if (!features) throw new UnknownFeatureVersionError(featureVersion, KNOWN_FEATURE_VERSIONS);

  const ort = await import('onnxruntime-node');
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { ...defaultSessionOptions, ...options.sessionOptions });
  } catch (cause) {
    throw new SentimentModelError('onnxruntime cannot load the sentiment model', { cause });
  }
  const { indicesInput, valuesInput, offsetsInput, scoreOutput } = SENTIMENT_GRAPH;
  const inputs = [indicesInput, valuesInput, offsetsInput];
  if (!inputs.every((name) => session.inputNames.includes(name)) || !session.outputNames.includes(scoreOutput)) {
    await session.release();
    throw new SentimentModelError(
      `sentiment model graph must take ${inputs.join(', ')} and give ${scoreOutput}; ` +
        `it takes ${session.inputNames.join(', ')} and gives ${session.outputNames.join(', ')}`,
    );
  }

  // Feature buffers, lent to one score call at a time and passed to the run as views: copying
  // them into new ArrayBuffers for each run cost 5-9% of a call. A call may start while an
  // earlier one's run is pending, so each call in flight has its own.
  const idleRows: FeatureRows[] = [];
  return {
    version: metadata.get(SENTIMENT_METADATA.version) ?? 'unknown',
    featureVersion,
    trainedAt: metadata.get(SENTIMENT_METADATA.trainedAt),
    async score(texts) {
      if (!Array.isArray(texts)) throw new SentimentInputError('score needs an array of strings');
      for (let i = 0; i < texts.length; i++) {
        if (typeof texts[i] !== 'string')
          throw new SentimentInputError(`texts[${i}] is ${typeof texts[i]}, not a string`);
      }
      if (texts.length === 0) return new Float32Array(0);

      const rows = idleRows.pop() ?? new FeatureRows();
      try {
        features(texts, rows);
        const n = rows.rows;
        const result = await session.run({
          [indicesInput]: new ort.Tensor('int32', rows.indices.subarray(0, rows.size), [rows.size]),
          [valuesInput]: new ort.Tensor('float32', rows.values.subarray(0, rows.size), [rows.size]),
          [offsetsInput]: new ort.Tensor('int32', rows.offsets.subarray(0, n + 1), [n + 1]),
        });
        const scores = result[scoreOutput];
        if (!scores || !(scores.data instanceof Float32Array) || scores.data.length !== n) {
          throw new SentimentModelError(`sentiment model returned no ${scoreOutput} of ${n} floats`);
        }
        return scores.data;
      } finally {
        idleRows.push(rows);
      }
    },
    release: () => session.release(),
  };
}
