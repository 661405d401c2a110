/**
 * A model's versions and which one is current (layout.ts). Versions are immutable once
 * written; only the pointer changes, by compare-and-swap, so two writers racing (two
 * retrainers, a rollback during a publish) never lose an update: the loser gets
 * RegistryConflictError and decides again from what is there now.
 */

import { ModelRegistryError, RegistryConflictError, UnknownVersionError } from './errors.js';
import { CURRENT_POINTER, EVALUATION_FILE, SHIPPED_VERSION, VERSIONS_DIR, versionFileKey } from './layout.js';
import type { RegistryObjects } from './objects.js';
import { type CurrentPointer, encodePointer, POINTER_HISTORY, parsePointer, SHIPPED_POINTER } from './pointer.js';

export const MODEL_CARD_FILE = 'model-card.json';

/** What the registry knows of one version. */
export interface VersionInfo {
  version: string;
  /** Its model card (model-card.json), as written. */
  card: Record<string, unknown> | undefined;
  /** Its evaluation report (evaluation.json), when the retrainer wrote one. */
  evaluation: Record<string, unknown> | undefined;
  /** Whether it is the version scorers use now. */
  current: boolean;
}

export interface ModelRegistry {
  readonly model: string;
  readonly uri: string;
  /** The pointer (the shipped one when none was ever written) and its tag for a conditional write (null: absent). */
  current(): Promise<{ pointer: CurrentPointer; tag: string | null }>;
  /** Every version, the shipped one first, then by name (names sort by time when they start with one). */
  versions(): Promise<VersionInfo[]>;
  /** Whether `version` has a model card in the registry (`shipped`: at the root). */
  has(version: string): Promise<boolean>;
  /** Key of `file` of `version` under the root. */
  fileKey(version: string, file: string): string;
  /**
   * Writes a new version's files. Rerunning with the same bytes is a no-op (a retried run);
   * different bytes under an existing version name throw.
   */
  addVersion(version: string, files: ReadonlyMap<string, Uint8Array>): Promise<void>;
  /** Makes `version` current if the current one is still `expected` (what the caller compared against). */
  publish(version: string, options: { expected: string; by: string }): Promise<CurrentPointer>;
  /** Makes `to` (default: the version current before this one) current again. */
  rollback(options: { to?: string | undefined; by: string }): Promise<CurrentPointer>;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

async function readJson(objects: RegistryObjects, key: string): Promise<Record<string, unknown> | undefined> {
  const object = await objects.get(key);
  if (!object) return undefined;
  try {
    const value = JSON.parse(new TextDecoder().decode(object.bytes));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function modelRegistry(model: string, objects: RegistryObjects): ModelRegistry {
  const current = async () => {
    const object = await objects.get(CURRENT_POINTER);
    if (!object) return { pointer: SHIPPED_POINTER, tag: null };
    return { pointer: parsePointer(object.bytes), tag: object.tag };
  };
  const has = async (version: string) => (await objects.get(versionFileKey(version, MODEL_CARD_FILE))) !== undefined;
  const swap = async (tag: string | null, pointer: CurrentPointer) => {
    await objects.put(CURRENT_POINTER, encodePointer(pointer), tag);
    return pointer;
  };
  return {
    model,
    uri: objects.uri,
    current,
    has,
    fileKey: versionFileKey,
    async versions() {
      const { pointer } = await current();
      const names = new Set<string>();
      for (const key of await objects.list(`${VERSIONS_DIR}/`)) {
        const [, version, file] = key.split('/');
        if (version && file === MODEL_CARD_FILE) names.add(version);
      }
      const ordered = [SHIPPED_VERSION, ...[...names].sort()];
      return Promise.all(
        ordered.map(async (version) => ({
          version,
          card: await readJson(objects, versionFileKey(version, MODEL_CARD_FILE)),
          evaluation: await readJson(objects, versionFileKey(version, EVALUATION_FILE)),
          current: version === pointer.version,
        })),
      );
    },
    async addVersion(version, files) {
      if (version === SHIPPED_VERSION)
        throw new ModelRegistryError(`"${SHIPPED_VERSION}" is the deployed model's name`);
      if (!files.has(MODEL_CARD_FILE)) throw new ModelRegistryError(`a version needs its ${MODEL_CARD_FILE}`);
      // The card last: a version counts as present once its card is there (has(), versions()).
      const order = [...files.keys()].sort((a, b) => Number(a === MODEL_CARD_FILE) - Number(b === MODEL_CARD_FILE));
      for (const file of order) {
        const key = versionFileKey(version, file);
        const bytes = files.get(file)!;
        try {
          await objects.put(key, bytes, null);
        } catch (error) {
          if (!(error instanceof RegistryConflictError)) throw error;
          const held = await objects.get(key);
          if (!held || !sameBytes(held.bytes, bytes)) {
            throw new ModelRegistryError(`version ${version} of ${model} already has a different ${file}`, {
              cause: error,
            });
          }
        }
      }
    },
    async publish(version, { expected, by }) {
      if (!(await has(version))) throw new UnknownVersionError(`${model} has no version ${version}`);
      const { pointer, tag } = await current();
      if (pointer.version !== expected) {
        throw new RegistryConflictError(
          `${model}'s current version is ${pointer.version}, not ${expected}: the candidate was compared with the wrong one`,
        );
      }
      const history = [...pointer.history, version].slice(-POINTER_HISTORY);
      return swap(tag, {
        version,
        previous: pointer.version,
        history,
        changedAt: new Date().toISOString(),
        change: 'publish',
        by,
      });
    },
    async rollback({ to, by }) {
      const { pointer, tag } = await current();
      let history: string[];
      let target: string;
      if (to === undefined) {
        if (pointer.history.length < 2) {
          throw new UnknownVersionError(
            `${model} has no earlier version to roll back to (current: ${pointer.version})`,
          );
        }
        history = pointer.history.slice(0, -1);
        target = history[history.length - 1]!;
      } else {
        target = to;
        const at = pointer.history.lastIndexOf(target);
        history = at >= 0 ? pointer.history.slice(0, at + 1) : [...pointer.history, target].slice(-POINTER_HISTORY);
      }
      if (!(await has(target))) throw new UnknownVersionError(`${model} has no version ${target}`);
      return swap(tag, {
        version: target,
        previous: pointer.version,
        history,
        changedAt: new Date().toISOString(),
        change: 'rollback',
        by,
      });
    },
  };
}
