import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ErrorCode } from '../protocol/errors.js';
import { ClassicGroup, type MemberState, metadataFor, sameProtocols } from './group.js';
import { OffsetStore, type OffsetWrite } from './offset-store.js';
import type {
  CommitOffsetsRequest,
  CommitOffsetsResult,
  DeleteGroupResult,
  DescribedGroup,
  FetchedOffsetPartition,
  FetchOffsetsRequest,
  FetchOffsetsResult,
  GroupCoordinatorOptions,
  GroupState,
  HeartbeatRequest,
  HeartbeatResult,
  JoinGroupRequest,
  JoinGroupResult,
  LeaveGroupMemberResult,
  LeaveGroupRequest,
  LeaveGroupResult,
  ListedGroup,
  ListGroupsFilter,
  SyncGroupRequest,
  SyncGroupResult,
} from './types.js';

const EMPTY = Buffer.alloc(0);

function joinError(errorCode: ErrorCode, memberId: string): JoinGroupResult {
  return {
    errorCode,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: '',
    memberId,
    members: [],
    skipAssignment: false,
  };
}

function syncError(errorCode: ErrorCode): SyncGroupResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY };
}

/**
 * Kafka's classic GroupCoordinator for a single broker that coordinates every
 * group: JoinGroup / SyncGroup / Heartbeat / LeaveGroup drive each group
 * through Empty → PreparingRebalance → CompletingRebalance → Stable, and
 * OffsetCommit / OffsetFetch keep committed offsets durable in
 * `<dataDir>/groups/`. Membership is not persisted: after a restart members
 * get UNKNOWN_MEMBER_ID and rejoin.
 *
 * Everything runs on the event loop: JoinGroup and SyncGroup return promises
 * that stay pending while the request is parked; the other calls answer at
 * once (commits once the offsets are written).
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, ClassicGroup>();
  private readonly offsets: OffsetStore;
  private readonly initialRebalanceDelayMs: number;
  private readonly minSessionTimeoutMs: number;
  private readonly maxSessionTimeoutMs: number;
  private closed = false;

  private constructor(offsets: OffsetStore, options: GroupCoordinatorOptions) {
    this.offsets = offsets;
    this.initialRebalanceDelayMs = options.initialRebalanceDelayMs ?? 3000;
    this.minSessionTimeoutMs = options.minSessionTimeoutMs ?? 1000;
    this.maxSessionTimeoutMs = options.maxSessionTimeoutMs ?? 300_000;
  }

  /** Opens the coordinator, replaying committed offsets from `<dataDir>/groups/`. */
  static async open(options: GroupCoordinatorOptions): Promise<GroupCoordinator> {
    const dir = options.dataDir === null ? null : join(options.dataDir, 'groups');
    const offsets = await OffsetStore.open(dir, { compactionMinRecords: options.offsetsCompactionMinRecords });
    const coordinator = new GroupCoordinator(offsets, options);
    // Groups that only have offsets come back as Empty, like after a Kafka coordinator failover.
    for (const groupId of offsets.groupIds()) coordinator.groups.set(groupId, new ClassicGroup(groupId));
    return coordinator;
  }

  /** Path of the offsets log, or null in memory (for tests and diagnostics). */
  get offsetsLogPath(): string | null {
    return this.offsets.path;
  }

  // ---------------------------------------------------------------- JoinGroup

  join(req: JoinGroupRequest): Promise<JoinGroupResult> {
    const fail = (code: ErrorCode, memberId = req.memberId) => Promise.resolve(joinError(code, memberId));
    if (this.closed) return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (req.groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
    if (req.sessionTimeoutMs < this.minSessionTimeoutMs || req.sessionTimeoutMs > this.maxSessionTimeoutMs) {
      return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    const protocolNames = req.protocols.map((p) => p.name);
    let group = this.groups.get(req.groupId);
    if (!group) {
      if (req.memberId !== '') return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      if (req.protocolType === '' || protocolNames.length === 0) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      group = new ClassicGroup(req.groupId);
      this.groups.set(req.groupId, group);
    }
    if (group.is('Dead')) return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (!group.supportsProtocols(req.protocolType, protocolNames, req.memberId)) {
      return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }

    if (req.memberId === '') {
      const memberId = `${req.clientId}-${randomUUID()}`;
      if (req.requireKnownMemberId) {
        this.addPendingMember(group, memberId, req.sessionTimeoutMs);
        return fail(ErrorCode.MEMBER_ID_REQUIRED, memberId);
      }
      return this.addMemberAndRebalance(group, memberId, req);
    }

    const pendingTimer = group.pendingMembers.get(req.memberId);
    if (pendingTimer !== undefined) {
      clearTimeout(pendingTimer);
      group.pendingMembers.delete(req.memberId);
      return this.addMemberAndRebalance(group, req.memberId, req);
    }

    const member = group.members.get(req.memberId);
    if (!member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(group, member, req);
      case 'CompletingRebalance':
        // The member lost the JoinGroup response: hand it the current generation again.
        if (sameProtocols(member.protocols, req.protocols))
          return Promise.resolve(this.currentJoinResult(group, member));
        return this.updateMemberAndRebalance(group, member, req);
      case 'Stable':
        // A follower rejoining with unchanged metadata keeps its generation; the leader
        // rejoining (e.g. because topic metadata changed) forces a rebalance.
        if (!group.isLeader(member.memberId) && sameProtocols(member.protocols, req.protocols)) {
          return Promise.resolve(this.currentJoinResult(group, member));
        }
        return this.updateMemberAndRebalance(group, member, req);
      default:
        return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  private addPendingMember(group: ClassicGroup, memberId: string, sessionTimeoutMs: number): void {
    const timer = setTimeout(() => {
      if (group.pendingMembers.get(memberId) !== timer) return;
      group.pendingMembers.delete(memberId);
      if (group.is('PreparingRebalance')) this.tryCompleteJoin(group);
    }, sessionTimeoutMs);
    timer.unref();
    group.pendingMembers.set(memberId, timer);
  }

  private addMemberAndRebalance(
    group: ClassicGroup,
    memberId: string,
    req: JoinGroupRequest,
  ): Promise<JoinGroupResult> {
    return new Promise((resolve) => {
      const member: MemberState = {
        memberId,
        groupInstanceId: req.groupInstanceId,
        clientId: req.clientId,
        clientHost: req.clientHost,
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: req.rebalanceTimeoutMs,
        protocolType: req.protocolType,
        protocols: req.protocols,
        assignment: EMPTY,
        awaitingJoin: resolve,
        awaitingSync: null,
        sessionTimer: null,
      };
      group.add(member);
      if (group.is('PreparingRebalance') && group.initialDelayActive) group.newMemberAdded = true;
      this.scheduleSession(group, member);
      this.maybePrepareRebalance(group);
      this.tryCompleteJoin(group);
    });
  }

  private updateMemberAndRebalance(
    group: ClassicGroup,
    member: MemberState,
    req: JoinGroupRequest,
  ): Promise<JoinGroupResult> {
    return new Promise((resolve) => {
      member.protocols = req.protocols;
      member.sessionTimeoutMs = req.sessionTimeoutMs;
      member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
      member.clientId = req.clientId;
      member.clientHost = req.clientHost;
      member.groupInstanceId = req.groupInstanceId;
      // A duplicate join (client retry) gets the same answer as the one already parked.
      const previous = member.awaitingJoin;
      member.awaitingJoin = previous
        ? (result) => {
            previous(result);
            resolve(result);
          }
        : resolve;
      this.scheduleSession(group, member);
      this.maybePrepareRebalance(group);
      this.tryCompleteJoin(group);
    });
  }

  private currentJoinResult(group: ClassicGroup, member: MemberState): JoinGroupResult {
    this.scheduleSession(group, member);
    const isLeader = group.isLeader(member.memberId);
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      memberId: member.memberId,
      members: isLeader ? group.currentMemberMetadata() : [],
      skipAssignment: false,
    };
  }

  private maybePrepareRebalance(group: ClassicGroup): void {
    if (group.is('Stable') || group.is('CompletingRebalance') || group.is('Empty')) this.prepareRebalance(group);
  }

  private prepareRebalance(group: ClassicGroup): void {
    // Members waiting for the assignment of a generation that will never be Stable must rejoin.
    if (group.is('CompletingRebalance')) this.resetAndPropagateAssignmentError(group, ErrorCode.REBALANCE_IN_PROGRESS);
    this.clearRebalanceTimer(group);
    const rebalanceTimeoutMs = group.rebalanceTimeoutMs();
    if (group.is('Empty')) {
      // Kafka's InitialDelayedJoin: wait for more members before the first generation,
      // extending the wait while new members keep arriving, up to the rebalance timeout.
      group.initialDelayActive = true;
      group.newMemberAdded = false;
      const delay = Math.min(this.initialRebalanceDelayMs, rebalanceTimeoutMs);
      this.scheduleInitialDelay(group, delay, Math.max(rebalanceTimeoutMs - delay, 0));
    } else {
      group.initialDelayActive = false;
      group.rebalanceTimer = setTimeout(() => this.completeJoin(group), rebalanceTimeoutMs);
      group.rebalanceTimer.unref();
    }
    group.transitionTo('PreparingRebalance');
    this.tryCompleteJoin(group);
  }

  private scheduleInitialDelay(group: ClassicGroup, delayMs: number, remainingMs: number): void {
    group.rebalanceTimer = setTimeout(() => {
      group.rebalanceTimer = null;
      if (group.newMemberAdded && remainingMs > 0 && this.initialRebalanceDelayMs > 0) {
        group.newMemberAdded = false;
        const delay = Math.min(this.initialRebalanceDelayMs, remainingMs);
        this.scheduleInitialDelay(group, delay, Math.max(remainingMs - delay, 0));
      } else {
        this.completeJoin(group);
      }
    }, delayMs);
    group.rebalanceTimer.unref();
  }

  private clearRebalanceTimer(group: ClassicGroup): void {
    if (group.rebalanceTimer !== null) clearTimeout(group.rebalanceTimer);
    group.rebalanceTimer = null;
  }

  /** Completes the join phase early once every member has rejoined (Kafka's DelayedJoin.tryComplete). */
  private tryCompleteJoin(group: ClassicGroup): void {
    if (!group.is('PreparingRebalance')) return;
    if (group.initialDelayActive) {
      // The initial delay runs its course unless nobody is left to wait for.
      if (group.members.size === 0 && group.pendingMembers.size === 0) this.completeJoin(group);
      return;
    }
    if (group.hasAllMembersJoined()) this.completeJoin(group);
  }

  /** Kafka's onCompleteJoin: drop members that did not rejoin, start the next generation, answer the joins. */
  private completeJoin(group: ClassicGroup): void {
    if (!group.is('PreparingRebalance')) return;
    this.clearRebalanceTimer(group);
    group.initialDelayActive = false;
    group.newMemberAdded = false;
    for (const member of [...group.members.values()]) {
      if (member.awaitingJoin === null) this.dropMember(group, member);
    }
    group.generationId++;
    if (group.members.size === 0) {
      group.protocolName = null;
      group.transitionTo('Empty');
      return;
    }
    group.protocolName = group.selectProtocol();
    group.transitionTo('CompletingRebalance');
    const leaderMembers = group.currentMemberMetadata();
    for (const member of group.members.values()) {
      const respond = member.awaitingJoin;
      member.awaitingJoin = null;
      member.assignment = EMPTY;
      respond?.({
        errorCode: ErrorCode.NONE,
        generationId: group.generationId,
        protocolType: group.protocolType,
        protocolName: group.protocolName,
        leader: group.leaderId ?? '',
        memberId: member.memberId,
        members: group.isLeader(member.memberId) ? leaderMembers : [],
        skipAssignment: false,
      });
      this.scheduleSession(group, member);
    }
  }

  // ---------------------------------------------------------------- SyncGroup

  sync(req: SyncGroupRequest): Promise<SyncGroupResult> {
    const fail = (code: ErrorCode) => Promise.resolve(syncError(code));
    const found = this.currentMember(req);
    if (typeof found === 'number') return fail(found);
    const { group, member } = found;
    if (
      (req.protocolType !== null && req.protocolType !== group.protocolType) ||
      (req.protocolName !== null && req.protocolName !== group.protocolName)
    ) {
      return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    switch (group.state) {
      case 'PreparingRebalance':
        return fail(ErrorCode.REBALANCE_IN_PROGRESS);
      case 'Stable':
        this.scheduleSession(group, member);
        return Promise.resolve(this.assignmentResult(group, member));
      case 'CompletingRebalance':
        this.scheduleSession(group, member);
        return new Promise((resolve) => {
          const previous = member.awaitingSync;
          member.awaitingSync = previous
            ? (result) => {
                previous(result);
                resolve(result);
              }
            : resolve;
          if (group.isLeader(member.memberId)) {
            const given = new Map(req.assignments.map((a) => [a.memberId, a.assignment]));
            for (const m of group.members.values()) m.assignment = given.get(m.memberId) ?? EMPTY;
            group.transitionTo('Stable');
            this.propagateAssignment(group);
          }
        });
      default:
        return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  private assignmentResult(group: ClassicGroup, member: MemberState): SyncGroupResult {
    return {
      errorCode: ErrorCode.NONE,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      assignment: member.assignment,
    };
  }

  private propagateAssignment(group: ClassicGroup): void {
    for (const member of group.members.values()) {
      const respond = member.awaitingSync;
      member.awaitingSync = null;
      respond?.(this.assignmentResult(group, member));
    }
  }

  private resetAndPropagateAssignmentError(group: ClassicGroup, errorCode: ErrorCode): void {
    for (const member of group.members.values()) {
      member.assignment = EMPTY;
      const respond = member.awaitingSync;
      member.awaitingSync = null;
      respond?.(syncError(errorCode));
    }
  }

  // ---------------------------------------------------------------- Heartbeat

  heartbeat(req: HeartbeatRequest): HeartbeatResult {
    const found = this.currentMember(req);
    if (typeof found === 'number') return { errorCode: found };
    const { group, member } = found;
    this.scheduleSession(group, member);
    return { errorCode: group.is('PreparingRebalance') ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE };
  }

  /**
   * The member a SyncGroup or Heartbeat speaks for, checked as Kafka does: the coordinator is
   * open, the group id is valid, the group and member exist, and the generation is current.
   */
  private currentMember(req: {
    groupId: string;
    memberId: string;
    generationId: number;
  }): { group: ClassicGroup; member: MemberState } | ErrorCode {
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (req.groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const group = this.groups.get(req.groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const member = group.members.get(req.memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (req.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    return { group, member };
  }

  // --------------------------------------------------------------- LeaveGroup

  leave(req: LeaveGroupRequest): LeaveGroupResult {
    if (this.closed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    if (req.groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, members: [] };
    const group = this.groups.get(req.groupId);
    if (group?.is('Dead')) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    const members: LeaveGroupMemberResult[] = req.members.map((leaving) => {
      const answer = (errorCode: ErrorCode): LeaveGroupMemberResult => ({
        memberId: leaving.memberId,
        groupInstanceId: leaving.groupInstanceId,
        errorCode,
      });
      if (!group) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
      const pendingTimer = group.pendingMembers.get(leaving.memberId);
      if (pendingTimer !== undefined) {
        clearTimeout(pendingTimer);
        group.pendingMembers.delete(leaving.memberId);
        if (group.is('PreparingRebalance')) this.tryCompleteJoin(group);
        return answer(ErrorCode.NONE);
      }
      const member =
        leaving.memberId === '' && leaving.groupInstanceId !== null
          ? group.findByInstanceId(leaving.groupInstanceId)
          : group.members.get(leaving.memberId);
      if (!member) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
      this.removeMemberAndUpdateGroup(group, member);
      return answer(ErrorCode.NONE);
    });
    return { errorCode: ErrorCode.NONE, members };
  }

  // --------------------------------------------------------- Session timeouts

  private scheduleSession(group: ClassicGroup, member: MemberState): void {
    if (member.sessionTimer !== null) clearTimeout(member.sessionTimer);
    member.sessionTimer = setTimeout(() => {
      member.sessionTimer = null;
      if (group.members.get(member.memberId) !== member) return;
      // A member whose JoinGroup is parked is alive until the rebalance completes.
      if (member.awaitingJoin !== null) this.scheduleSession(group, member);
      else this.removeMemberAndUpdateGroup(group, member);
    }, member.sessionTimeoutMs);
    member.sessionTimer.unref();
  }

  /** Removes a member without touching the group state; its parked requests get UNKNOWN_MEMBER_ID. */
  private dropMember(group: ClassicGroup, member: MemberState): void {
    if (member.sessionTimer !== null) clearTimeout(member.sessionTimer);
    member.sessionTimer = null;
    const join = member.awaitingJoin;
    const sync = member.awaitingSync;
    member.awaitingJoin = null;
    member.awaitingSync = null;
    join?.(joinError(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
    sync?.(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    group.remove(member.memberId);
  }

  private removeMemberAndUpdateGroup(group: ClassicGroup, member: MemberState): void {
    this.dropMember(group, member);
    switch (group.state) {
      case 'Stable':
      case 'CompletingRebalance':
        this.prepareRebalance(group);
        break;
      case 'PreparingRebalance':
        this.tryCompleteJoin(group);
        break;
      default:
        break;
    }
  }

  // ------------------------------------------------------------------ Offsets

  async commitOffsets(req: CommitOffsetsRequest): Promise<CommitOffsetsResult> {
    const answer = (errorCode: ErrorCode): CommitOffsetsResult => ({
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })),
      })),
    });
    if (this.closed) return answer(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    let group = this.groups.get(req.groupId);
    if (!group) {
      // Without group management (generation -1) the commit creates a simple group;
      // otherwise the member belongs to a generation this coordinator does not know.
      if (req.generationId >= 0) return answer(ErrorCode.ILLEGAL_GENERATION);
      group = new ClassicGroup(req.groupId);
      this.groups.set(req.groupId, group);
    }
    let member: MemberState | undefined;
    if (group.is('Dead')) return answer(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (req.generationId >= 0 || req.memberId !== '' || req.groupInstanceId !== null) {
      member = group.members.get(req.memberId);
      if (!member) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
      if (req.generationId !== group.generationId) return answer(ErrorCode.ILLEGAL_GENERATION);
    } else if (!group.is('Empty')) {
      // Only members may commit for a group that has members.
      return answer(ErrorCode.UNKNOWN_MEMBER_ID);
    }
    // The member knows the generation but has no assignment yet.
    if (group.is('CompletingRebalance')) return answer(ErrorCode.REBALANCE_IN_PROGRESS);
    if (member) this.scheduleSession(group, member);

    const writes: OffsetWrite[] = req.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        offset: p.committedOffset,
        leaderEpoch: p.committedLeaderEpoch,
        metadata: p.committedMetadata ?? '',
      })),
    );
    if (writes.length === 0) return answer(ErrorCode.NONE);
    try {
      await this.offsets.commit(req.groupId, writes);
    } catch {
      return answer(ErrorCode.UNKNOWN_SERVER_ERROR);
    }
    return answer(ErrorCode.NONE);
  }

  fetchOffsets(req: FetchOffsetsRequest): FetchOffsetsResult {
    if (this.closed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, topics: [] };
    const stored = this.offsets.offsetsOf(req.groupId);
    const none = (partitionIndex: number): FetchedOffsetPartition => ({
      partitionIndex,
      committedOffset: -1n,
      committedLeaderEpoch: -1,
      metadata: '',
      errorCode: ErrorCode.NONE,
    });
    if (req.topics === null) {
      const topics = [...(stored ?? [])]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, partitions]) => ({
          name,
          partitions: [...partitions]
            .sort(([a], [b]) => a - b)
            .map(([partitionIndex, e]) => ({
              partitionIndex,
              committedOffset: e.offset,
              committedLeaderEpoch: e.leaderEpoch,
              metadata: e.metadata,
              errorCode: ErrorCode.NONE,
            })),
        }));
      return { errorCode: ErrorCode.NONE, topics };
    }
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => {
        const e = stored?.get(t.name)?.get(partitionIndex);
        if (!e) return none(partitionIndex);
        return {
          partitionIndex,
          committedOffset: e.offset,
          committedLeaderEpoch: e.leaderEpoch,
          metadata: e.metadata,
          errorCode: ErrorCode.NONE,
        };
      }),
    }));
    return { errorCode: ErrorCode.NONE, topics };
  }

  /** Forgets every committed offset of a deleted topic, in every group. */
  async deleteTopicOffsets(topic: string): Promise<void> {
    if (this.closed) return;
    let committed = false;
    for (const groupId of this.offsets.groupIds()) {
      if (this.offsets.offsetsOf(groupId)?.has(topic)) committed = true;
    }
    if (committed) await this.offsets.deleteTopic(topic);
  }

  // ------------------------------------------------------- Describe/List/Delete

  describe(groupIds: string[]): DescribedGroup[] {
    return groupIds.map((groupId) => {
      if (this.closed) {
        return {
          groupId,
          errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
          groupState: 'Dead',
          protocolType: '',
          protocolData: '',
          members: [],
        };
      }
      const group = this.groups.get(groupId);
      if (!group) {
        return {
          groupId,
          errorCode: ErrorCode.NONE,
          groupState: 'Dead',
          protocolType: '',
          protocolData: '',
          members: [],
        };
      }
      const stable = group.is('Stable');
      return {
        groupId,
        errorCode: ErrorCode.NONE,
        groupState: group.state,
        protocolType: group.protocolType ?? '',
        protocolData: stable ? (group.protocolName ?? '') : '',
        members: [...group.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          memberMetadata: stable ? metadataFor(m, group.protocolName) : EMPTY,
          memberAssignment: stable ? m.assignment : EMPTY,
        })),
      };
    });
  }

  listGroups(filter: ListGroupsFilter = {}): ListedGroup[] {
    if (this.closed) return [];
    const states = new Set((filter.statesFilter ?? []).map((s) => s.toLowerCase()));
    const types = new Set((filter.typesFilter ?? []).map((s) => s.toLowerCase()));
    const listed: ListedGroup[] = [];
    for (const group of this.groups.values()) {
      if (states.size > 0 && !states.has(group.state.toLowerCase())) continue;
      if (types.size > 0 && !types.has('classic')) continue;
      listed.push({
        groupId: group.groupId,
        protocolType: group.protocolType ?? '',
        groupState: group.state,
        groupType: 'classic',
      });
    }
    return listed;
  }

  /**
   * DeleteGroups: removes Empty groups and their offsets. GROUP_ID_NOT_FOUND
   * for unknown groups, NON_EMPTY_GROUP while the group has members.
   */
  async deleteGroups(groupIds: string[]): Promise<DeleteGroupResult[]> {
    const results: DeleteGroupResult[] = [];
    for (const groupId of groupIds) {
      const answer = (errorCode: ErrorCode) => results.push({ groupId, errorCode });
      if (this.closed) {
        answer(ErrorCode.COORDINATOR_NOT_AVAILABLE);
        continue;
      }
      const group = this.groups.get(groupId);
      if (!group || group.is('Dead')) {
        answer(ErrorCode.GROUP_ID_NOT_FOUND);
        continue;
      }
      if (!group.is('Empty')) {
        answer(ErrorCode.NON_EMPTY_GROUP);
        continue;
      }
      for (const timer of group.pendingMembers.values()) clearTimeout(timer);
      group.pendingMembers.clear();
      group.transitionTo('Dead');
      this.groups.delete(groupId);
      try {
        if (this.offsets.hasOffsets(groupId)) await this.offsets.deleteGroup(groupId);
        answer(ErrorCode.NONE);
      } catch {
        answer(ErrorCode.UNKNOWN_SERVER_ERROR);
      }
    }
    return results;
  }

  /** The state of a group, 'Dead' when unknown (for diagnostics and tests). */
  groupState(groupId: string): GroupState {
    return this.groups.get(groupId)?.state ?? 'Dead';
  }

  // -------------------------------------------------------------------- Close

  /**
   * Stops every timer, answers every parked JoinGroup/SyncGroup with
   * COORDINATOR_NOT_AVAILABLE (clients look for the coordinator again) and
   * flushes the offsets log. Later calls answer COORDINATOR_NOT_AVAILABLE.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const group of this.groups.values()) {
      this.clearRebalanceTimer(group);
      for (const timer of group.pendingMembers.values()) clearTimeout(timer);
      group.pendingMembers.clear();
      for (const member of group.members.values()) {
        if (member.sessionTimer !== null) clearTimeout(member.sessionTimer);
        member.sessionTimer = null;
        const join = member.awaitingJoin;
        const sync = member.awaitingSync;
        member.awaitingJoin = null;
        member.awaitingSync = null;
        join?.(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, member.memberId));
        sync?.(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
      }
    }
    await this.offsets.close();
  }
}
