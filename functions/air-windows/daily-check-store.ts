/**
 * A location's daily PM10 check in the `air-anomaly-state` table, beside the hourly sensors:
 *
 *   sensor      S  partition key `<location>|pm10|day` (the hourly ones are `<location>|<pollutant>`)
 *   progress    M  DailyProgress: the detector's state, the last day applied, the episode's day
 *   revision    N  moves by one with every applied batch
 *   pending     L  the flags of the last applied batch whose effects are not yet known done
 *
 * The protocol of the hourly step (functions/air-anomalies/state-store.ts), per (location, day):
 * read the item, judge only days after `lastDay`, write the new progress with the flags it
 * raised conditional on the revision read; then carry out the flags (flag items, the alert)
 * from `pending` and clear it. A replay or a second container finds `lastDay` at or past its
 * days and writes nothing; of two that race one commits and the other reads again; a batch
 * that dies between commit and effects leaves them pending for the next batch to finish.
 */

import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ClosedDay, type DailyProgress, dailyStep, newDailyProgress } from './daily-check-step.js';
import type { DailyFlagItem } from './daily-flag-item.js';
import { DailyCheckRaceError } from './errors.js';

export interface DailyStateStore {
  dynamo: DynamoDBDocumentClient;
  /** Physical name of the `air-anomaly-state` table. */
  table: string;
}

export interface DailyStateItem {
  sensor: string;
  progress: DailyProgress;
  revision: number;
  pending: DailyFlagItem[];
}

export interface DailyUpdate {
  checked: number;
  alreadyChecked: number;
  /** Flags committed by this call. */
  flags: DailyFlagItem[];
}

/** The state item's key of a location's daily PM10. */
export const dailySensorKey = (location: string): string => `${location}|pm10|day`;

/** Commits tried before giving up (the check is tried again by a later batch). */
const MAX_RACES = 8;

/** Applies one location's closed days; `effects` carries out flags idempotently (pending ones first). */
export async function updateDailyCheck(
  store: DailyStateStore,
  location: string,
  days: readonly ClosedDay[],
  effects: (flags: readonly DailyFlagItem[]) => Promise<void>,
): Promise<DailyUpdate> {
  const sensor = dailySensorKey(location);
  for (let attempt = 0; attempt < MAX_RACES; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * Math.random()));
    const { Item } = await store.dynamo.send(
      new GetCommand({ TableName: store.table, Key: { sensor }, ConsistentRead: true }),
    );
    const held = Item as DailyStateItem | undefined;
    if (held !== undefined && held.pending.length > 0) {
      await effects(held.pending);
      await clearPending(store, sensor, held.revision);
    }
    const step = dailyStep(held?.progress ?? newDailyProgress(), days);
    if (step.checked === 0) return { checked: 0, alreadyChecked: step.alreadyChecked, flags: [] };
    const revision = (held?.revision ?? 0) + 1;
    if (!(await commit(store, { sensor, progress: step.progress, revision, pending: step.flags }, held?.revision)))
      continue;
    if (step.flags.length > 0) {
      await effects(step.flags);
      await clearPending(store, sensor, revision);
    }
    return { checked: step.checked, alreadyChecked: step.alreadyChecked, flags: step.flags };
  }
  throw new DailyCheckRaceError(`${sensor} kept changing under ${MAX_RACES} attempts; a later batch checks again`);
}

async function commit(store: DailyStateStore, item: DailyStateItem, read: number | undefined): Promise<boolean> {
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
async function clearPending(store: DailyStateStore, sensor: string, revision: number): Promise<void> {
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
