/**
 * Per-record error isolation: run a domain function on each record of a batch so that one
 * bad record is dead-lettered and the batch goes on, while an infrastructure failure is
 * never mistaken for a bad record.
 *
 * - `RecordRejectedError` (and the codec's `KafkaRecordContentError`, reason `invalid`):
 *   the record is dead-lettered with its reason; the next record runs.
 * - Anything else (throttling, timeouts, network, and bugs too): without
 *   `reportBatchItemFailures` the error propagates and the whole batch is retried. With it,
 *   the record is reported for retry and the rest of its partition is not run, because Lambda
 *   resumes the partition from that offset and a later record's effects must not land
 *   before an earlier one's (window counters keep the highest offset applied).
 *
 * Partitions run concurrently, records of one partition one after another, in offset order.
 */

import type { DeadLetterReason } from '../dead-letter/index.js';
import { type DecodedRecord, KafkaRecordContentError, partitionKey } from '../kafka-event/index.js';
import { batchItemFailures, type KafkaHandlerResult } from './batch-item-failures.js';
import { RecordRejectedError } from './errors.js';
import type { KafkaBatch } from './types.js';

/** A per-record domain step. */
export type RecordFunction<T> = (record: DecodedRecord) => T | Promise<T>;

/** A record the domain function accepted, with what it returned. */
export interface AcceptedRecord<T> {
  /** The record. */
  record: DecodedRecord;
  /** The domain function's result. */
  result: T;
}

/** How each record of a batch fared. */
export interface RecordResults<T> {
  /** Records the function accepted, in batch order. */
  accepted: AcceptedRecord<T>[];
  /** Records the function refused, in batch order; each is dead-lettered. */
  rejected: DecodedRecord[];
  /**
   * Records reported for retry, at most one per partition (only with `reportsItemFailures`);
   * the partition's later records were not run. `batchItemFailures(failed)` is the response.
   */
  failed: DecodedRecord[];
}

/** Runs `fn` on every record of the batch with per-record isolation, collecting the results. */
export async function mapRecords<T>(batch: KafkaBatch, fn: RecordFunction<T>): Promise<RecordResults<T>> {
  const partitions = byPartition(batch.records);
  const outcomes = await Promise.allSettled(partitions.map((records) => runPartition(batch, records, fn)));
  const results: RecordResults<T> = { accepted: [], rejected: [], failed: [] };
  for (const outcome of outcomes) {
    // A rejected outcome is an infrastructure failure of a batch that does not report item failures.
    if (outcome.status === 'rejected') throw outcome.reason;
    results.accepted.push(...outcome.value.accepted);
    results.rejected.push(...outcome.value.rejected);
    results.failed.push(...outcome.value.failed);
  }
  return results;
}

/**
 * Runs `fn` on every record for its effects, with per-record isolation. Resolves to the
 * handler's result: nothing, or the partial batch response for records reported for retry.
 */
export async function forEachRecord(batch: KafkaBatch, fn: RecordFunction<unknown>): Promise<KafkaHandlerResult> {
  const { failed } = await mapRecords(batch, fn);
  return failed.length === 0 ? undefined : batchItemFailures(failed);
}

/** Why a record is refused, when the error is a per-record refusal; undefined for anything else. */
export function rejectionOf(error: unknown): { reason: DeadLetterReason; detail: string } | undefined {
  if (error instanceof RecordRejectedError) return { reason: error.reason, detail: error.message };
  if (error instanceof KafkaRecordContentError) return { reason: 'invalid', detail: error.message };
  return undefined;
}

async function runPartition<T>(
  batch: KafkaBatch,
  records: DecodedRecord[],
  fn: RecordFunction<T>,
): Promise<RecordResults<T>> {
  const results: RecordResults<T> = { accepted: [], rejected: [], failed: [] };
  for (const record of records) {
    try {
      const outcome = await settle(batch, record, fn);
      if (outcome.accepted) results.accepted.push({ record, result: outcome.result });
      else results.rejected.push(record);
    } catch (error) {
      if (!batch.reportsItemFailures) throw error;
      batch.logger.warn('record failed; its partition resumes from it', { coordinates: record.coordinates, error });
      results.failed.push(record);
      break;
    }
  }
  return results;
}

/** Runs `fn` on one record, dead-lettering it when refused; throws on anything else. */
async function settle<T>(
  batch: KafkaBatch,
  record: DecodedRecord,
  fn: RecordFunction<T>,
): Promise<{ accepted: true; result: T } | { accepted: false }> {
  try {
    return { accepted: true, result: await fn(record) };
  } catch (error) {
    const rejection = rejectionOf(error);
    if (rejection === undefined) throw error;
    // A failing dead-letter write is an infrastructure failure and propagates like one.
    await batch.deadLetter(record, rejection.reason, rejection.detail);
    return { accepted: false };
  }
}

/** Records grouped by partition, partitions in batch order. */
function byPartition(records: readonly DecodedRecord[]): DecodedRecord[][] {
  const groups = new Map<string, DecodedRecord[]>();
  for (const record of records) {
    const key = partitionKey(record.topic, record.partition);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = []));
    group.push(record);
  }
  return [...groups.values()];
}
