/** Base class for errors of the air-windows function. */
export class AirWindowsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirWindowsError';
  }
}

/** A location's daily check state kept changing under concurrent batches: a later batch checks again. */
export class DailyCheckRaceError extends AirWindowsError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DailyCheckRaceError';
  }
}
