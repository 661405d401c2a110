/**
 * Flood control: how many notifications a channel gets as posts of their own, and the digest
 * the rest are collected into, per channel and interval (e.g. "37 more negative feedback" every
 * 5 minutes instead of 37 posts a Slack webhook would answer with 429s).
 *
 * The table decides everything (see digest.ts); this per-container memory only saves requests:
 * a minute whose allowance is spent is not asked again, a full digest page is not tried again,
 * and the digests this container filled are sent by it when their interval has closed, if it
 * still runs then (the retrier sends them otherwise).
 */

import type { NotificationKind } from './types.js';

export interface FloodPolicy {
  /** Notifications a channel gets as posts of their own per (epoch-aligned) minute; the rest go into digests. */
  postsPerMinute: number;
  /** Length of a digest interval in ms, epoch-aligned. */
  digestIntervalMs: number;
  /** Base URL of the query API, for the digest's link; empty leaves the link as a path. */
  queryApiUrl: string;
}

export const DEFAULT_FLOOD_POLICY: FloodPolicy = {
  postsPerMinute: 10,
  digestIntervalMs: 5 * 60_000,
  queryApiUrl: '',
};

/**
 * Feedback ids one digest page holds. Ids are up to 200 characters: 250 of them keep the item
 * (every append rewrites it) near 50 kB, and the Slack message (ids in its metadata) under 64 kB.
 */
export const DIGEST_CAPACITY = 250;

const MINUTE_MS = 60_000;

/** Key of a channel's allowance for one minute: (`<minute start>`, `<channel> rate`). */
export function allowanceKey(channel: string, now: number): { feedbackId: string; channel: string } {
  return { feedbackId: new Date(Math.floor(now / MINUTE_MS) * MINUTE_MS).toISOString(), channel: `${channel} rate` };
}

/** A digest page: its interval (epoch ms) and page number; `digestKey` is `<interval start ISO>#<page>`. */
export interface DigestPage {
  intervalStart: number;
  page: number;
}

export function digestKey(page: DigestPage): string {
  return `${new Date(page.intervalStart).toISOString()}#${page.page}`;
}

export function digestPageOf(key: string): DigestPage {
  const at = key.lastIndexOf('#');
  return { intervalStart: Date.parse(key.slice(0, at)), page: Number(key.slice(at + 1)) };
}

/** The table key of a channel's digest page. Channel names hold no spaces, so no outbox record has this sort key. */
export function digestItemKey(channel: string, key: string): { feedbackId: string; channel: string } {
  return { feedbackId: key, channel: `${channel} digest` };
}

/** Per-container hints; see the file comment. Never the reason a notification is or is not sent. */
export class FloodControl {
  readonly policy: FloodPolicy;
  readonly #spent = new Set<string>();
  readonly #firstOpenPage = new Map<string, number>();
  readonly #filled = new Map<string, { channel: string; kind: NotificationKind; key: string; closesAt: number }>();

  constructor(policy: FloodPolicy) {
    this.policy = policy;
  }

  intervalStart(now: number): number {
    return Math.floor(now / this.policy.digestIntervalMs) * this.policy.digestIntervalMs;
  }

  /** Whether this container already found the minute's allowance spent. */
  isSpent(channel: string, now: number): boolean {
    return this.#spent.has(allowanceKey(channel, now).feedbackId + channel);
  }

  markSpent(channel: string, now: number): void {
    if (this.#spent.size > 1000) this.#spent.clear();
    this.#spent.add(allowanceKey(channel, now).feedbackId + channel);
  }

  /** The page to try first for a channel's interval. */
  openPage(channel: string, intervalStart: number): DigestPage {
    return { intervalStart, page: this.#firstOpenPage.get(`${channel}|${intervalStart}`) ?? 0 };
  }

  markFull(channel: string, page: DigestPage): void {
    const key = `${channel}|${page.intervalStart}`;
    if (this.#firstOpenPage.size > 1000) this.#firstOpenPage.clear();
    this.#firstOpenPage.set(key, Math.max(this.#firstOpenPage.get(key) ?? 0, page.page + 1));
  }

  /** Remembers a digest this container added to, to send it once its interval has closed. */
  filled(channel: string, kind: NotificationKind, key: string): void {
    const closesAt = digestPageOf(key).intervalStart + this.policy.digestIntervalMs;
    this.#filled.set(`${channel}|${key}`, { channel, kind, key, closesAt });
  }

  /** The digests this container added to whose interval has closed by `now`, forgotten as they are handed out. */
  takeClosed(now: number): { channel: string; kind: NotificationKind; key: string }[] {
    const closed = [...this.#filled.entries()].filter(([, d]) => d.closesAt <= now);
    for (const [k] of closed) this.#filled.delete(k);
    return closed.map(([, d]) => d);
  }
}
