import { readFile } from 'node:fs/promises';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FEATURE_VERSION,
  KNOWN_FEATURE_VERSIONS,
  loadSentimentScorer,
  readOnnxMetadata,
  SENTIMENT_METADATA,
  SentimentInputError,
  SentimentModelError,
  UnknownFeatureVersionError,
} from '../../../../functions/lib/sentiment/index.js';

const { onnx } = onnxProto;
const MODEL_DIR = new URL('../../../../models/sentiment/', import.meta.url);
const modelBytes = () => readFile(new URL('model.onnx', MODEL_DIR));

/** The shipped model with its metadata replaced, or one of its graph inputs renamed. */
async function rewrittenModel(change: { metadata?: Record<string, string>; renameInput?: [string, string] }) {
  const model = onnx.ModelProto.decode(await modelBytes());
  if (change.metadata) model.metadataProps = Object.entries(change.metadata).map(([key, value]) => ({ key, value }));
  if (change.renameInput) {
    const [from, to] = change.renameInput;
    for (const input of model.graph?.input ?? []) if (input.name === from) input.name = to;
    for (const node of model.graph?.node ?? [])
      node.input = (node.input ?? []).map((name) => (name === from ? to : name));
  }
  return onnx.ModelProto.encode(model).finish();
}

/** Spies on `run` of every InferenceSession created from now on. */
function spyOnSessions(): ort.InferenceSession[] {
  const sessions: ort.InferenceSession[] = [];
  const create = ort.InferenceSession.create as (...args: unknown[]) => Promise<ort.InferenceSession>;
  vi.spyOn(ort.InferenceSession, 'create').mockImplementation((async (...args: unknown[]) => {
    const session = await create.apply(ort.InferenceSession, args);
    vi.spyOn(session, 'run');
    sessions.push(session);
    return session;
  }) as typeof ort.InferenceSession.create);
  return sessions;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('loadSentimentScorer', () => {
  it('loads the shipped model from its directory and reports its versions', async () => {
    // Act
    const scorer = await loadSentimentScorer({ modelDir: MODEL_DIR.pathname });

    // Assess
    expect(scorer.featureVersion).toBe(FEATURE_VERSION);
    expect(scorer.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number.isNaN(Date.parse(scorer.trainedAt ?? ''))).toBe(false);
    await scorer.release();
  });

  it('scores a whole batch in one InferenceSession.run, in input order', async () => {
    // Prepare
    const sessions = spyOnSessions();
    const scorer = await loadSentimentScorer({ bytes: await modelBytes() });
    const texts = ['I love this app, great work!', 'Terrible, it crashes every time.', '', 'ok'];
    const singles = [];
    for (const text of texts) singles.push((await scorer.score([text]))[0]);
    const run = vi.mocked((sessions[0] as ort.InferenceSession).run);
    run.mockClear();

    // Act
    const scores = await scorer.score(texts);

    // Assess
    expect(sessions).toHaveLength(1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(scores).toBeInstanceOf(Float32Array);
    expect(Array.from(scores)).toEqual(singles);
    expect(scores[0]).toBeGreaterThan(0.9);
    expect(scores[1]).toBeLessThan(0.1);
    expect(scores[2]).toBe(0.5);
    await scorer.release();
  });

  it('keeps batches apart when a call starts while an earlier run is pending, and when one fails', async () => {
    // Prepare: batches of different lengths, so a buffer shared between calls would show.
    const scorer = await loadSentimentScorer({ bytes: await modelBytes() });
    const batches = [
      ['I love this app, great work!', 'ok'],
      ['Terrible, it crashes every time.', 'not bad :)', 'never again', 'great '.repeat(300)],
      ['fine'],
    ];
    const sequential = [];
    for (const batch of batches) sequential.push(Array.from(await scorer.score(batch)));

    // Act
    const concurrent = await Promise.all(batches.map((batch) => scorer.score(batch)));
    const failed = await scorer.score([1 as unknown as string]).catch((error: unknown) => error);
    const after = await Promise.all(batches.map((batch) => scorer.score(batch)));

    // Assess
    expect(concurrent.map((scores) => Array.from(scores))).toEqual(sequential);
    expect(failed).toBeInstanceOf(SentimentInputError);
    expect(after.map((scores) => Array.from(scores))).toEqual(sequential);
    await scorer.release();
  });

  it('answers an empty batch without running the model', async () => {
    // Prepare
    const sessions = spyOnSessions();
    const scorer = await loadSentimentScorer({ bytes: await modelBytes() });

    // Act
    const scores = await scorer.score([]);

    // Assess
    expect(scores.length).toBe(0);
    expect((sessions[0] as ort.InferenceSession).run).not.toHaveBeenCalled();
    await scorer.release();
  });

  it('refuses a model trained on a feature version it does not know', async () => {
    // Prepare
    const bytes = await rewrittenModel({
      metadata: {
        [SENTIMENT_METADATA.featureVersion]: 'tandem-sentiment-features/999',
        [SENTIMENT_METADATA.version]: '9.0.0',
      },
    });
    const create = vi.spyOn(ort.InferenceSession, 'create');

    // Act
    const loading = loadSentimentScorer({ bytes });

    // Assess
    await expect(loading).rejects.toThrow(UnknownFeatureVersionError);
    await expect(loading).rejects.toMatchObject({
      featureVersion: 'tandem-sentiment-features/999',
      known: KNOWN_FEATURE_VERSIONS,
      name: 'UnknownFeatureVersionError',
    });
    expect(create).not.toHaveBeenCalled();
  });

  it('refuses a model without a feature version in its metadata', async () => {
    // Prepare
    const bytes = await rewrittenModel({ metadata: { [SENTIMENT_METADATA.version]: '1.0.0' } });

    // Act / Assess
    await expect(loadSentimentScorer({ bytes })).rejects.toThrow(/no featureVersion/);
  });

  it('refuses a graph without the indices/values/offsets inputs', async () => {
    // Prepare
    const bytes = await rewrittenModel({ renameInput: ['indices', 'ids'] });

    // Act / Assess
    await expect(loadSentimentScorer({ bytes })).rejects.toThrow(/must take indices, values, offsets/);
  });

  it('says which file it could not read, and refuses bytes that are not a model', async () => {
    // Act / Assess
    await expect(loadSentimentScorer({ modelPath: '/nonexistent/model.onnx' })).rejects.toThrow(
      new SentimentModelError('cannot read sentiment model /nonexistent/model.onnx'),
    );
    await expect(loadSentimentScorer({ bytes: new Uint8Array([0x0a, 0xff]) })).rejects.toThrow(SentimentModelError);
  });

  it('refuses input that is not an array of strings', async () => {
    // Prepare
    const scorer = await loadSentimentScorer({ bytes: await modelBytes() });

    // Act / Assess
    await expect(scorer.score(['fine', 42 as unknown as string])).rejects.toThrow(SentimentInputError);
    await scorer.release();
  });
});

describe('readOnnxMetadata', () => {
  it('reads metadata_props as onnx-proto wrote them, without decoding the graph', async () => {
    // Prepare
    const bytes = await rewrittenModel({
      metadata: { a: 'b', [SENTIMENT_METADATA.featureVersion]: 'x/1', ключ: 'значение 😀' },
    });

    // Act
    const metadata = readOnnxMetadata(bytes);

    // Assess
    expect(Object.fromEntries(metadata)).toEqual({ a: 'b', featureVersion: 'x/1', ключ: 'значение 😀' });
  });

  it('throws a SentimentModelError on truncated bytes', async () => {
    // Prepare
    const bytes = (await modelBytes()).subarray(0, 1000);

    // Act / Assess
    expect(() => readOnnxMetadata(bytes)).toThrow(SentimentModelError);
  });
});
