/**
 * The models the nightly retrainer trains, with the files each one's training reads at run time
 * (paths from the repo root, shipped in the Lambda bundle: infra/pipeline.ts). Kept apart from
 * the table that runs them (model-retrainers.ts): infra/pipeline.ts imports this, and every
 * function that imports pipeline.ts would otherwise bundle the training code and onnxruntime.
 * The table's type requires an entry for each model here, so adding one is caught by tsc.
 */

import { DATA_FILES as AIR_QUALITY_DATA_FILES } from '../../models/air-quality/train/data-files.js';
import { BASE_CORPUS_FILES } from '../../models/sentiment/train/data.js';
import { FEEDBACK_HOLDOUT_FILE } from '../../models/sentiment/train/reference-sets.js';

export const RETRAINED_MODELS = {
  sentiment: { files: [...BASE_CORPUS_FILES, FEEDBACK_HOLDOUT_FILE] },
  'air-quality': { files: AIR_QUALITY_DATA_FILES },
} as const satisfies Record<string, { files: readonly string[] }>;

export type RetrainedModel = keyof typeof RETRAINED_MODELS;

/** Every file any retraining reads at run time, once each. */
export const RETRAINING_FILES: string[] = [...new Set(Object.values(RETRAINED_MODELS).flatMap((m) => [...m.files]))];
