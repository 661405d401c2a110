/** Base class for errors in the pipeline declaration. */
export class PipelineError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PipelineError';
  }
}

/** The declaration breaks a rule; `problems` lists every one found, each with its path. */
export class InvalidPipelineError extends PipelineError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid pipeline declaration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidPipelineError';
    this.problems = problems;
  }
}
