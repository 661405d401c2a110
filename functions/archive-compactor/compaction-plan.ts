/**
 * Which archive objects to merge into which file. Pure: the listing and the clock come in as
 * arguments, so every rule here is unit-tested without S3.
 *
 * - An archive object is a `.parquet` key under `raw/topic=…/dt=…[/<field>=…]/`; its Hive
 *   partition is its key's folder. Objects of different partitions are never merged, so keys,
 *   Glue partition projection and Athena queries keep working unchanged.
 * - Settled: written at least `settleMs` before `now` (S3's LastModified). Objects written
 *   later wait for a later run, so a partition still receiving writes compacts incrementally.
 * - Small: under half the target size. A file already that large (a merged one) is left be.
 * - The small settled objects of a partition, in key order, fill merges up to `targetBytes` of
 *   input; a merge of one object would only rewrite it, so it is not planned.
 * - A merge's output key and manifest key derive from its input keys alone (a hash), so
 *   planning the same inputs again names the same file and a rerun never writes a second copy.
 */

import { createHash } from 'node:crypto';

/** Prefix of the archiver's objects (infra/aws/constructs/archive-catalog.ts reads the same). */
export const RAW_PREFIX = 'raw/';

/** Where merge manifests live: outside `raw/`, so no table or glob over the archive reads them. */
export const MANIFEST_PREFIX = 'compaction/manifests/';

/** Name prefix of merged files, beside the archiver's `part-…` files in the same partition. */
export const COMPACTED_PREFIX = 'compacted-';

/** One object of a listing. */
export interface ListedObject {
  /** Object key. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** S3 LastModified, epoch ms. */
  lastModified: number;
}

/** One planned merge: these inputs become one file. */
export interface PlannedMerge {
  /** The Hive partition folder of every input and of the output, ending in `/`. */
  partition: string;
  /** Input keys, sorted. */
  inputs: string[];
  /** Bytes of the inputs together. */
  inputBytes: number;
  /** Key of the merged file. */
  output: string;
  /** Key of the merge's manifest. */
  manifest: string;
}

export interface CompactionPlanOptions {
  /** The run's clock reading, epoch ms. */
  now: number;
  /** Settle time, ms. */
  settleMs: number;
  /** Target size of a merged file, bytes. */
  targetBytes: number;
  /** Partitions not to touch this run (a merge left there could not be finished). */
  skipPartitions?: ReadonlySet<string>;
}

/** The Hive partition folder of an archive object (`raw/topic=…/dt=…/[…/]`), or undefined for any other key. */
export function archivePartitionOf(key: string): string | undefined {
  if (!key.startsWith(RAW_PREFIX) || !key.endsWith('.parquet')) return undefined;
  const slash = key.lastIndexOf('/');
  const segments = key.slice(RAW_PREFIX.length, slash).split('/');
  if (segments.length < 2 || !segments[0]!.startsWith('topic=') || !segments[1]!.startsWith('dt=')) return undefined;
  return key.slice(0, slash + 1);
}

/** Whether an object was written at least `settleMs` before `now`. */
export function isSettled(object: ListedObject, now: number, settleMs: number): boolean {
  return object.lastModified <= now - settleMs;
}

/** The hash naming a merge of these inputs: the same inputs always give the same name. */
export function mergeId(inputs: readonly string[]): string {
  return createHash('sha256')
    .update([...inputs].sort().join('\n'))
    .digest('hex')
    .slice(0, 32);
}

/** Output and manifest keys of a merge of `inputs` in `partition`. */
export function mergeKeys(partition: string, inputs: readonly string[]): { output: string; manifest: string } {
  const id = mergeId(inputs);
  return { output: `${partition}${COMPACTED_PREFIX}${id}.parquet`, manifest: `${MANIFEST_PREFIX}${id}.json` };
}

/** The merges to run over a listing of the archive, partition by partition in key order. */
export function compactionPlan(listing: readonly ListedObject[], options: CompactionPlanOptions): PlannedMerge[] {
  const byPartition = new Map<string, ListedObject[]>();
  for (const object of listing) {
    const partition = archivePartitionOf(object.key);
    if (partition === undefined || options.skipPartitions?.has(partition)) continue;
    if (!isSettled(object, options.now, options.settleMs) || object.size >= options.targetBytes / 2) continue;
    byPartition.set(partition, [...(byPartition.get(partition) ?? []), object]);
  }
  const merges: PlannedMerge[] = [];
  for (const partition of [...byPartition.keys()].sort()) {
    const objects = byPartition.get(partition)!.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let group: ListedObject[] = [];
    let bytes = 0;
    const close = () => {
      if (group.length >= 2) {
        const inputs = group.map((o) => o.key);
        merges.push({ partition, inputs, inputBytes: bytes, ...mergeKeys(partition, inputs) });
      }
      group = [];
      bytes = 0;
    };
    for (const object of objects) {
      if (group.length > 0 && bytes + object.size > options.targetBytes) close();
      group.push(object);
      bytes += object.size;
    }
    close();
  }
  return merges;
}
