import type {
  HeartbeatRequest,
  JoinGroupRequest,
  JoinGroupResult,
  SyncGroupRequest,
} from '../../../../../infra/local/kafka/group/index.js';

/** A JoinGroup request of a consumer offering `range` (and any extra protocols). */
export function joinReq(overrides: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId: 'g',
    memberId: '',
    groupInstanceId: null,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 5_000,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from('meta') }],
    requireKnownMemberId: false,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    reason: null,
    ...overrides,
  };
}

export function syncReq(joined: JoinGroupResult, overrides: Partial<SyncGroupRequest> = {}): SyncGroupRequest {
  return {
    groupId: 'g',
    generationId: joined.generationId,
    memberId: joined.memberId,
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: [],
    ...overrides,
  };
}

export function hbReq(joined: JoinGroupResult, overrides: Partial<HeartbeatRequest> = {}): HeartbeatRequest {
  return {
    groupId: 'g',
    generationId: joined.generationId,
    memberId: joined.memberId,
    groupInstanceId: null,
    ...overrides,
  };
}

/** Whether the promise is still unsettled once the microtasks queued so far have run. */
export async function isPending(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let i = 0; i < 20; i++) await Promise.resolve();
  return !settled;
}
