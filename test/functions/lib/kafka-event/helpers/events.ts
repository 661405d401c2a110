import type { MskEvent, SelfManagedKafkaEvent } from '../../../../../functions/lib/kafka-event/index.js';
import mskEventFixture from '../../../../events/msk-event.json' with { type: 'json' };
import selfManagedEventFixture from '../../../../events/self-managed-kafka-event.json' with { type: 'json' };

/** A fresh copy of test/events/msk-event.json: topic `air-quality`, partitions 0 (3 records) and 1 (2 records). */
export function mskEvent(): MskEvent {
  return structuredClone(mskEventFixture) as MskEvent;
}

/** A fresh copy of test/events/self-managed-kafka-event.json: topic `wiki-changes`, partition 2 (2 records). */
export function selfManagedEvent(): SelfManagedKafkaEvent {
  return structuredClone(selfManagedEventFixture) as SelfManagedKafkaEvent;
}

/** Record `index` of list `key`, asserted to exist. */
export function recordAt(event: MskEvent | SelfManagedKafkaEvent, key: string, index: number) {
  const record = event.records[key]?.[index];
  if (record === undefined) throw new Error(`fixture has no records["${key}"][${index}]`);
  return record;
}

/** Seeded PRNG (mulberry32), so a failing property case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
