/** Base class for every error raised while reading secrets. */
export class SecretError extends Error {
  /** The secret (a key of `secrets` in infra/pipeline.ts). */
  readonly secret: string;

  constructor(secret: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SecretError';
    this.secret = secret;
  }
}

/** The function was deployed without the secret bound: neither its value nor its ARN is in the environment. */
export class SecretConfigError extends SecretError {
  constructor(secret: string, message: string, options?: ErrorOptions) {
    super(secret, message, options);
    this.name = 'SecretConfigError';
  }
}

/** Secrets Manager did not answer with the secret's value (network, permissions, a binary secret). */
export class SecretFetchError extends SecretError {
  constructor(secret: string, message: string, options?: ErrorOptions) {
    super(secret, message, options);
    this.name = 'SecretFetchError';
  }
}
