/**
 * A Wikimedia EventStreams `mediawiki.recentchange` event (schema /mediawiki/recentchange/1.0.0),
 * the fields tandem reads. Ids are JS numbers: exact up to 2^53 − 1, far above the 2^31 that
 * 32-bit readers overflow at; larger ids are refused rather than silently rounded.
 */
export interface WikiChange {
  $schema: string;
  meta: {
    /** Wiki domain (`en.wikipedia.org`), or `canary` for Wikimedia's liveness events. */
    domain: string;
    /** When the event was produced, ISO 8601. */
    dt: string;
    /** Unique event id (UUID). */
    id: string;
    stream: string;
    uri?: string;
    request_id?: string;
    topic?: string;
    partition?: number;
    offset?: number;
  };
  /** Recent-change id; may exceed 2^31. Absent on some log events. */
  id?: number | null;
  /** `edit`, `new`, `log`, `categorize` or `external`. */
  type: string;
  namespace: number;
  title: string;
  comment?: string;
  /** Event time: unix seconds. */
  timestamp: number;
  user: string;
  bot: boolean;
  minor?: boolean;
  patrolled?: boolean;
  /** Page length before and after; `old` is null on page creation. */
  length?: { old: number | null; new: number | null };
  /** Revision ids before and after; `old` is null on page creation. */
  revision?: { old: number | null; new: number | null };
  server_name: string;
  server_url?: string;
  server_script_path?: string;
  wiki: string;
  log_id?: number | null;
  log_type?: string | null;
  log_action?: string | null;
  log_action_comment?: string | null;
}

/** The change types MediaWiki emits. */
export const CHANGE_TYPES = ['edit', 'new', 'log', 'categorize', 'external'] as const;
