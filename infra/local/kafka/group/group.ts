import { BrokerError } from '../protocol/errors.js';
import type { GroupState, JoinGroupMember, JoinGroupResult, JoinProtocol, SyncGroupResult } from './types.js';

type Timer = ReturnType<typeof setTimeout>;

/** One member of a classic group, with the requests it has parked. */
export interface MemberState {
  readonly memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  /** In the member's order of preference. */
  protocols: JoinProtocol[];
  /** The assignment the leader gave this member in the current generation. */
  assignment: Buffer;
  /** Resolves the member's parked JoinGroup; non-null means the member has (re)joined this rebalance. */
  awaitingJoin: ((result: JoinGroupResult) => void) | null;
  /** Resolves the member's parked SyncGroup. */
  awaitingSync: ((result: SyncGroupResult) => void) | null;
  sessionTimer: Timer | null;
}

const validPrevious: Record<GroupState, readonly GroupState[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'],
};

/**
 * Membership data of one classic group (Kafka's GroupMetadata). Pure
 * bookkeeping: the state machine that drives it lives in the coordinator.
 */
export class ClassicGroup {
  readonly groupId: string;
  state: GroupState = 'Empty';
  generationId = 0;
  /** Set by the first member to join an empty group; kept when the group empties, like Kafka. */
  protocolType: string | null = null;
  /** The protocol chosen for the current generation. */
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** In join order (Map keeps insertion order), which decides the next leader. */
  readonly members = new Map<string, MemberState>();
  /** KIP-394 member ids handed out with MEMBER_ID_REQUIRED, each expiring after the session timeout. */
  readonly pendingMembers = new Map<string, Timer>();
  /** Completes the current PreparingRebalance phase when it fires. */
  rebalanceTimer: Timer | null = null;
  /** The current rebalance is the initial delayed one of a group that was Empty. */
  initialDelayActive = false;
  /** A member joined since the initial-delay timer was (re)armed. */
  newMemberAdded = false;

  constructor(groupId: string) {
    this.groupId = groupId;
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  transitionTo(state: GroupState): void {
    if (!validPrevious[state].includes(this.state)) {
      throw new BrokerError(`group ${this.groupId}: illegal transition ${this.state} -> ${state}`);
    }
    this.state = state;
  }

  add(member: MemberState): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.members.set(member.memberId, member);
    if (this.leaderId === null) this.leaderId = member.memberId;
  }

  remove(memberId: string): void {
    this.members.delete(memberId);
    if (this.leaderId === memberId) {
      const next = this.members.keys().next();
      this.leaderId = next.done ? null : next.value;
    }
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  findByInstanceId(groupInstanceId: string): MemberState | undefined {
    for (const member of this.members.values()) {
      if (member.groupInstanceId === groupInstanceId) return member;
    }
    return undefined;
  }

  /**
   * Whether a member offering these protocols may be in the group: an Empty
   * group takes any non-empty protocol type and list; otherwise the type must
   * match and one protocol must be supported by every other member.
   */
  supportsProtocols(protocolType: string, protocolNames: readonly string[], exceptMemberId: string): boolean {
    if (this.is('Empty')) return protocolType !== '' && protocolNames.length > 0;
    if (this.protocolType !== protocolType) return false;
    const others = [...this.members.values()].filter((m) => m.memberId !== exceptMemberId);
    return protocolNames.some((name) => others.every((m) => m.protocols.some((p) => p.name === name)));
  }

  /** Protocols supported by every member, in the first member's order of preference. */
  candidateProtocols(): string[] {
    const all = [...this.members.values()];
    const first = all[0];
    if (!first) return [];
    return first.protocols
      .map((p) => p.name)
      .filter((name) => all.every((m) => m.protocols.some((p) => p.name === name)));
  }

  /**
   * Kafka's selectProtocol: every member votes for its most preferred
   * candidate; the candidate with most votes wins (ties: the earliest voted).
   */
  selectProtocol(): string {
    const candidates = new Set(this.candidateProtocols());
    const votes = new Map<string, number>();
    for (const member of this.members.values()) {
      const vote = member.protocols.find((p) => candidates.has(p.name));
      if (vote) votes.set(vote.name, (votes.get(vote.name) ?? 0) + 1);
    }
    let best: string | null = null;
    let bestVotes = 0;
    for (const [name, count] of votes) {
      if (count > bestVotes) {
        best = name;
        bestVotes = count;
      }
    }
    if (best === null) throw new BrokerError(`group ${this.groupId}: no protocol supported by every member`);
    return best;
  }

  /** Every member has rejoined and no KIP-394 member id is still outstanding. */
  hasAllMembersJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const member of this.members.values()) {
      if (member.awaitingJoin === null) return false;
    }
    return true;
  }

  /** The group's rebalance timeout: the largest of its members'. */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const member of this.members.values()) max = Math.max(max, member.rebalanceTimeoutMs);
    return max;
  }

  /** The members with their metadata for the chosen protocol, as the leader's JoinGroup response lists them. */
  currentMemberMetadata(): JoinGroupMember[] {
    const protocol = this.protocolName;
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: metadataFor(m, protocol),
    }));
  }
}

export function metadataFor(member: MemberState, protocolName: string | null): Buffer {
  return member.protocols.find((p) => p.name === protocolName)?.metadata ?? Buffer.alloc(0);
}

/** Same protocols with the same metadata in the same order. */
export function sameProtocols(a: readonly JoinProtocol[], b: readonly JoinProtocol[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p, i) => {
    const q = b[i];
    return q !== undefined && p.name === q.name && p.metadata.equals(q.metadata);
  });
}
