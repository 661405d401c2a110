import { Consumer } from '@platformatic/kafka';
import { consumerGroupOf, type TriggerSpec } from '../pipeline/index.js';

/**
 * How many records a trigger's consumer group has yet to read before the run
 * starts: from its committed offset (or its starting position when it has
 * none) to the end of each partition.
 */
export async function measureBacklog(bootstrap: string, trigger: TriggerSpec, partitions: number): Promise<number> {
  const consumer = new Consumer({
    clientId: 'tandem-backlog',
    groupId: consumerGroupOf(trigger),
    bootstrapBrokers: [bootstrap],
  });
  try {
    const ids = Array.from({ length: partitions }, (_, i) => i);
    const latest = (await consumer.listOffsets({ topics: [trigger.topic], partitions: { [trigger.topic]: ids } })).get(
      trigger.topic,
    );
    const earliest = (
      await consumer.listOffsets({ topics: [trigger.topic], partitions: { [trigger.topic]: ids }, timestamp: -2n })
    ).get(trigger.topic);
    const committed = (
      await consumer.listCommittedOffsets({ topics: [{ topic: trigger.topic, partitions: ids }] })
    ).get(trigger.topic);
    let atTimestamp: bigint[] | undefined;
    if (trigger.startingPosition === 'AT_TIMESTAMP') {
      atTimestamp = (
        await consumer.listOffsets({
          topics: [trigger.topic],
          partitions: { [trigger.topic]: ids },
          timestamp: BigInt(trigger.startingPositionTimestamp ?? 0),
        })
      ).get(trigger.topic);
    }
    let backlog = 0n;
    for (const p of ids) {
      const end = latest?.[p] ?? 0n;
      const c = committed?.[p] ?? -1n;
      let from: bigint;
      if (c >= 0n) from = c;
      else if (trigger.startingPosition === 'LATEST') from = end;
      else if (trigger.startingPosition === 'AT_TIMESTAMP')
        from = (atTimestamp?.[p] ?? -1n) >= 0n ? (atTimestamp?.[p] as bigint) : end;
      else from = earliest?.[p] ?? 0n;
      if (end > from) backlog += end - from;
    }
    return Number(backlog);
  } finally {
    await consumer.close(true);
  }
}

/** Records in each topic so far (the sum of its partitions' end offsets): one client, one request. */
export async function topicEnds(bootstrap: string, topics: Record<string, number>): Promise<Map<string, number>> {
  const consumer = new Consumer({
    clientId: 'tandem-topic-end',
    groupId: 'tandem-topic-end',
    bootstrapBrokers: [bootstrap],
  });
  try {
    const names = Object.keys(topics);
    const partitions = Object.fromEntries(
      Object.entries(topics).map(([topic, n]) => [topic, Array.from({ length: n }, (_, i) => i)]),
    );
    const latest = await consumer.listOffsets({ topics: names, partitions });
    return new Map(names.map((t) => [t, Number((latest.get(t) ?? []).reduce((a, b) => a + b, 0n))]));
  } finally {
    await consumer.close(true);
  }
}
