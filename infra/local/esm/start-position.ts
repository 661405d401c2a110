/**
 * Where the mapping starts reading each partition. The consumer group's committed offset
 * always wins (a restarted mapping resumes where it left off); the trigger's
 * StartingPosition applies only to partitions the group has never committed:
 * TRIM_HORIZON = earliest offset, LATEST = log end, AT_TIMESTAMP = the first record whose
 * timestamp is at or after `startingPositionTimestamp` (ListOffsets by timestamp), or the
 * log end when there is none yet.
 */
import type { Consumer } from '@platformatic/kafka';
import { StartingPosition, type TriggerSpec } from '../../pipeline/types.js';

/** ListOffsets special timestamps. */
const LATEST = -1n;
const EARLIEST = -2n;

/** The ListOffsets timestamp that finds a trigger's starting position. */
export function startingPositionQuery(
  trigger: Pick<TriggerSpec, 'startingPosition' | 'startingPositionTimestamp'>,
): bigint {
  switch (trigger.startingPosition) {
    case StartingPosition.TRIM_HORIZON:
      return EARLIEST;
    case StartingPosition.LATEST:
      return LATEST;
    case StartingPosition.AT_TIMESTAMP:
      return BigInt(trigger.startingPositionTimestamp ?? 0);
  }
}

/** Per partition: how the start was chosen. */
export interface PartitionStart {
  partition: number;
  /** First offset to read. */
  offset: number;
  /** The group's committed offset, or null when it has none (the start position applied). */
  committed: number | null;
}

/**
 * Combines what the broker answered. `committed` holds -1 where the group has no offset,
 * `positioned` the answer for the starting position (-1 = no such record), `logEnd` the
 * latest offsets.
 */
export function chooseStarts(
  committed: readonly bigint[],
  positioned: readonly bigint[],
  logEnd: readonly bigint[],
): PartitionStart[] {
  return logEnd.map((end, partition) => {
    const group = committed[partition] ?? -1n;
    if (group >= 0n) return { partition, offset: Number(group), committed: Number(group) };
    const found = positioned[partition] ?? -1n;
    return { partition, offset: Number(found >= 0n ? found : end), committed: null };
  });
}

/** Asks the broker for the group's offsets and the trigger's starting position. */
export async function resolveStarts(consumer: Consumer, trigger: TriggerSpec): Promise<PartitionStart[]> {
  const topic = trigger.topic;
  const metadata = await consumer.metadata({ topics: [topic] });
  const partitionsCount = metadata.topics.get(topic)?.partitionsCount ?? 0;
  const partitions = Array.from({ length: partitionsCount }, (_, i) => i);
  const logEnd = (await consumer.listOffsets({ topics: [topic], timestamp: LATEST })).get(topic) ?? [];
  const committedMap = await consumer.listCommittedOffsets({ topics: [{ topic, partitions }] });
  const committed = committedMap.get(topic) ?? [];
  const query = startingPositionQuery(trigger);
  const positioned =
    query === LATEST ? logEnd : ((await consumer.listOffsets({ topics: [topic], timestamp: query })).get(topic) ?? []);
  return chooseStarts(committed, positioned, logEnd);
}
