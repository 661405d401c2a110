/**
 * The intent record of one merge, written before anything else of it and deleted last. Pure.
 *
 * A run that finds a manifest finishes that merge before planning new ones: if the output
 * exists it only deletes the inputs (the crash came after the write), otherwise it writes the
 * output from the inputs, which are all still there (none is deleted before the output is).
 */

import { ArchiveCompactorError } from './errors.js';

/** Version of the manifest layout. */
export const MERGE_MANIFEST_VERSION = 1;

export interface MergeManifest {
  /** Layout version (`MERGE_MANIFEST_VERSION`). */
  version: typeof MERGE_MANIFEST_VERSION;
  /** The Hive partition folder of the inputs and the output. */
  partition: string;
  /** Input keys, sorted. */
  inputs: string[];
  /** Key of the merged file. */
  output: string;
  /** When the merge was planned, ISO 8601. */
  plannedAt: string;
}

/** A manifest's JSON text. */
export function encodeManifest(manifest: MergeManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Parses a manifest; throws `ArchiveCompactorError` for anything that is not one. */
export function parseManifest(text: string, key: string): MergeManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ArchiveCompactorError(`manifest ${key} is not JSON`, { cause: error });
  }
  const m = value as Partial<MergeManifest>;
  if (
    m?.version !== MERGE_MANIFEST_VERSION ||
    typeof m.partition !== 'string' ||
    typeof m.output !== 'string' ||
    typeof m.plannedAt !== 'string' ||
    !Array.isArray(m.inputs) ||
    m.inputs.length === 0 ||
    !m.inputs.every((input) => typeof input === 'string')
  ) {
    throw new ArchiveCompactorError(`manifest ${key} is not a version ${MERGE_MANIFEST_VERSION} merge manifest`);
  }
  return m as MergeManifest;
}
