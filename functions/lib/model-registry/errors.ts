/** Base class for every error raised by the model registry. */
export class ModelRegistryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ModelRegistryError';
  }
}

/** A conditional write lost: someone else changed the object since it was read. Re-read and decide again. */
export class RegistryConflictError extends ModelRegistryError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RegistryConflictError';
  }
}

/** The version (or the pointer) asked for is not in the registry. */
export class UnknownVersionError extends ModelRegistryError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnknownVersionError';
  }
}
