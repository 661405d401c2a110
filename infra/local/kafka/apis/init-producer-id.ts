import type { Message } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/errors.js';
import { InitProducerIdRequest, InitProducerIdResponse } from '../protocol/messages/init-producer-id.js';
import type { ApiHandler, BrokerContext } from './types.js';

// InitProducerId Request (Version: 4) => transactional_id transaction_timeout_ms producer_id producer_epoch [TAG_BUFFER]
// InitProducerId Response (Version: 4) => throttle_time_ms error_code producer_id producer_epoch [TAG_BUFFER]
//
// Implements: idempotent producers (transactional_id null): every request gets a fresh
// producer id (never reused, also across restarts: see LogManager.nextProducerId) with epoch 0,
// whatever producer_id/producer_epoch it carries, as Kafka's
// TransactionCoordinator.handleInitProducerId does. Clients send their current id there
// (@platformatic/kafka sends 0/0 on its very first request), so treating it as "bump this
// producer's epoch" would hand every client the same id, whose sequence state from an earlier
// producer (or an earlier run, rebuilt from the log) then turns a new record into a
// "duplicate" that is acknowledged and never written.
// Skips: transactional ids (refused: the broker does not support transactions), and with them
// the KIP-360 epoch bump of a transactional producer's own id.
export const initProducerId: ApiHandler = {
  apiKey: 22,
  name: 'InitProducerId',
  request: InitProducerIdRequest,
  response: InitProducerIdResponse,
  minVersion: 0,
  maxVersion: 4,
  async handle(ctx: BrokerContext, req: Message): Promise<Message> {
    if (req.transactionalId !== null && req.transactionalId !== '') {
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
        producerId: -1n,
        producerEpoch: -1,
      };
    }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      producerId: await ctx.logs.nextProducerId(),
      producerEpoch: 0,
    };
  },
};
