import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCoordinator, type JoinGroupRequest } from '../../../../../infra/local/kafka/group/index.js';
import { ErrorCode } from '../../../../../infra/local/kafka/protocol/errors.js';
import { hbReq, isPending, joinReq, syncReq } from './helpers.js';

describe('GroupCoordinator timeouts', () => {
  let gc: GroupCoordinator;
  const fast: Partial<JoinGroupRequest> = { sessionTimeoutMs: 1000, rebalanceTimeoutMs: 3000 };

  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(async () => {
    await gc.close();
    vi.useRealTimers();
  });

  async function open(initialRebalanceDelayMs = 0) {
    gc = await GroupCoordinator.open({ dataDir: null, initialRebalanceDelayMs, minSessionTimeoutMs: 100 });
  }

  async function stableGroupOfTwo() {
    const joins = Promise.all([gc.join(joinReq(fast)), gc.join(joinReq(fast))]);
    await vi.advanceTimersByTimeAsync(0);
    const [a, b] = await joins;
    await Promise.all([gc.sync(syncReq(a)), gc.sync(syncReq(b))]);
    return { a, b };
  }

  it('removes a member whose session expires and rebalances the rest', async () => {
    // Prepare
    await open();
    const { a, b } = await stableGroupOfTwo();

    // Act
    await vi.advanceTimersByTimeAsync(600);
    const hbBefore = gc.heartbeat(hbReq(a));
    await vi.advanceTimersByTimeAsync(600);
    const hbAfter = gc.heartbeat(hbReq(a));
    const a2 = await gc.join(joinReq({ ...fast, memberId: a.memberId }));

    // Assess
    expect(hbBefore.errorCode).toBe(ErrorCode.NONE);
    expect(hbAfter.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(gc.heartbeat(hbReq(b)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(a2.generationId).toBe(2);
    expect(a2.members.map((m) => m.memberId)).toEqual([a.memberId]);
  });

  it('drops a member that does not rejoin within the rebalance timeout; parked joins outlive the session timeout', async () => {
    // Prepare
    await open();
    const { a, b } = await stableGroupOfTwo();
    const cJoin = gc.join(joinReq(fast));
    const aJoin = gc.join(joinReq({ ...fast, memberId: a.memberId }));

    // Act
    const bHeartbeats: number[] = [];
    for (let t = 500; t < 3000; t += 500) {
      await vi.advanceTimersByTimeAsync(500);
      bHeartbeats.push(gc.heartbeat(hbReq(b)).errorCode);
    }
    const parkedBeforeTimeout = await isPending(cJoin);
    await vi.advanceTimersByTimeAsync(500);
    const [a2, c2] = await Promise.all([aJoin, cJoin]);

    // Assess
    expect(bHeartbeats.every((code) => code === ErrorCode.REBALANCE_IN_PROGRESS)).toBe(true);
    expect(parkedBeforeTimeout).toBe(true);
    expect(a2.errorCode).toBe(ErrorCode.NONE);
    expect(c2.errorCode).toBe(ErrorCode.NONE);
    expect(a2.generationId).toBe(2);
    expect(a2.members.map((m) => m.memberId)).toEqual([a.memberId, c2.memberId]);
    expect(gc.heartbeat(hbReq(b)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('elects a new leader when the leader does not rejoin', async () => {
    // Prepare
    await open();
    const { a, b } = await stableGroupOfTwo();
    gc.join(joinReq(fast));
    const bJoin = gc.join(joinReq({ ...fast, memberId: b.memberId }));

    // Act
    await vi.advanceTimersByTimeAsync(3000);
    const b2 = await bJoin;

    // Assess
    expect(b2.leader).toBe(b.memberId);
    expect(b2.members).toHaveLength(2);
    expect(gc.heartbeat(hbReq(a)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('rebalances when the leader dies before syncing; parked follower syncs get REBALANCE_IN_PROGRESS', async () => {
    // Prepare
    await open();
    const joins = Promise.all([gc.join(joinReq(fast)), gc.join(joinReq(fast))]);
    await vi.advanceTimersByTimeAsync(0);
    const [, b] = await joins;
    const bSync = gc.sync(syncReq(b));

    // Act
    await vi.advanceTimersByTimeAsync(600);
    gc.heartbeat(hbReq(b));
    await vi.advanceTimersByTimeAsync(600);

    // Assess
    expect((await bSync).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(gc.groupState('g')).toBe('PreparingRebalance');
  });

  it('waits the initial rebalance delay, extended while new members arrive, so they share one generation', async () => {
    // Prepare
    await open(300);
    const req = joinReq({ sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 1000 });

    // Act
    const aJoin = gc.join(req);
    await vi.advanceTimersByTimeAsync(200);
    const bJoin = gc.join(req);
    await vi.advanceTimersByTimeAsync(300);
    const cJoin = gc.join(req);
    await vi.advanceTimersByTimeAsync(350);
    const parkedAt850 = await isPending(aJoin);
    await vi.advanceTimersByTimeAsync(50);
    const [a, b, c] = await Promise.all([aJoin, bJoin, cJoin]);

    // Assess
    expect(parkedAt850).toBe(true);
    expect([a.generationId, b.generationId, c.generationId]).toEqual([1, 1, 1]);
    expect(a.members).toHaveLength(3);
  });

  it('never waits longer than the rebalance timeout for the first generation', async () => {
    // Prepare
    await open(300);
    const req = joinReq({ sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 1000 });
    const joins: Promise<unknown>[] = [];

    // Act
    for (let t = 0; t < 1000; t += 200) {
      joins.push(gc.join(req));
      await vi.advanceTimersByTimeAsync(200);
    }
    const completedBy1000 = !(await isPending(joins[0]!));

    // Assess
    expect(completedBy1000).toBe(true);
    expect(gc.groupState('g')).toBe('CompletingRebalance');
  });

  it('waits for a MEMBER_ID_REQUIRED member until its id expires after the session timeout', async () => {
    // Prepare
    await open();
    const { a, b } = await stableGroupOfTwo();
    const required = await gc.join(joinReq({ ...fast, requireKnownMemberId: true }));

    // Act
    const aJoin = gc.join(joinReq({ ...fast, memberId: a.memberId }));
    const bJoin = gc.join(joinReq({ ...fast, memberId: b.memberId }));
    const parked = await isPending(aJoin);
    await vi.advanceTimersByTimeAsync(1000);
    const [a2] = await Promise.all([aJoin, bJoin]);
    const late = await gc.join(joinReq({ ...fast, memberId: required.memberId }));

    // Assess
    expect(required.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(parked).toBe(true);
    expect(a2.generationId).toBe(2);
    expect(a2.members).toHaveLength(2);
    expect(late.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('keeps a member alive through heartbeats, syncs and commits', async () => {
    // Prepare
    await open();
    const { a, b } = await stableGroupOfTwo();

    // Act
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(700);
      gc.heartbeat(hbReq(a));
      if (i % 2 === 0) await gc.sync(syncReq(b));
      else {
        await gc.commitOffsets({
          groupId: 'g',
          generationId: b.generationId,
          memberId: b.memberId,
          groupInstanceId: null,
          topics: [],
        });
      }
    }

    // Assess
    expect(gc.groupState('g')).toBe('Stable');
    expect(gc.heartbeat(hbReq(b)).errorCode).toBe(ErrorCode.NONE);
  });
});
