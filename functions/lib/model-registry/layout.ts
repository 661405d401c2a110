/**
 * The registry's layout under a model's root (`MODEL_<NAME>_URI`: `s3://<models bucket>/models/<name>/`
 * on AWS, `<data dir>/models/<name>/` locally):
 *
 *   model.onnx, model-card.json, …     the shipped model: what the repo holds, uploaded by every deploy
 *   current.json                        the pointer: which version scorers use (absent: the shipped one)
 *   versions/<version>/model.onnx, model-card.json, evaluation.json
 *                                       every candidate ever trained, published or rejected; never rewritten
 *
 * A deploy only ever writes the root's files, so it never undoes a nightly publication, and a
 * rollback is one conditional write of the pointer.
 */

import { ModelRegistryError } from './errors.js';

export const CURRENT_POINTER = 'current.json';
export const VERSIONS_DIR = 'versions';
export const EVALUATION_FILE = 'evaluation.json';
/** The version name of the shipped model (the root's files). */
export const SHIPPED_VERSION = 'shipped';

const VERSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** Throws unless `version` can name a version: letters, digits, `.`, `_`, `-`, at most 80, not `shipped`'s directory tricks. */
export function checkVersionName(version: string): string {
  if (!VERSION_NAME.test(version) || version.includes('..')) {
    throw new ModelRegistryError(
      `"${version}" is not a version name (letters, digits, ".", "_" and "-", at most 80 characters)`,
    );
  }
  return version;
}

/** A version name that sorts by time and fits the rule above: `2026-12-05T03-00-00-000Z` (a retrain at `now`). */
export function versionName(now: Date): string {
  return now.toISOString().replaceAll(/[:.]/g, '-');
}

/** Key (relative to the model's root) of `file` of `version`. */
export function versionFileKey(version: string, file: string): string {
  if (version === SHIPPED_VERSION) return file;
  return `${VERSIONS_DIR}/${checkVersionName(version)}/${file}`;
}
