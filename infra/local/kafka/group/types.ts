import type { ErrorCode } from '../protocol/errors.js';

/**
 * Plain, protocol-version-agnostic shapes of the group coordinator's API. The
 * API handlers decode a request, call the coordinator with these fields and
 * encode the result for the version the client spoke.
 */

/** States of a classic consumer group (Kafka's GroupState names, as DescribeGroups reports them). */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface GroupCoordinatorOptions {
  /** Root data directory; offsets live in `<dataDir>/groups/`. `null` keeps everything in memory. */
  dataDir: string | null;
  /** group.initial.rebalance.delay.ms: how long the first rebalance of an Empty group waits for more members. Default 3000. */
  initialRebalanceDelayMs?: number;
  /** group.min.session.timeout.ms. Default 1000. */
  minSessionTimeoutMs?: number;
  /** group.max.session.timeout.ms. Default 300000. */
  maxSessionTimeoutMs?: number;
  /** Offset-log records written since the last compaction before a compaction is considered. Default 10000. */
  offsetsCompactionMinRecords?: number;
}

export interface JoinProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinGroupRequest {
  groupId: string;
  /** '' for a member joining for the first time. */
  memberId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  /** JoinGroup v0 has no rebalance timeout: pass the session timeout, like Kafka. */
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: JoinProtocol[];
  /** true for JoinGroup v4+ (KIP-394): a new member first gets MEMBER_ID_REQUIRED and an id to rejoin with. */
  requireKnownMemberId: boolean;
  clientId: string;
  clientHost: string;
  reason?: string | null;
}

export interface JoinGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResult {
  errorCode: ErrorCode;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  /** '' when the join failed. */
  leader: string;
  /** The member's id; on MEMBER_ID_REQUIRED the freshly generated id to rejoin with. */
  memberId: string;
  /** Every member with its metadata for the chosen protocol, for the leader only; empty for followers. */
  members: JoinGroupMember[];
  skipAssignment: boolean;
}

export interface SyncGroupAssignment {
  memberId: string;
  assignment: Buffer;
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** null when the request version does not carry it (v0-4). */
  protocolType: string | null;
  /** null when the request version does not carry it (v0-4). */
  protocolName: string | null;
  /** The leader's assignment; followers send an empty list. */
  assignments: SyncGroupAssignment[];
}

export interface SyncGroupResult {
  errorCode: ErrorCode;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export interface HeartbeatResult {
  errorCode: ErrorCode;
}

export interface LeaveGroupMember {
  /** '' together with a groupInstanceId removes the member holding that instance id. */
  memberId: string;
  groupInstanceId: string | null;
  reason?: string | null;
}

export interface LeaveGroupRequest {
  groupId: string;
  /** LeaveGroup v0-2 carry one member: pass `[{ memberId, groupInstanceId: null }]`. */
  members: LeaveGroupMember[];
}

export interface LeaveGroupMemberResult {
  memberId: string;
  groupInstanceId: string | null;
  errorCode: ErrorCode;
}

export interface LeaveGroupResult {
  errorCode: ErrorCode;
  members: LeaveGroupMemberResult[];
}

export interface CommitOffsetsPartition {
  partitionIndex: number;
  committedOffset: bigint;
  /** -1 when unknown (OffsetCommit v0-5). */
  committedLeaderEpoch: number;
  /** null is stored as '' (Kafka's NO_METADATA). */
  committedMetadata: string | null;
}

export interface CommitOffsetsTopic {
  name: string;
  partitions: CommitOffsetsPartition[];
}

export interface CommitOffsetsRequest {
  groupId: string;
  /** -1 for commits outside group management (simple consumers, admin clients). */
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: CommitOffsetsTopic[];
}

export interface CommitOffsetsResult {
  topics: { name: string; partitions: { partitionIndex: number; errorCode: ErrorCode }[] }[];
}

export interface FetchOffsetsRequest {
  groupId: string;
  /** null = every committed offset of the group. */
  topics: { name: string; partitionIndexes: number[] }[] | null;
}

export interface FetchedOffsetPartition {
  partitionIndex: number;
  /** -1n when nothing is committed. */
  committedOffset: bigint;
  /** The leader epoch the client committed, -1 when none. */
  committedLeaderEpoch: number;
  /** '' when nothing is committed or the commit carried no metadata. */
  metadata: string | null;
  errorCode: ErrorCode;
}

export interface FetchOffsetsResult {
  errorCode: ErrorCode;
  topics: { name: string; partitions: FetchedOffsetPartition[] }[];
}

export interface DescribedGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  /** Metadata for the chosen protocol; empty unless the group is Stable (like Kafka). */
  memberMetadata: Buffer;
  /** Empty unless the group is Stable (like Kafka). */
  memberAssignment: Buffer;
}

export interface DescribedGroup {
  groupId: string;
  errorCode: ErrorCode;
  groupState: GroupState;
  /** '' when the group never had a member. */
  protocolType: string;
  /** The chosen protocol name when Stable, '' otherwise (like Kafka). */
  protocolData: string;
  members: DescribedGroupMember[];
}

export interface ListedGroup {
  groupId: string;
  /** '' for groups that only store offsets. */
  protocolType: string;
  groupState: GroupState;
  groupType: 'classic';
}

export interface ListGroupsFilter {
  /** ListGroups v4+: keep groups whose state matches one of these (case-insensitive); empty = all. */
  statesFilter?: string[];
  /** ListGroups v5+: keep groups whose type matches (case-insensitive); empty = all. */
  typesFilter?: string[];
}

export interface DeleteGroupResult {
  groupId: string;
  errorCode: ErrorCode;
}
