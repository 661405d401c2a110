/**
 * A model a container keeps scoring with while its publisher replaces it (DESIGN.md "Models":
 * scorers check the published model version periodically and swap without a redeploy).
 *
 * - Cold start: `liveModel()` reads and loads the published model and throws if it cannot; a
 *   container without a model has nothing to score with.
 * - `use(fn)` lends `fn` the model current when it starts and keeps that model alive until
 *   `fn` settles, so a batch scores all its records with one model whatever is swapped meanwhile.
 * - Checks run only at the start of a `use` (between batches), at most once per
 *   `checkIntervalMs` counted from the start of the previous check whatever its outcome, so a
 *   failing store is not asked more often than that; 0 never checks. The `use` that starts a
 *   check waits for it; those starting while it runs take the current model.
 * - A check compares the published fingerprint with the current model's and with the last one
 *   refused, and only when it differs reads the files. The same bytes under a new fingerprint
 *   (a re-upload) are adopted as they are; other bytes go to `load`, which validates them
 *   against the current model and throws to refuse them.
 * - The swap is one assignment, so every later `use` gets the new model; the old one is
 *   released when the last `use` holding it settles.
 * - A failed check (store unreachable, a file missing) or a refused model leaves the current
 *   model in place and is reported to `onCheck`; a refused copy is not read again until its
 *   publisher changes it.
 */

import { ModelStoreError } from './errors.js';
import type { PublishedFiles, PublishedModel } from './published-model.js';

/** Default time limit of one check: the HEADs, the download and the load. */
export const MODEL_CHECK_TIMEOUT_MS = 10_000;

/** What one check found. */
export type ModelCheck<M> =
  | {
      /** Nothing new is published (or only what was already refused, or the same bytes re-uploaded). */
      outcome: 'unchanged';
      /** The model in use. */
      current: M;
    }
  | {
      /** A new model replaced the one in use. */
      outcome: 'swapped';
      /** The model replaced; released once no `use` holds it. */
      from: M;
      /** The model every later `use` gets. */
      to: M;
    }
  | {
      /** The published model was refused by `load`; the current one stays. */
      outcome: 'rejected';
      /** The model in use, and still in use. */
      current: M;
      /** Fingerprint of the refused copy: it is not read again until the published one changes. */
      fingerprint: string;
      /** Why `load` refused it. */
      reason: unknown;
    }
  | {
      /** The published model could not be checked or read; the current one stays. */
      outcome: 'failed';
      /** The model in use, and still in use. */
      current: M;
      /** What went wrong (a `ModelStoreError`, or a time-out). */
      error: unknown;
    };

export interface LiveModelOptions<M> {
  /** Where the model is published. */
  published: PublishedModel;
  /** The files that make up the model, relative to its directory. */
  files: readonly string[];
  /**
   * Builds a model from published files and validates it: `current` is the model in use
   * (undefined at cold start). Throws to refuse the files.
   */
  load(files: PublishedFiles, current: M | undefined): Promise<M>;
  /** Frees a model no `use` holds any more. */
  release(model: M): Promise<void>;
  /** Least milliseconds between two checks of the published model; 0 never checks. */
  checkIntervalMs: number;
  /** Time limit of one check, reads included (default `MODEL_CHECK_TIMEOUT_MS`). */
  checkTimeoutMs?: number;
  /** Told what each check found. Runs inside a batch, so it must not throw. */
  onCheck?: (check: ModelCheck<M>) => void;
  /** Clock (default `Date.now`). */
  now?: () => number;
}

export interface LiveModel<M> {
  /** The model a `use` starting now would get (before any check it starts). */
  readonly current: M;
  /** Runs `fn` with the model current at its start, checking the published one first when a check is due. */
  use<T>(fn: (model: M) => Promise<T>): Promise<T>;
  /** Stops checking and releases the current model once no `use` holds it; later `use` calls reject. */
  close(): Promise<void>;
}

/** A loaded model with what it was loaded from and the `use` calls holding it. */
interface Held<M> {
  model: M;
  fingerprint: string;
  digest: string;
  leases: number;
  retired: boolean;
}

export async function liveModel<M>(options: LiveModelOptions<M>): Promise<LiveModel<M>> {
  const now = options.now ?? Date.now;
  const timeoutMs = options.checkTimeoutMs ?? MODEL_CHECK_TIMEOUT_MS;
  const first = await options.published.read(options.files, AbortSignal.timeout(timeoutMs));
  let held: Held<M> = heldModel(await options.load(first, undefined), first);
  let lastCheckAt = now();
  let refused: string | undefined;
  let checking: Promise<void> | undefined;
  let closed = false;

  // A session that fails to free stays in memory until the container ends; scoring is unaffected.
  const release = (h: Held<M>) => options.release(h.model).catch(() => undefined);
  const retire = (h: Held<M>) => {
    h.retired = true;
    if (h.leases === 0) return release(h);
  };

  async function check(): Promise<ModelCheck<M>> {
    const current = held;
    const signal = AbortSignal.timeout(timeoutMs);
    let files: PublishedFiles;
    try {
      const fingerprint = await options.published.fingerprint(options.files, signal);
      if (fingerprint === current.fingerprint || fingerprint === refused) {
        return { outcome: 'unchanged', current: current.model };
      }
      files = await options.published.read(options.files, signal);
    } catch (error) {
      return { outcome: 'failed', current: current.model, error };
    }
    if (files.digest === current.digest || files.fingerprint === refused) {
      // Re-uploaded bytes (a new ETag over the same content) are the model already in use.
      if (files.digest === current.digest) current.fingerprint = files.fingerprint;
      return { outcome: 'unchanged', current: current.model };
    }
    let next: M;
    try {
      next = await options.load(files, current.model);
    } catch (reason) {
      refused = files.fingerprint;
      return { outcome: 'rejected', current: current.model, fingerprint: files.fingerprint, reason };
    }
    if (closed) {
      await options.release(next).catch(() => undefined);
      return { outcome: 'unchanged', current: current.model };
    }
    held = heldModel(next, files);
    await retire(current);
    return { outcome: 'swapped', from: current.model, to: next };
  }

  return {
    get current() {
      return held.model;
    },
    async use(fn) {
      if (closed) throw new ModelStoreError(`model "${options.published.name}" is closed`);
      if (checking === undefined && options.checkIntervalMs > 0 && now() - lastCheckAt >= options.checkIntervalMs) {
        lastCheckAt = now();
        checking = check().then(
          (outcome) => options.onCheck?.(outcome),
          (error: unknown) => options.onCheck?.({ outcome: 'failed', current: held.model, error }),
        );
        try {
          await checking;
        } finally {
          checking = undefined;
        }
      }
      const lease = held;
      lease.leases++;
      try {
        return await fn(lease.model);
      } finally {
        lease.leases--;
        if (lease.retired && lease.leases === 0) await release(lease);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await checking;
      await retire(held);
    },
  };
}

function heldModel<M>(model: M, files: PublishedFiles): Held<M> {
  return { model, fingerprint: files.fingerprint, digest: files.digest, leases: 0, retired: false };
}
