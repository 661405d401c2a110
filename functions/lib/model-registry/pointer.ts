import { ModelRegistryError } from './errors.js';
import { checkVersionName, SHIPPED_VERSION } from './layout.js';

/** `current.json`: the version scorers use, and how it got there. */
export interface CurrentPointer {
  version: string;
  /** The version current before this one. */
  previous: string;
  /**
   * Versions made current, oldest first, ending with `version` (at most POINTER_HISTORY).
   * `rollback` without a version returns to the entry before the last and drops the last, so
   * repeated rollbacks walk back instead of toggling between two versions.
   */
  history: string[];
  /** RFC 3339 time of the change. */
  changedAt: string;
  /** `publish` (the evaluation gate passed) or `rollback`. */
  change: 'publish' | 'rollback';
  /** Who or what made the change (e.g. `retrainer`, `tandem models rollback`). */
  by: string;
}

/** The pointer that `current.json`'s absence stands for. */
export const SHIPPED_POINTER: CurrentPointer = {
  version: SHIPPED_VERSION,
  previous: SHIPPED_VERSION,
  history: [SHIPPED_VERSION],
  changedAt: '1970-01-01T00:00:00.000Z',
  change: 'publish',
  by: 'deploy',
};

export function parsePointer(bytes: Uint8Array): CurrentPointer {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ModelRegistryError('current.json is not JSON', { cause: error });
  }
  const o = value as Partial<Record<keyof CurrentPointer, unknown>>;
  if (typeof value !== 'object' || value === null || typeof o.version !== 'string' || typeof o.previous !== 'string') {
    throw new ModelRegistryError('current.json must be an object with string "version" and "previous"');
  }
  if (o.version !== SHIPPED_VERSION) checkVersionName(o.version);
  const history = Array.isArray(o.history) ? o.history.filter((v): v is string => typeof v === 'string') : [];
  if (history[history.length - 1] !== o.version) history.push(o.version);
  return {
    version: o.version,
    previous: o.previous,
    history,
    changedAt: typeof o.changedAt === 'string' ? o.changedAt : '',
    change: o.change === 'rollback' ? 'rollback' : 'publish',
    by: typeof o.by === 'string' ? o.by : '',
  };
}

/** Entries kept in `history`. */
export const POINTER_HISTORY = 20;

export function encodePointer(pointer: CurrentPointer): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(pointer, null, 2)}\n`);
}
