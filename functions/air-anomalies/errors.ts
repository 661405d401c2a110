/** Base class for errors of the air-anomalies function. */
export class AirAnomaliesError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirAnomaliesError';
  }
}

/** The function is deployed without a table or setting it needs. */
export class AirAnomaliesConfigError extends AirAnomaliesError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirAnomaliesConfigError';
  }
}

/** A sensor's state item kept changing under concurrent batches: the batch is retried. */
export class SensorStateRaceError extends AirAnomaliesError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SensorStateRaceError';
  }
}
