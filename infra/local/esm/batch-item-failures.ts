/**
 * Reads a handler's ReportBatchItemFailures response for a Kafka batch (DESIGN.md):
 *
 *   { "batchItemFailures": [ { "itemIdentifier": { "partition": "topic-0", "offset": 42 } } ] }
 *
 * As Lambda does for stream sources:
 * - success: the response is null/undefined, has no (or a null) `batchItemFailures`, or an
 *   empty list;
 * - partial: each reported partition resumes from its lowest reported offset; records before
 *   it and partitions not reported are done;
 * - complete failure: anything Lambda cannot read — a response that is not an object,
 *   `batchItemFailures` that is not a list, an entry without an object `itemIdentifier`, a
 *   partition or offset that is not one of the batch's records.
 * `offset` may be a number or a string of digits (Java handlers serialise longs either way).
 * Pure: no I/O.
 */
import { BatchResponseError } from './errors.js';

export type BatchResponseVerdict =
  | { kind: 'success' }
  /** Per reported `topic-partition`: the lowest reported offset, where that partition resumes. */
  | { kind: 'partial'; resumeFrom: Map<string, number> }
  | { kind: 'invalid'; error: BatchResponseError };

/**
 * @param batch the invoked records: `topic-partition` → offsets in the payload.
 */
export function readBatchItemFailures(
  response: unknown,
  batch: ReadonlyMap<string, ReadonlySet<number>>,
): BatchResponseVerdict {
  if (response === undefined || response === null) return { kind: 'success' };
  if (!isPlainObject(response)) return invalid(`the response must be an object, got ${describe(response)}`);
  const failures = response.batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return invalid(`batchItemFailures must be a list, got ${describe(failures)}`);
  if (failures.length === 0) return { kind: 'success' };
  const resumeFrom = new Map<string, number>();
  for (const [index, entry] of failures.entries()) {
    const at = `batchItemFailures[${index}]`;
    if (!isPlainObject(entry) || !isPlainObject(entry.itemIdentifier)) {
      return invalid(`${at}.itemIdentifier must be an object {partition, offset}, got ${describe(entryId(entry))}`);
    }
    const { partition, offset } = entry.itemIdentifier;
    if (typeof partition !== 'string') {
      return invalid(`${at}.itemIdentifier.partition must be a "topic-partition" string, got ${describe(partition)}`);
    }
    const offsets = batch.get(partition);
    if (offsets === undefined) return invalid(`${at}.itemIdentifier.partition "${partition}" is not in the batch`);
    const value = offsetOf(offset);
    if (value === undefined) {
      return invalid(`${at}.itemIdentifier.offset must be a non-negative integer, got ${describe(offset)}`);
    }
    if (!offsets.has(value)) {
      return invalid(`${at}.itemIdentifier.offset ${value} is not a record of ${partition} in the batch`);
    }
    const lowest = resumeFrom.get(partition);
    if (lowest === undefined || value < lowest) resumeFrom.set(partition, value);
  }
  return { kind: 'partial', resumeFrom };
}

function invalid(message: string): BatchResponseVerdict {
  return { kind: 'invalid', error: new BatchResponseError(`ReportBatchItemFailures: ${message}`) };
}

function offsetOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^(?:0|[1-9]\d*)$/.test(value)) {
    const parsed = Number(value);
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  return undefined;
}

function entryId(entry: unknown): unknown {
  return isPlainObject(entry) ? entry.itemIdentifier : entry;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value); // bigints and cycles
  }
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
