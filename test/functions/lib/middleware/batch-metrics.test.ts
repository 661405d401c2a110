import { describe, expect, it } from 'vitest';
import type { KafkaHandlerResult } from '../../../../functions/lib/middleware/index.js';
import { batchCounts } from '../../../../functions/lib/middleware/index.js';
import { mskEvent } from '../../helpers/events.js';
import { batchOf, memorySink } from '../../helpers/kafka-batch.js';

const resumeAt = (partition: string, offset: number): KafkaHandlerResult => ({
  batchItemFailures: [{ itemIdentifier: { partition, offset } }],
});

describe('batchCounts', () => {
  it('counts every record processed when nothing is dead-lettered or reported', async () => {
    // Prepare
    const { state } = await batchOf(mskEvent(), { deadLetters: memorySink() });

    // Act
    const counts = batchCounts(state, undefined, false);

    // Assess
    expect(counts).toEqual({ received: 5, processed: 5, deadLettered: 0, retried: 0, deadLetteredByReason: {} });
  });

  it('splits received into processed, dead-lettered by reason, and retried from the reported offset on', async () => {
    // Prepare
    const event = mskEvent();
    event.records['air-quality-1']![0]!.value = '%%%';
    const { batch, state } = await batchOf(event, { deadLetters: memorySink(), reportBatchItemFailures: true });
    const [first, , third] = batch.records;
    await batch.deadLetter(first!, 'invalid', 'bad');
    await batch.deadLetter(third!, 'late', 'behind the watermark');

    // Act
    const counts = batchCounts(state, resumeAt('air-quality-0', 1042), false);

    // Assess
    // 1041 dead-lettered; 1042 and 1043 retried (1043's dead letter is written again on retry); 877 undecodable; 878 done.
    expect(counts).toEqual({
      received: 5,
      processed: 1,
      deadLettered: 2,
      retried: 2,
      deadLetteredByReason: { invalid: 1, undecodable: 1 },
    });
    expect(counts.received).toBe(counts.processed + counts.deadLettered + counts.retried);
  });

  it('counts every record retried when the invoke fails', async () => {
    // Prepare
    const { batch, state } = await batchOf(mskEvent(), { deadLetters: memorySink() });
    await batch.deadLetter(batch.records[0]!, 'invalid', 'bad');

    // Act
    const counts = batchCounts(state, undefined, true);

    // Assess
    expect(counts).toEqual({ received: 5, processed: 0, deadLettered: 0, retried: 5, deadLetteredByReason: {} });
  });
});
