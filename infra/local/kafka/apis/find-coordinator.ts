import type { Message } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/errors.js';
import { FindCoordinatorRequest, FindCoordinatorResponse } from '../protocol/messages/find-coordinator.js';
import type { ApiHandler, BrokerContext } from './types.js';

// FindCoordinator Request (Version: 4) => key_type [coordinator_keys] [TAG_BUFFER]
//   (v0: key; v1-3: key key_type)
// FindCoordinator Response (Version: 4) => throttle_time_ms [coordinators] [TAG_BUFFER]
//   coordinators => key node_id host port error_code error_message [TAG_BUFFER]
//   (v0-3: error_code [error_message] node_id host port)
//
// Implements: this node coordinates every group.
// Skips: transaction coordinators (key type 1 gets COORDINATOR_NOT_AVAILABLE:
// the broker does not support transactions).
const GROUP = 0;

export const findCoordinator: ApiHandler = {
  apiKey: 10,
  name: 'FindCoordinator',
  request: FindCoordinatorRequest,
  response: FindCoordinatorResponse,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx: BrokerContext, req: Message, info): Message {
    const keyType = req.keyType as number;
    const answer = (key: string) => {
      if (keyType !== GROUP) {
        return {
          key,
          nodeId: -1,
          host: '',
          port: -1,
          errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
          errorMessage: 'transactions are not supported by the embedded broker',
        };
      }
      return { key, nodeId: ctx.nodeId, host: ctx.host, port: ctx.port, errorCode: ErrorCode.NONE, errorMessage: null };
    };
    if (info.version >= 4) {
      return { throttleTimeMs: 0, coordinators: (req.coordinatorKeys as string[]).map(answer) };
    }
    return { throttleTimeMs: 0, ...answer(req.key as string) };
  },
};
