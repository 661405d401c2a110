/** Base class of the wiki-event model's errors. */
export class WikiEventError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WikiEventError';
  }
}

/** A document is not a valid recentchange event; `field` names the first field at fault. */
export class WikiEventValidationError extends WikiEventError {
  /** Dotted path of the field at fault (`meta.dt`, `timestamp`, …), or `(body)`. */
  readonly field: string;

  constructor(field: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WikiEventValidationError';
    this.field = field;
  }
}
