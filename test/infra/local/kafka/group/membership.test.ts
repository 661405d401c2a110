import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCoordinator } from '../../../../../infra/local/kafka/group/index.js';
import { ErrorCode } from '../../../../../infra/local/kafka/protocol/errors.js';
import { hbReq, isPending, joinReq, syncReq } from './helpers.js';

describe('GroupCoordinator membership', () => {
  let gc: GroupCoordinator;

  beforeEach(async () => {
    gc = await GroupCoordinator.open({ dataDir: null, initialRebalanceDelayMs: 0 });
  });

  afterEach(async () => {
    await gc.close();
  });

  /** Joins two members concurrently and completes the generation with the given assignments. */
  async function stableGroupOfTwo() {
    const [a, b] = await Promise.all([gc.join(joinReq({ clientId: 'a' })), gc.join(joinReq({ clientId: 'b' }))]);
    const [sa, sb] = await Promise.all([
      gc.sync(
        syncReq(a, {
          assignments: [
            { memberId: a.memberId, assignment: Buffer.from('A') },
            { memberId: b.memberId, assignment: Buffer.from('B') },
          ],
        }),
      ),
      gc.sync(syncReq(b)),
    ]);
    return { a, b, sa, sb };
  }

  it('answers a v4+ first join with MEMBER_ID_REQUIRED and accepts the rejoin with that id', async () => {
    // Prepare
    const first = joinReq({ requireKnownMemberId: true, clientId: 'consumer-1' });

    // Act
    const required = await gc.join(first);
    const joined = await gc.join({ ...first, memberId: required.memberId });

    // Assess
    expect(required.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(required.memberId).toMatch(/^consumer-1-[0-9a-f-]{36}$/);
    expect(required.generationId).toBe(-1);
    expect(joined.errorCode).toBe(ErrorCode.NONE);
    expect(joined.memberId).toBe(required.memberId);
    expect(joined.leader).toBe(required.memberId);
    expect(joined.generationId).toBe(1);
    expect(joined.protocolType).toBe('consumer');
    expect(joined.protocolName).toBe('range');
    expect(joined.members).toEqual([
      { memberId: required.memberId, groupInstanceId: null, metadata: Buffer.from('meta') },
    ]);
    expect(joined.skipAssignment).toBe(false);
  });

  it('adds a v0-3 member with an empty member id directly', async () => {
    // Act
    const joined = await gc.join(joinReq({ clientId: 'kafkajs' }));

    // Assess
    expect(joined.errorCode).toBe(ErrorCode.NONE);
    expect(joined.memberId).toMatch(/^kafkajs-/);
    expect(gc.groupState('g')).toBe('CompletingRebalance');
  });

  it('rejects invalid joins', async () => {
    // Prepare
    await gc.join(joinReq({ protocolType: 'consumer' }));

    // Act
    const results = await Promise.all([
      gc.join(joinReq({ groupId: '' })),
      gc.join(joinReq({ sessionTimeoutMs: 10 })),
      gc.join(joinReq({ sessionTimeoutMs: 400_000 })),
      gc.join(joinReq({ memberId: 'nobody' })),
      gc.join(joinReq({ groupId: 'other', memberId: 'nobody' })),
      gc.join(joinReq({ protocolType: 'connect' })),
      gc.join(joinReq({ protocols: [{ name: 'roundrobin', metadata: Buffer.alloc(0) }] })),
      gc.join(joinReq({ groupId: 'fresh', protocols: [] })),
    ]);

    // Assess
    expect(results.map((r) => r.errorCode)).toEqual([
      ErrorCode.INVALID_GROUP_ID,
      ErrorCode.INVALID_SESSION_TIMEOUT,
      ErrorCode.INVALID_SESSION_TIMEOUT,
      ErrorCode.UNKNOWN_MEMBER_ID,
      ErrorCode.UNKNOWN_MEMBER_ID,
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    ]);
    expect(gc.groupState('fresh')).toBe('Dead');
  });

  it('puts two concurrent members in one generation; the follower sync waits for the leader', async () => {
    // Prepare
    const joins = [
      gc.join(joinReq({ clientId: 'a', protocols: [{ name: 'range', metadata: Buffer.from('ma') }] })),
      gc.join(joinReq({ clientId: 'b', protocols: [{ name: 'range', metadata: Buffer.from('mb') }] })),
    ];

    // Act
    const [a, b] = await Promise.all(joins);
    const followerSync = gc.sync(syncReq(b!));
    const followerParked = await isPending(followerSync);
    const leaderSync = await gc.sync(
      syncReq(a!, {
        protocolType: 'consumer',
        protocolName: 'range',
        assignments: [
          { memberId: a!.memberId, assignment: Buffer.from('for-a') },
          { memberId: b!.memberId, assignment: Buffer.from('for-b') },
        ],
      }),
    );
    const follower = await followerSync;

    // Assess
    expect(a!.generationId).toBe(1);
    expect(b!.generationId).toBe(1);
    expect(a!.leader).toBe(a!.memberId);
    expect(b!.leader).toBe(a!.memberId);
    expect(a!.members).toEqual([
      { memberId: a!.memberId, groupInstanceId: null, metadata: Buffer.from('ma') },
      { memberId: b!.memberId, groupInstanceId: null, metadata: Buffer.from('mb') },
    ]);
    expect(b!.members).toEqual([]);
    expect(followerParked).toBe(true);
    expect(leaderSync).toEqual({
      errorCode: ErrorCode.NONE,
      protocolType: 'consumer',
      protocolName: 'range',
      assignment: Buffer.from('for-a'),
    });
    expect(follower.errorCode).toBe(ErrorCode.NONE);
    expect(follower.assignment).toEqual(Buffer.from('for-b'));
    expect(gc.groupState('g')).toBe('Stable');
  });

  it('gives members the leader left out an empty assignment, and answers later syncs at once', async () => {
    // Prepare
    const [a, b] = await Promise.all([gc.join(joinReq()), gc.join(joinReq())]);
    await gc.sync(syncReq(a!, { assignments: [{ memberId: a!.memberId, assignment: Buffer.from('all') }] }));

    // Act
    const late = await gc.sync(syncReq(b!));
    const again = await gc.sync(syncReq(a!));

    // Assess
    expect(late.errorCode).toBe(ErrorCode.NONE);
    expect(late.assignment.length).toBe(0);
    expect(again.assignment).toEqual(Buffer.from('all'));
  });

  it('chooses the protocol every member supports with the most first-preference votes', async () => {
    // Prepare
    const p = (name: string) => ({ name, metadata: Buffer.from(name) });

    // Act
    const [a, b, c] = await Promise.all([
      gc.join(joinReq({ protocols: [p('cooperative-sticky'), p('range'), p('roundrobin')] })),
      gc.join(joinReq({ protocols: [p('roundrobin'), p('range')] })),
      gc.join(joinReq({ protocols: [p('roundrobin'), p('range'), p('cooperative-sticky')] })),
    ]);

    // Assess
    expect(a!.protocolName).toBe('roundrobin');
    expect(b!.protocolName).toBe('roundrobin');
    expect(c!.protocolName).toBe('roundrobin');
    expect(a!.members.map((m) => m.metadata.toString())).toEqual(['roundrobin', 'roundrobin', 'roundrobin']);
  });

  it('rebalances when a third member joins: heartbeats say REBALANCE_IN_PROGRESS until everyone rejoined', async () => {
    // Prepare
    const { a, b } = await stableGroupOfTwo();

    // Act
    const cJoin = gc.join(joinReq({ clientId: 'c' }));
    const cParked = await isPending(cJoin);
    const hbA = gc.heartbeat(hbReq(a));
    const hbB = gc.heartbeat(hbReq(b));
    const aJoin = gc.join(joinReq({ memberId: a.memberId }));
    const stillParked = await isPending(cJoin);
    const bJoin = gc.join(joinReq({ memberId: b.memberId }));
    const [a2, b2, c2] = await Promise.all([aJoin, bJoin, cJoin]);

    // Assess
    expect(cParked).toBe(true);
    expect(hbA.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(hbB.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(stillParked).toBe(true);
    expect([a2.generationId, b2.generationId, c2.generationId]).toEqual([2, 2, 2]);
    expect(a2.leader).toBe(a.memberId);
    expect(a2.members.map((m) => m.memberId)).toEqual([a.memberId, b.memberId, c2.memberId]);
    expect(c2.members).toEqual([]);
    expect(gc.heartbeat(hbReq(a2)).errorCode).toBe(ErrorCode.NONE);
    expect(gc.heartbeat(hbReq(a)).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  it('answers syncs parked when a rebalance starts with REBALANCE_IN_PROGRESS', async () => {
    // Prepare
    const [a, b] = await Promise.all([gc.join(joinReq()), gc.join(joinReq())]);
    const followerSync = gc.sync(syncReq(b!));

    // Act
    const cJoin = gc.join(joinReq());
    const parkedSync = await followerSync;
    const leaderSync = await gc.sync(syncReq(a!));

    // Assess
    expect(parkedSync.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(leaderSync.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(gc.groupState('g')).toBe('PreparingRebalance');
    expect(await isPending(cJoin)).toBe(true);
  });

  it('keeps the generation when a follower rejoins a Stable group with unchanged metadata', async () => {
    // Prepare
    const { b } = await stableGroupOfTwo();

    // Act
    const rejoined = await gc.join(joinReq({ memberId: b.memberId, clientId: 'b' }));
    const sync = await gc.sync(syncReq(rejoined));

    // Assess
    expect(rejoined.errorCode).toBe(ErrorCode.NONE);
    expect(rejoined.generationId).toBe(1);
    expect(rejoined.members).toEqual([]);
    expect(gc.groupState('g')).toBe('Stable');
    expect(sync.assignment).toEqual(Buffer.from('B'));
  });

  it('rebalances when a member leaves; the remaining member becomes leader', async () => {
    // Prepare
    const { a, b } = await stableGroupOfTwo();

    // Act
    const left = gc.leave({ groupId: 'g', members: [{ memberId: a.memberId, groupInstanceId: null }] });
    const hb = gc.heartbeat(hbReq(b));
    const b2 = await gc.join(joinReq({ memberId: b.memberId }));

    // Assess
    expect(left).toEqual({
      errorCode: ErrorCode.NONE,
      members: [{ memberId: a.memberId, groupInstanceId: null, errorCode: ErrorCode.NONE }],
    });
    expect(hb.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(b2.generationId).toBe(2);
    expect(b2.leader).toBe(b.memberId);
    expect(b2.members.map((m) => m.memberId)).toEqual([b.memberId]);
    expect(gc.heartbeat(hbReq(a)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('empties the group when the last member leaves and reports unknown leavers', async () => {
    // Prepare
    const a = await gc.join(joinReq());

    // Act
    const left = gc.leave({
      groupId: 'g',
      members: [
        { memberId: a.memberId, groupInstanceId: null, reason: 'bye' },
        { memberId: 'ghost', groupInstanceId: null },
      ],
    });
    const unknownGroup = gc.leave({ groupId: 'nope', members: [{ memberId: 'x', groupInstanceId: null }] });

    // Assess
    expect(left.members.map((m) => m.errorCode)).toEqual([ErrorCode.NONE, ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(gc.groupState('g')).toBe('Empty');
    expect(gc.describe(['g'])[0]).toMatchObject({ groupState: 'Empty', protocolType: 'consumer', members: [] });
    expect(unknownGroup).toEqual({
      errorCode: ErrorCode.NONE,
      members: [{ memberId: 'x', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID }],
    });
  });

  it('answers a parked join of a member that leaves with UNKNOWN_MEMBER_ID', async () => {
    // Prepare
    const { a, b } = await stableGroupOfTwo();
    const aJoin = gc.join(
      joinReq({ memberId: a.memberId, protocols: [{ name: 'range', metadata: Buffer.from('x') }] }),
    );

    // Act
    gc.leave({ groupId: 'g', members: [{ memberId: a.memberId, groupInstanceId: null }] });
    const aResult = await aJoin;
    const b2 = await gc.join(joinReq({ memberId: b.memberId }));

    // Assess
    expect(aResult.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(b2.generationId).toBe(2);
    expect(b2.leader).toBe(b.memberId);
  });

  it('validates member and generation on sync and heartbeat', async () => {
    // Prepare
    const { a } = await stableGroupOfTwo();

    // Act
    const results = await Promise.all([
      gc.sync(syncReq(a, { generationId: 7 })),
      gc.sync(syncReq(a, { memberId: 'ghost' })),
      gc.sync(syncReq(a, { groupId: 'missing' })),
      gc.sync(syncReq(a, { protocolName: 'roundrobin' })),
    ]);
    const heartbeats = [
      gc.heartbeat(hbReq(a, { generationId: 0 })),
      gc.heartbeat(hbReq(a, { memberId: 'ghost' })),
      gc.heartbeat(hbReq(a, { groupId: 'missing' })),
      gc.heartbeat(hbReq(a)),
    ];

    // Assess
    expect(results.map((r) => r.errorCode)).toEqual([
      ErrorCode.ILLEGAL_GENERATION,
      ErrorCode.UNKNOWN_MEMBER_ID,
      ErrorCode.UNKNOWN_MEMBER_ID,
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    ]);
    expect(heartbeats.map((r) => r.errorCode)).toEqual([
      ErrorCode.ILLEGAL_GENERATION,
      ErrorCode.UNKNOWN_MEMBER_ID,
      ErrorCode.UNKNOWN_MEMBER_ID,
      ErrorCode.NONE,
    ]);
  });

  it('answers a heartbeat in CompletingRebalance with NONE', async () => {
    // Prepare
    const a = await gc.join(joinReq());

    // Act
    const hb = gc.heartbeat(hbReq(a));

    // Assess
    expect(gc.groupState('g')).toBe('CompletingRebalance');
    expect(hb.errorCode).toBe(ErrorCode.NONE);
  });

  it('describes and lists groups like Kafka', async () => {
    // Prepare
    const { a, b } = await stableGroupOfTwo();

    // Act
    const [g, unknown] = gc.describe(['g', 'unknown']);
    const listed = gc.listGroups();
    const stableOnly = gc.listGroups({ statesFilter: ['stable'] });
    const emptyOnly = gc.listGroups({ statesFilter: ['Empty'] });

    // Assess
    expect(g).toEqual({
      groupId: 'g',
      errorCode: ErrorCode.NONE,
      groupState: 'Stable',
      protocolType: 'consumer',
      protocolData: 'range',
      members: [
        {
          memberId: a.memberId,
          groupInstanceId: null,
          clientId: 'a',
          clientHost: '/127.0.0.1',
          memberMetadata: Buffer.from('meta'),
          memberAssignment: Buffer.from('A'),
        },
        {
          memberId: b.memberId,
          groupInstanceId: null,
          clientId: 'b',
          clientHost: '/127.0.0.1',
          memberMetadata: Buffer.from('meta'),
          memberAssignment: Buffer.from('B'),
        },
      ],
    });
    expect(unknown).toEqual({
      groupId: 'unknown',
      errorCode: ErrorCode.NONE,
      groupState: 'Dead',
      protocolType: '',
      protocolData: '',
      members: [],
    });
    expect(listed).toEqual([{ groupId: 'g', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' }]);
    expect(stableOnly).toHaveLength(1);
    expect(emptyOnly).toHaveLength(0);
  });

  it('deletes only empty groups', async () => {
    // Prepare
    const a = await gc.join(joinReq());
    await gc.commitOffsets({
      groupId: 'simple',
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [
        {
          name: 't',
          partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, committedMetadata: null }],
        },
      ],
    });

    // Act
    const first = await gc.deleteGroups(['g', 'simple', 'missing']);
    gc.leave({ groupId: 'g', members: [{ memberId: a.memberId, groupInstanceId: null }] });
    const second = await gc.deleteGroups(['g']);

    // Assess
    expect(first.map((r) => r.errorCode)).toEqual([
      ErrorCode.NON_EMPTY_GROUP,
      ErrorCode.NONE,
      ErrorCode.GROUP_ID_NOT_FOUND,
    ]);
    expect(second[0]!.errorCode).toBe(ErrorCode.NONE);
    expect(gc.fetchOffsets({ groupId: 'simple', topics: null }).topics).toEqual([]);
    expect(gc.listGroups()).toEqual([]);
  });

  it('answers parked requests with COORDINATOR_NOT_AVAILABLE on close', async () => {
    // Prepare
    const [a, b] = await Promise.all([gc.join(joinReq()), gc.join(joinReq())]);
    const parkedSync = gc.sync(syncReq(b!));
    const parkedJoin = gc.join(joinReq({ groupId: 'h' }));

    // Act
    await gc.close();

    // Assess
    expect((await parkedSync).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect((await parkedJoin).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(gc.heartbeat(hbReq(a!)).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect((await gc.join(joinReq())).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });
});
