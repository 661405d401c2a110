/** Base class for every error raised by the notification outbox. */
export class NotificationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NotificationError';
  }
}

/** Reading or writing the notifications table failed: an infrastructure failure, the caller retries. */
export class NotificationStoreError extends NotificationError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NotificationStoreError';
  }
}
