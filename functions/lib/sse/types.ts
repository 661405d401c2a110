/** One event dispatched from a `text/event-stream` (WHATWG HTML, "Interpreting an event stream"). */
export interface SseEvent {
  /** The `event` field of the event, or `message` when it had none. */
  type: string;
  /** The `data` lines of the event joined with LF (the final LF removed). */
  data: string;
  /** The stream's last event ID when the event was dispatched: the latest `id` seen, not only this event's. */
  lastEventId: string;
}
