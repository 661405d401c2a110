/**
 * The `air-anomaly-state` table: one item per sensor (location × pollutant).
 *
 *   sensor      S  partition key `<location>|<pollutant>`
 *   progress    M  SensorProgress: the detector's state, the last hour applied, the episode's hour
 *   revision    N  moves by one with every applied batch
 *   pending     L  the flags of the last applied batch whose effects are not yet known done
 *
 * Exactly once per (sensor, hour), as the window engine does it: a batch reads the item,
 * judges only hours after `lastHour` (sensor-step.ts), and writes the new progress together
 * with the flags it raised, conditional on `revision` being the one it read. Replays, retries
 * and re-sent hours find `lastHour` at or past their hour and write nothing; two batches that
 * race on a sensor cannot both commit, and the loser reads again. The flags' effects (the flag
 * items, the Slack alerts through the outbox) are then carried out from `pending` and
 * `pending` is cleared: a batch that dies in between leaves them in the item, and whichever
 * batch reads that sensor next carries them out again, idempotently, before anything else.
 */

import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DetectorSettings } from '../lib/air-anomalies/index.js';
import { SensorStateRaceError } from './errors.js';
import type { AnomalyFlagItem } from './flag-item.js';
import type { SensorHour } from './sensor-hours.js';
import { newSensorProgress, type SensorProgress, sensorStep } from './sensor-step.js';

export interface SensorStateStore {
  dynamo: DynamoDBDocumentClient;
  /** Physical name of the `air-anomaly-state` table. */
  table: string;
}

/** What the table holds per sensor. */
export interface SensorStateItem {
  sensor: string;
  progress: SensorProgress;
  revision: number;
  pending: AnomalyFlagItem[];
}

/** What one sensor's update did. */
export interface SensorUpdate {
  checked: number;
  alreadyChecked: number;
  /** Flags committed by this batch. */
  flags: AnomalyFlagItem[];
  /** The sensor's progress as committed by this batch, or as read when it had nothing new. */
  progress: SensorProgress;
}

/** Commits a sensor's state tried before the batch fails (and is retried). */
const MAX_RACES = 8;

/**
 * Applies one sensor's hours of a batch. `effects` carries out flags (idempotently): those left
 * pending by an earlier batch first, then this batch's.
 */
export async function updateSensor(
  store: SensorStateStore,
  sensor: string,
  hours: readonly SensorHour[],
  settings: Readonly<DetectorSettings>,
  effects: (flags: readonly AnomalyFlagItem[]) => Promise<void>,
): Promise<SensorUpdate> {
  for (let attempt = 0; attempt < MAX_RACES; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * Math.random()));
    const { Item } = await store.dynamo.send(
      new GetCommand({ TableName: store.table, Key: { sensor }, ConsistentRead: true }),
    );
    const held = Item as SensorStateItem | undefined;
    if (held !== undefined && held.pending.length > 0) {
      await effects(held.pending);
      await clearPending(store, sensor, held.revision);
    }
    const step = sensorStep(held?.progress ?? newSensorProgress(), hours, settings);
    if (step.checked === 0)
      return { checked: 0, alreadyChecked: step.alreadyChecked, flags: [], progress: step.progress };
    const revision = (held?.revision ?? 0) + 1;
    const committed = await commit(
      store,
      { sensor, progress: step.progress, revision, pending: step.flags },
      held?.revision,
    );
    if (!committed) continue;
    if (step.flags.length > 0) {
      await effects(step.flags);
      await clearPending(store, sensor, revision);
    }
    return { checked: step.checked, alreadyChecked: step.alreadyChecked, flags: step.flags, progress: step.progress };
  }
  throw new SensorStateRaceError(`${sensor} kept changing under ${MAX_RACES} attempts; the batch is retried`);
}

async function commit(store: SensorStateStore, item: SensorStateItem, read: number | undefined): Promise<boolean> {
  try {
    await store.dynamo.send(
      new PutCommand({
        TableName: store.table,
        Item: item,
        ConditionExpression: read === undefined ? 'attribute_not_exists(#sensor)' : '#revision = :read',
        ExpressionAttributeNames: read === undefined ? { '#sensor': 'sensor' } : { '#revision': 'revision' },
        ...(read === undefined ? {} : { ExpressionAttributeValues: { ':read': read } }),
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Empties `pending` if the item is still at `revision` (a later commit has its own pending). */
async function clearPending(store: SensorStateStore, sensor: string, revision: number): Promise<void> {
  try {
    await store.dynamo.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { sensor },
        UpdateExpression: 'SET #pending = :none',
        ConditionExpression: '#revision = :revision',
        ExpressionAttributeNames: { '#pending': 'pending', '#revision': 'revision' },
        ExpressionAttributeValues: { ':none': [], ':revision': revision },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
}
