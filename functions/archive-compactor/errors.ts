/** Base class for every error raised by the archive compactor. */
export class ArchiveCompactorError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ArchiveCompactorError';
  }
}

/** The function is deployed without what it needs, or with a setting it cannot use. */
export class CompactorConfigError extends ArchiveCompactorError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CompactorConfigError';
  }
}

/**
 * A merge left by an earlier run cannot be finished: its output is absent and so is one of its
 * inputs. The protocol never deletes an input before the output is written, so something else
 * deleted objects; the manifest is kept for a person to look at, and its partition is not
 * compacted until then.
 */
export class CompactionConflictError extends ArchiveCompactorError {
  /** Key of the manifest that cannot be finished. */
  readonly manifestKey: string;

  constructor(manifestKey: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CompactionConflictError';
    this.manifestKey = manifestKey;
  }
}

/** A run finished what it could, but at least one merge failed; the next run retries it. */
export class CompactionRunError extends ArchiveCompactorError {
  /** What the run did besides. */
  readonly report: unknown;

  constructor(failures: readonly { key: string; error: unknown }[], report: unknown) {
    super(
      `${failures.length} merge(s) failed: ${failures.map((f) => `${f.key}: ${(f.error as Error)?.message ?? f.error}`).join('; ')}`,
      { cause: failures.map((f) => f.error) },
    );
    this.name = 'CompactionRunError';
    this.report = report;
  }
}
