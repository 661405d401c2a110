import { ModelStoreError } from './errors.js';

/** Default of `MODEL_CHECK_SECONDS`. */
export const MODEL_CHECK_SECONDS = 60;

/**
 * Least milliseconds between two checks of a scorer's published model
 * (`MODEL_CHECK_SECONDS`, default 60; 0 never checks, so the model loaded at cold start stays).
 */
export function modelCheckIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MODEL_CHECK_SECONDS;
  if (raw === undefined || raw === '') return MODEL_CHECK_SECONDS * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new ModelStoreError(`MODEL_CHECK_SECONDS must be a non-negative number, got "${raw}"`);
  }
  return seconds * 1000;
}
