/**
 * Every model the nightly retrainer trains, as a table: a model is one entry, naming the files
 * its training reads at run time (shipped in the Lambda bundle, infra/pipeline.ts) and how to
 * run its nightly path on AWS. Training code stays in `models/<name>/train/` and is imported only
 * when the entry runs (`await import()`), so loading this table costs nothing.
 */

import type { AthenaQueryClient } from '../../models/sentiment/train/athena-training-set.js';
import { BASE_CORPUS_FILES } from '../../models/sentiment/train/data.js';
import { FEEDBACK_HOLDOUT_FILE } from '../../models/sentiment/train/reference-sets.js';
import type { RegistryObjects } from '../lib/model-registry/index.js';
import type { ArchiveQuerySettings } from './config.js';

/** What one model's run gets. */
export interface RetrainDeps {
  /** The model's registry root (the models bucket prefix on AWS). */
  objects: RegistryObjects;
  /** Athena, for the model's training-set query over the archive. */
  athena: AthenaQueryClient;
  archive: ArchiveQuerySettings;
  /** When this run happens: names the candidate version. */
  now: Date;
  /** Who publishes, for the pointer's history. */
  by: string;
}

/** What a run decided (the shape of `RetrainResult` in models/<name>/train/retrain.ts). */
export interface RetrainDecision {
  model: string;
  /** The candidate's version name. */
  candidate: string;
  /** The version it was compared with. */
  current: string;
  published: boolean;
  metrics: Record<string, unknown>;
  reasons: string[];
}

export interface ModelRetrainer {
  /** Files the training reads at run time, as paths from the repo root. */
  files: readonly string[];
  retrain: (deps: RetrainDeps) => Promise<RetrainDecision>;
}

export const MODEL_RETRAINERS = {
  sentiment: {
    files: [...BASE_CORPUS_FILES, FEEDBACK_HOLDOUT_FILE],
    retrain: async (deps) => {
      const { retrainSentiment } = await import('../../models/sentiment/train/retrain.js');
      const { readLabelledFeedbackWithAthena } = await import('../../models/sentiment/train/athena-training-set.js');
      return retrainSentiment({
        objects: deps.objects,
        now: deps.now,
        by: deps.by,
        labelledFeedback: () =>
          readLabelledFeedbackWithAthena({
            athena: deps.athena,
            database: deps.archive.database,
            table: deps.archive.table,
            workGroup: deps.archive.workGroup,
          }),
      });
    },
  },
} as const satisfies Record<string, ModelRetrainer>;

/** The models retrained nightly. */
export const RETRAINED_MODELS = Object.keys(MODEL_RETRAINERS);

/** Every file any retrainer reads at run time, once each. */
export const RETRAINING_FILES = [...new Set(Object.values(MODEL_RETRAINERS).flatMap((r) => r.files))];
