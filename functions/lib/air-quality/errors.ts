/** Base class for every error raised by the air-quality index code. */
export class AirQualityError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirQualityError';
  }
}

/**
 * A concentration or reading that no index can take: not a finite number, negative, an unknown
 * pollutant key, or a reading that is not a JSON object. Raised where input enters, so an index
 * is never computed from a value that means nothing.
 */
export class AirQualityInputError extends AirQualityError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirQualityInputError';
  }
}

/**
 * A concentration that EPA's breakpoint table for its averaging time does not define, and that
 * needs another averaging time which the caller did not give: an 8-hour ozone mean above
 * 0.200 ppm (EPA computes AQI ≥ 301 from 1-hour ozone only) or a 1-hour SO2 value above 304 ppb
 * (EPA computes AQI ≥ 200 from the 24-hour SO2 mean only). Guessing would either understate a
 * hazardous reading or overstate it, so the caller is told instead.
 */
export class BeyondBreakpointTableError extends AirQualityError {
  /** The measure whose table ran out, e.g. `o3_8h`. */
  readonly measure: string;

  constructor(measure: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BeyondBreakpointTableError';
    this.measure = measure;
  }
}
