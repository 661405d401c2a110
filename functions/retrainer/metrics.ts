/**
 * What the retrainer counts, once per model and run (dimension `model`, beside Powertools'
 * `service`): exactly one of the three is 1, the others 0, so each series has a point every
 * night and an alarm over consecutive nights sees the nights with none.
 */
export const RetrainMetric = {
  /** The candidate passed the gate and is now current. */
  PUBLISHED: 'RetrainPublished',
  /** The candidate was stored with its report but not published. */
  REJECTED: 'RetrainRejected',
  /** The run threw before deciding (training set, training, registry). */
  FAILED: 'RetrainFailed',
} as const;

/** The metrics dimension naming the model. */
export const MODEL_DIMENSION = 'model';
