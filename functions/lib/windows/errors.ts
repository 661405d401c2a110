/** Errors of the window engine. Both are infrastructure failures: the batch (or partition) is retried. */
export class WindowEngineError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WindowEngineError';
  }
}

/** An aggregate kept losing its conditional update to concurrent writers (should not happen: one writer per partition). */
export class WindowContentionError extends WindowEngineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WindowContentionError';
  }
}
