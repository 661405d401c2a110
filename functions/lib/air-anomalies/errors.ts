/** Base class for every error raised by the sensor anomaly detector. */
export class AirAnomalyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirAnomalyError';
  }
}

/**
 * A reading the detector cannot take: not a number ≥ 0, dated before the day already open
 * (input must come in date order, or an answer could see its own future), or a second
 * reading of a sensor for the same day.
 */
export class AnomalyReadingError extends AirAnomalyError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AnomalyReadingError';
  }
}
