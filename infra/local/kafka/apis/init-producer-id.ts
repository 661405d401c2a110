import type { Message } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/errors.js';
import { InitProducerIdRequest, InitProducerIdResponse } from '../protocol/messages/init-producer-id.js';
import type { ApiHandler, BrokerContext } from './types.js';

// InitProducerId Request (Version: 4) => transactional_id transaction_timeout_ms producer_id producer_epoch [TAG_BUFFER]
// InitProducerId Response (Version: 4) => throttle_time_ms error_code producer_id producer_epoch [TAG_BUFFER]
//
// Implements: idempotent producers: a fresh producer id (never reused, also
// across restarts) with epoch 0; a producer that passes its current id and
// epoch (KIP-360, v3+) gets the epoch bumped, or a new id when it would overflow.
// Skips: transactional ids (refused: the broker does not support transactions).
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
    const id = req.producerId as bigint;
    const epoch = req.producerEpoch as number;
    if (id >= 0n && epoch >= 0 && epoch < 32766) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: id, producerEpoch: epoch + 1 };
    }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      producerId: await ctx.logs.nextProducerId(),
      producerEpoch: 0,
    };
  },
};
