/**
 * The `air-now` table: one item per location with its hourly rings (now-ring.ts) and, in `now`,
 * its air quality computed from them (aqi-now.ts).
 *
 *   location  S  partition key
 *   r_<p>_<s> M  ring slots { hour, version, value }
 *   revision  N  counts the slot writes that changed something
 *   now       M  AqiNow, computed from the rings at `nowRevision`
 *
 * Each batch first writes its readings' slots (each a conditional update that only moves a slot
 * to a greater version, so replays write nothing), then recomputes `now` from the item it reads
 * back, written only if `revision` has not moved meanwhile (a concurrent batch's slots); on a
 * race it reads and recomputes again. So `now` is always the function of the rings it is stored
 * with, whatever order batches run in.
 */

import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DecodedRecord } from '../lib/kafka-event/index.js';
import { type AqiNow, aqiNow } from './aqi-now.js';
import { AirWindowsError } from './errors.js';
import { RING_POLLUTANTS, type RingEntry, readingVersion, ringSlot } from './now-ring.js';
import type { ReadingEvent } from './reading-event.js';

export interface NowStore {
  dynamo: DynamoDBDocumentClient;
  /** Physical name of the `air-now` table. */
  table: string;
}

/** Recomputations of one location's `now` tried before the batch fails (and is retried). */
const MAX_RACES = 8;

/** Writes the readings' ring slots, then each touched location's `now`. */
export async function updateAirNow(
  store: NowStore,
  readings: readonly { record: DecodedRecord; event: ReadingEvent }[],
): Promise<{ moved: number; now: Map<string, AqiNow> }> {
  // Per (location, slot) only the greatest version of the batch is written.
  const slots = new Map<string, { location: string; slot: string; entry: RingEntry }>();
  for (const { record, event } of readings)
    for (const p of RING_POLLUTANTS) {
      const value = event.canonical[p];
      if (value === undefined) continue;
      const slot = ringSlot(p, event.hour);
      const entry = { hour: event.hour, version: readingVersion(event.hour, record), value };
      const id = `${event.location}\u0000${slot}`;
      const held = slots.get(id);
      if (held === undefined || held.entry.version < entry.version)
        slots.set(id, { location: event.location, slot, entry });
    }
  const moved = await Promise.all([...slots.values()].map((s) => writeSlot(store, s)));
  const locations = [...new Set(readings.map((r) => r.event.location))];
  const nows = await Promise.all(locations.map((l) => refreshNow(store, l)));
  const now = new Map<string, AqiNow>();
  locations.forEach((l, i) => {
    const n = nows[i];
    if (n !== undefined) now.set(l, n);
  });
  return { moved: moved.filter(Boolean).length, now };
}

async function writeSlot(
  store: NowStore,
  { location, slot, entry }: { location: string; slot: string; entry: RingEntry },
): Promise<boolean> {
  try {
    await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { location },
        UpdateExpression: 'SET #slot = :entry ADD #revision :one',
        ConditionExpression: 'attribute_not_exists(#slot) OR #slot.#version < :version',
        ExpressionAttributeNames: { '#slot': slot, '#version': 'version', '#revision': 'revision' },
        ExpressionAttributeValues: { ':entry': entry, ':version': entry.version, ':one': 1 },
      }),
    );
    return true;
  } catch (error) {
    // The slot already holds this reading, or a newer one.
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Recomputes and stores a location's `now`; returns it as stored (undefined when there is none). */
async function refreshNow(store: NowStore, location: string): Promise<AqiNow | undefined> {
  for (let attempt = 0; attempt < MAX_RACES; attempt++) {
    const { Item: item } = await store.dynamo.send(
      new GetCommand({ TableName: store.table, Key: { location }, ConsistentRead: true }),
    );
    if (item === undefined) return undefined;
    const now = aqiNow(item);
    if (now === undefined) return undefined;
    try {
      await store.dynamo.send(
        new UpdateCommand({
          TableName: store.table,
          Key: { location },
          UpdateExpression: 'SET #now = :now, #nowRevision = :revision',
          ConditionExpression: '#revision = :revision',
          ExpressionAttributeNames: { '#now': 'now', '#nowRevision': 'nowRevision', '#revision': 'revision' },
          ExpressionAttributeValues: { ':now': now, ':revision': item.revision },
        }),
      );
      return now;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * Math.random()));
    }
  }
  throw new AirWindowsError(
    `air-now of ${location} kept changing under ${MAX_RACES} recomputations; the batch is retried`,
  );
}
