import type { AirRecordProblem } from './types.js';

/** Base class for every error raised by the air-quality and weather record contracts. */
export class AirRecordError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirRecordError';
  }
}

/** A document is not a valid record of its topic; `field` is the path of the first field at fault. */
export class AirRecordValidationError extends AirRecordError {
  /** Path of the field at fault (`hour`, `readings.pm10.unit`, `forecastFor.date`), or `(body)`. */
  readonly field: string;

  constructor(problem: AirRecordProblem, options?: ErrorOptions) {
    super(problem.message, options);
    this.name = 'AirRecordValidationError';
    this.field = problem.field;
  }
}
