/**
 * A sentiment scorer from the files of a published model (model-card.json and model.onnx),
 * validated before anything scores with it:
 *
 * 1. the card names a version and a feature version, and the feature version is one this code
 *    computes (UnknownFeatureVersionError otherwise, before onnxruntime sees the bytes);
 * 2. the version differs from the model in use, if any;
 * 3. the ONNX model loads, and its metadata names the card's version and feature version
 *    (a card uploaded without its model, or the other way round, is refused);
 * 4. a smoke run scores `SMOKE_TEXTS` with finite scores in 0..1.
 *
 * A refused model's session is released before the error is thrown.
 */

import type { PublishedFiles } from '../model-store/published-model.js';
import { SentimentModelError, SentimentModelRefusedError, UnknownFeatureVersionError } from './errors.js';
import { SENTIMENT_MODEL_CARD_FILE, SENTIMENT_MODEL_FILE } from './model-format.js';
import {
  KNOWN_FEATURE_VERSIONS,
  loadSentimentScorer,
  type SentimentScorer,
  type SentimentScorerOptions,
} from './scorer.js';

/** The files of a published sentiment model, card first. */
export const SENTIMENT_MODEL_FILES = [SENTIMENT_MODEL_CARD_FILE, SENTIMENT_MODEL_FILE] as const;

/** Texts a new model scores before it is used: one plainly positive, one plainly negative. */
export const SMOKE_TEXTS: readonly string[] = [
  'Great product, the new release works perfectly.',
  'Terrible support, the app keeps crashing.',
];

/** What the card must say: the same fields the ONNX metadata carries. */
interface CardVersions {
  version: string;
  featureVersion: string;
}

function cardVersions(bytes: Uint8Array | undefined): CardVersions {
  if (!bytes) throw new SentimentModelRefusedError(`the published model has no ${SENTIMENT_MODEL_CARD_FILE}`);
  let card: unknown;
  try {
    card = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new SentimentModelRefusedError(`${SENTIMENT_MODEL_CARD_FILE} is not UTF-8 JSON`, { cause });
  }
  const { version, featureVersion } = (card ?? {}) as Record<string, unknown>;
  if (typeof version !== 'string' || version === '' || typeof featureVersion !== 'string' || featureVersion === '') {
    throw new SentimentModelRefusedError(`${SENTIMENT_MODEL_CARD_FILE} must name a version and a featureVersion`);
  }
  return { version, featureVersion };
}

export async function loadPublishedSentimentScorer(
  published: Pick<PublishedFiles, 'files'>,
  current?: { readonly version: string },
  options: SentimentScorerOptions = {},
): Promise<SentimentScorer> {
  const card = cardVersions(published.files.get(SENTIMENT_MODEL_CARD_FILE));
  if (!KNOWN_FEATURE_VERSIONS.includes(card.featureVersion)) {
    throw new UnknownFeatureVersionError(card.featureVersion, KNOWN_FEATURE_VERSIONS);
  }
  if (current && card.version === current.version) {
    throw new SentimentModelRefusedError(
      `the published model is version ${card.version}, the version in use, with other bytes: a new model needs a new version`,
    );
  }
  const bytes = published.files.get(SENTIMENT_MODEL_FILE);
  if (!bytes) throw new SentimentModelError(`the published model has no ${SENTIMENT_MODEL_FILE}`);
  const scorer = await loadSentimentScorer({ bytes }, options);
  try {
    if (scorer.version !== card.version || scorer.featureVersion !== card.featureVersion) {
      throw new SentimentModelRefusedError(
        `${SENTIMENT_MODEL_CARD_FILE} says ${card.version} (${card.featureVersion}), ` +
          `${SENTIMENT_MODEL_FILE} says ${scorer.version} (${scorer.featureVersion})`,
      );
    }
    const scores = await scorer.score(SMOKE_TEXTS);
    const unusable = [...scores].filter((s) => !Number.isFinite(s) || s < 0 || s > 1);
    if (scores.length !== SMOKE_TEXTS.length || unusable.length > 0) {
      throw new SentimentModelRefusedError(
        `model ${card.version} scored ${SMOKE_TEXTS.length} smoke texts as [${[...scores].join(', ')}]`,
      );
    }
  } catch (error) {
    await scorer.release();
    throw error;
  }
  return scorer;
}
