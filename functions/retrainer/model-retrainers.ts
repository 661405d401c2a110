/**
 * How the nightly retrainer runs each model on AWS, as a table: one entry per model declared in
 * retrained-models.ts (tsc requires one for each). Training code stays in `models/<name>/train/`
 * and is imported only when the entry runs (`await import()`), so loading this table costs
 * nothing.
 */

import type { AthenaQueryClient } from '../lib/athena/index.js';
import type { RegistryObjects } from '../lib/model-registry/index.js';
import type { ArchiveQuerySettings } from './config.js';
import type { RetrainedModel } from './retrained-models.js';

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
  /** How long the model's run may wait for its training-set query: what the invocation has left, less training's share. */
  queryTimeoutMs: number;
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

/** One model's nightly path: training set, training, gate, registry. */
export type ModelRetrainer = (deps: RetrainDeps) => Promise<RetrainDecision>;

export const MODEL_RETRAINERS: Record<RetrainedModel, ModelRetrainer> = {
  sentiment: async (deps) => {
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
          timeoutMs: deps.queryTimeoutMs,
        }),
    });
  },
  'air-quality': async (deps) => {
    const { retrainAirQuality } = await import('../../models/air-quality/train/retrain.js');
    const { readArchivedDaysWithAthena } = await import('../../models/air-quality/train/athena-training-set.js');
    return retrainAirQuality({
      objects: deps.objects,
      now: deps.now,
      by: deps.by,
      trainingRows: () =>
        readArchivedDaysWithAthena({
          athena: deps.athena,
          database: deps.archive.database,
          table: deps.archive.table,
          workGroup: deps.archive.workGroup,
          timeoutMs: deps.queryTimeoutMs,
        }),
    });
  },
};
