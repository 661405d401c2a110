import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CommitOffsetsRequest,
  GroupCoordinator,
  type JoinGroupResult,
} from '../../../../../infra/local/kafka/group/index.js';
import { ErrorCode } from '../../../../../infra/local/kafka/protocol/errors.js';
import { joinReq, syncReq } from './helpers.js';

function commitReq(
  offsets: Record<string, Record<number, bigint>>,
  overrides: Partial<CommitOffsetsRequest> = {},
): CommitOffsetsRequest {
  return {
    groupId: 'g',
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    topics: Object.entries(offsets).map(([name, partitions]) => ({
      name,
      partitions: Object.entries(partitions).map(([p, committedOffset]) => ({
        partitionIndex: Number(p),
        committedOffset,
        committedLeaderEpoch: -1,
        committedMetadata: null,
      })),
    })),
    ...overrides,
  };
}

function codes(result: { topics: { partitions: { errorCode: number }[] }[] }): number[] {
  return result.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));
}

describe('GroupCoordinator offsets', () => {
  let dataDir: string;
  let gc: GroupCoordinator;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'groups-test-'));
    gc = await GroupCoordinator.open({ dataDir, initialRebalanceDelayMs: 0 });
  });

  afterEach(async () => {
    await gc.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function reopen(options: { offsetsCompactionMinRecords?: number } = {}) {
    await gc.close();
    gc = await GroupCoordinator.open({ dataDir, initialRebalanceDelayMs: 0, ...options });
  }

  async function member(): Promise<JoinGroupResult> {
    const joined = await gc.join(joinReq());
    await gc.sync(syncReq(joined));
    return joined;
  }

  it('commits and fetches offsets with leader epoch and metadata', async () => {
    // Prepare
    const req = commitReq({ t: { 0: 10n, 1: 20n } });
    req.topics[0]!.partitions[1]!.committedLeaderEpoch = 3;
    req.topics[0]!.partitions[1]!.committedMetadata = 'meta';

    // Act
    const committed = await gc.commitOffsets(req);
    const some = gc.fetchOffsets({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [1, 2] }] });
    const all = gc.fetchOffsets({ groupId: 'g', topics: null });
    const unknownGroup = gc.fetchOffsets({ groupId: 'other', topics: [{ name: 't', partitionIndexes: [0] }] });

    // Assess
    expect(committed).toEqual({
      topics: [
        {
          name: 't',
          partitions: [
            { partitionIndex: 0, errorCode: ErrorCode.NONE },
            { partitionIndex: 1, errorCode: ErrorCode.NONE },
          ],
        },
      ],
    });
    expect(some).toEqual({
      errorCode: ErrorCode.NONE,
      topics: [
        {
          name: 't',
          partitions: [
            { partitionIndex: 1, committedOffset: 20n, committedLeaderEpoch: 3, metadata: 'meta', errorCode: 0 },
            { partitionIndex: 2, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
          ],
        },
      ],
    });
    expect(all.topics).toEqual([
      {
        name: 't',
        partitions: [
          { partitionIndex: 0, committedOffset: 10n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
          { partitionIndex: 1, committedOffset: 20n, committedLeaderEpoch: 3, metadata: 'meta', errorCode: 0 },
        ],
      },
    ]);
    expect(unknownGroup.topics[0]!.partitions[0]!.committedOffset).toBe(-1n);
    expect(gc.fetchOffsets({ groupId: 'other', topics: null }).topics).toEqual([]);
    expect(gc.describe(['g'])[0]!.groupState).toBe('Empty');
  });

  it('keeps committed offsets across close and reopen', async () => {
    // Prepare
    await gc.commitOffsets(commitReq({ a: { 0: 1n, 1: 2n }, b: { 0: 9_007_199_254_740_993n } }));
    await gc.commitOffsets(commitReq({ a: { 0: 5n } }));
    await gc.commitOffsets(commitReq({ a: { 0: 7n } }, { groupId: 'other' }));

    // Act
    await reopen();
    const g = gc.fetchOffsets({ groupId: 'g', topics: null });
    const other = gc.fetchOffsets({ groupId: 'other', topics: null });

    // Assess
    expect(g.topics.map((t) => [t.name, t.partitions.map((p) => p.committedOffset)])).toEqual([
      ['a', [5n, 2n]],
      ['b', [9_007_199_254_740_993n]],
    ]);
    expect(other.topics[0]!.partitions[0]!.committedOffset).toBe(7n);
    expect(gc.listGroups().map((l) => [l.groupId, l.groupState])).toEqual([
      ['g', 'Empty'],
      ['other', 'Empty'],
    ]);
  });

  it('validates the member and generation of group commits', async () => {
    // Prepare
    const m = await member();
    const asMember = { generationId: m.generationId, memberId: m.memberId };

    // Act
    const ok = await gc.commitOffsets(commitReq({ t: { 0: 1n } }, asMember));
    const wrongGeneration = await gc.commitOffsets(commitReq({ t: { 0: 2n } }, { ...asMember, generationId: 9 }));
    const unknownMember = await gc.commitOffsets(commitReq({ t: { 0: 3n } }, { ...asMember, memberId: 'ghost' }));
    const simpleOnActive = await gc.commitOffsets(commitReq({ t: { 0: 4n } }));
    const unknownGroup = await gc.commitOffsets(commitReq({ t: { 0: 5n } }, { ...asMember, groupId: 'nope' }));

    // Assess
    expect(codes(ok)).toEqual([ErrorCode.NONE]);
    expect(codes(wrongGeneration)).toEqual([ErrorCode.ILLEGAL_GENERATION]);
    expect(codes(unknownMember)).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(codes(simpleOnActive)).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(codes(unknownGroup)).toEqual([ErrorCode.ILLEGAL_GENERATION]);
    expect(gc.fetchOffsets({ groupId: 'g', topics: null }).topics[0]!.partitions[0]!.committedOffset).toBe(1n);
    expect(gc.describe(['nope'])[0]!.groupState).toBe('Dead');
  });

  it('rejects commits in CompletingRebalance and accepts current-generation commits while PreparingRebalance', async () => {
    // Prepare
    const joined = await gc.join(joinReq());
    const asMember = { generationId: joined.generationId, memberId: joined.memberId };
    const completing = await gc.commitOffsets(commitReq({ t: { 0: 1n } }, asMember));
    await gc.sync(syncReq(joined));
    const newcomer = gc.join(joinReq());

    // Act
    const preparing = await gc.commitOffsets(commitReq({ t: { 0: 2n } }, asMember));

    // Assess
    expect(codes(completing)).toEqual([ErrorCode.REBALANCE_IN_PROGRESS]);
    expect(gc.groupState('g')).toBe('PreparingRebalance');
    expect(codes(preparing)).toEqual([ErrorCode.NONE]);
    gc.join(joinReq({ memberId: joined.memberId }));
    expect((await newcomer).generationId).toBe(2);
  });

  it('compacts the log to the latest values', async () => {
    // Prepare
    await reopen({ offsetsCompactionMinRecords: 20 });
    for (let i = 0; i < 50; i++) {
      await gc.commitOffsets(commitReq({ t: { 0: BigInt(i), 1: BigInt(i * 10) } }));
    }
    await gc.commitOffsets(commitReq({ gone: { 0: 1n } }));
    await gc.deleteTopicOffsets('gone');

    // Act
    const lines = (await readFile(gc.offsetsLogPath!, 'utf8')).split('\n').filter(Boolean);
    await reopen({ offsetsCompactionMinRecords: 20 });
    const all = gc.fetchOffsets({ groupId: 'g', topics: null });

    // Assess
    expect(lines.length).toBeLessThan(20);
    expect(all.topics).toEqual([
      {
        name: 't',
        partitions: [
          { partitionIndex: 0, committedOffset: 49n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
          { partitionIndex: 1, committedOffset: 490n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
        ],
      },
    ]);
  });

  it('forgets the offsets of a deleted topic, durably', async () => {
    // Prepare
    await gc.commitOffsets(commitReq({ keep: { 0: 1n }, drop: { 0: 2n } }));
    await gc.commitOffsets(commitReq({ drop: { 3: 4n } }, { groupId: 'other' }));

    // Act
    await gc.deleteTopicOffsets('drop');
    await reopen();

    // Assess
    expect(gc.fetchOffsets({ groupId: 'g', topics: null }).topics.map((t) => t.name)).toEqual(['keep']);
    expect(gc.fetchOffsets({ groupId: 'other', topics: null }).topics).toEqual([]);
  });

  it('recovers from a torn last line', async () => {
    // Prepare
    await gc.commitOffsets(commitReq({ t: { 0: 5n } }));
    const path = gc.offsetsLogPath!;
    await gc.close();
    const text = await readFile(path, 'utf8');
    await writeFile(path, `${text}{"g":"g","c":[["t",0,"9`);

    // Act
    gc = await GroupCoordinator.open({ dataDir, initialRebalanceDelayMs: 0 });
    await gc.commitOffsets(commitReq({ t: { 1: 6n } }));
    await reopen();

    // Assess
    const offsets = gc.fetchOffsets({ groupId: 'g', topics: null }).topics[0]!.partitions;
    expect(offsets.map((p) => p.committedOffset)).toEqual([5n, 6n]);
  });

  it('keeps offsets in memory without a data directory', async () => {
    // Prepare
    const memory = await GroupCoordinator.open({ dataDir: null });

    // Act
    await memory.commitOffsets(commitReq({ t: { 0: 3n } }));
    const fetched = memory.fetchOffsets({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }] });
    await memory.close();

    // Assess
    expect(memory.offsetsLogPath).toBeNull();
    expect(fetched.topics[0]!.partitions[0]!.committedOffset).toBe(3n);
  });
});
