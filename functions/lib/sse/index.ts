export { type EventStreamRequest, IDLE_TIMEOUT_MS, readEventStream } from './connect.js';
export {
  SseConnectionError,
  SseError,
  SseHttpError,
  SseIdleTimeoutError,
  SseStreamEndedError,
} from './errors.js';
export {
  type EventSourceOptions,
  eventSource,
  MAX_RECONNECT_MS,
  RECONNECT_MS,
  type ReconnectNotice,
} from './event-source.js';
export { MAX_EVENT_LENGTH, SseParser, type SseParserOptions } from './parser.js';
export type { SseEvent } from './types.js';
