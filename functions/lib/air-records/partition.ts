import { murmur2 } from '@platformatic/kafka';
import { AirRecordError } from './errors.js';

/**
 * The `air-quality` partition of a location's records, so one location's hours are in order on
 * one partition and the hourly anomaly check judges a backfill (or a sensor uploading its hours
 * in order) hour after hour instead of leaving out the hours that arrive after a later one.
 * The key stays `<location>|<hour>[|source]`: it is the reading's identity, not its partition.
 *
 * - A declared location (`declared`: the names in infra/pipeline.ts order, as `airLocations()`
 *   reads them) gets its index modulo `partitions`, so the declared ones spread evenly. Hashing
 *   them instead put all four on one partition of 3, and the two empty partitions held the
 *   daily means' watermark, so the forecasts, for the 30-minute idle timeout.
 * - Any other location (a sensor's own label) gets Kafka's default hash of its UTF-8 name:
 *   murmur2, made positive with `& 0x7fffffff` as the Java client's `toPositive`, modulo
 *   `partitions`. Stable across processes and releases, so a sensor keeps its partition.
 *
 * Throws `AirRecordError` for a partition count that is not a positive integer.
 */
export function airPartition(location: string, partitions: number, declared: readonly string[]): number {
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new AirRecordError(`the air-quality partition count must be a positive integer, got ${partitions}`);
  const index = declared.indexOf(location);
  if (index >= 0) return index % partitions;
  return (murmur2(Buffer.from(location, 'utf8')) & 0x7fffffff) % partitions;
}
