/** Base class for errors raised while building the CDK app from `infra/pipeline.ts`. */
export class AwsAppError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AwsAppError';
  }
}

/** A context value (`-c key=value` or `cdk.json`) is missing, malformed or contradicts another. */
export class InvalidContextError extends AwsAppError {
  /** The context key at fault. */
  readonly key: string;

  constructor(key: string, message: string, options?: ErrorOptions) {
    super(`context ${key}: ${message}`, options);
    this.name = 'InvalidContextError';
    this.key = key;
  }
}

/** `pipeline.ts` declares something AWS cannot express (e.g. a batching window that is not whole seconds). */
export class UnsupportedOnAwsError extends AwsAppError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnsupportedOnAwsError';
  }
}
