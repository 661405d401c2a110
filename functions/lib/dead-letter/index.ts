export {
  type DeadLetterFilter,
  listDeadLetters,
  markReplayed,
  type ReplayMarker,
  recordName,
  type StoredDeadLetter,
} from './catalog.js';
export {
  type DeadLetterBytes,
  type DeadLetterDocument,
  type DeadLetterEntry,
  deadLetterBytes,
  deadLetterDocument,
  deadLetterKey,
  PREVIEW_CHARS,
} from './document.js';
export { DeadLetterConfigError, DeadLetterError, DeadLetterWriteError } from './errors.js';
export { type DeadLetterNotice, deadLetterEvents } from './observer.js';
export { DEAD_LETTER_REASONS, DeadLetterReason } from './reasons.js';
export {
  DEAD_LETTER_BUCKET_ENV,
  type DeadLetterReceipt,
  type DeadLetterSink,
  type DeadLetterSinkOptions,
  deadLetterSink,
} from './sink.js';
export {
  type SourceItemDeadLetters,
  type SourceItemDeadLettersOptions,
  type SourceItemDocument,
  type SourceItemEntry,
  sourceItemDeadLetters,
  sourceItemDocument,
  sourceItemKey,
} from './source-item.js';
