/** Base class for errors of the air-windows function. */
export class AirWindowsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AirWindowsError';
  }
}
