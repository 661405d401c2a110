import type { MskEvent } from '../../../functions/lib/kafka-event/index.js';
import mskEventFixture from '../../events/msk-event.json' with { type: 'json' };
import sqsEventFixture from '../../events/sqs-event.json' with { type: 'json' };

/** A fresh copy of test/events/msk-event.json: `air-quality-0` offsets 1041..1043, `air-quality-1` 877..878, all on 2024-06-18. */
export function mskEvent(): MskEvent {
  return structuredClone(mskEventFixture) as MskEvent;
}

/** A fresh copy of test/events/sqs-event.json: an SQS event, which no Kafka handler accepts. */
export function sqsEvent(): unknown {
  return structuredClone(sqsEventFixture);
}
