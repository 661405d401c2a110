/**
 * The validator of recentchange events (pure). Checks the fields tandem reads and their types;
 * unknown fields pass through untouched. The first problem is reported with its field path.
 */

import { parseRfc3339 } from '../time/index.js';
import { WikiEventValidationError } from './errors.js';
import { CHANGE_TYPES, type WikiChange } from './types.js';

/** Largest event accepted, in bytes of JSON: real events are a few KiB. */
export const MAX_WIKI_EVENT_BYTES = 64 * 1024;

const types: ReadonlySet<string> = new Set(CHANGE_TYPES);
/** 2000-01-01 .. 2200-01-01 in unix seconds: outside is a unit bug (ms sent as s), not an edit. */
const MIN_TS = 946_684_800;
const MAX_TS = 7_258_118_400;

type Obj = Record<string, unknown>;

/** The event in `value`; throws `WikiEventValidationError` naming the field at fault. */
export function validateWikiChange(value: unknown): WikiChange {
  const v = object(value, '(body)');
  string(v.$schema, '$schema');
  const meta = object(v.meta, 'meta');
  string(meta.domain, 'meta.domain');
  string(meta.id, 'meta.id');
  string(meta.stream, 'meta.stream');
  if (typeof meta.dt !== 'string' || parseRfc3339(meta.dt) === undefined)
    fail('meta.dt', 'must be an ISO 8601 date-time with a time zone');
  if (v.id !== undefined && v.id !== null) id(v.id, 'id');
  string(v.type, 'type');
  if (!types.has(v.type as string)) fail('type', `must be one of ${CHANGE_TYPES.join(', ')}`);
  if (!Number.isSafeInteger(v.namespace)) fail('namespace', 'must be an integer');
  if (typeof v.title !== 'string') fail('title', 'must be a string');
  if (v.comment !== undefined && typeof v.comment !== 'string') fail('comment', 'must be a string');
  if (!Number.isSafeInteger(v.timestamp) || (v.timestamp as number) < MIN_TS || (v.timestamp as number) > MAX_TS)
    fail('timestamp', 'must be unix seconds (an integer between 2000 and 2200)');
  string(v.user, 'user');
  if (typeof v.bot !== 'boolean') fail('bot', 'must be true or false');
  for (const f of ['minor', 'patrolled'] as const)
    if (v[f] !== undefined && typeof v[f] !== 'boolean') fail(f, 'must be true or false');
  for (const f of ['length', 'revision'] as const) {
    if (v[f] === undefined) continue;
    const pair = object(v[f], f);
    for (const side of ['old', 'new'] as const) {
      const n = pair[side];
      if (n !== null && n !== undefined) id(n, `${f}.${side}`);
    }
  }
  string(v.server_name, 'server_name');
  string(v.wiki, 'wiki');
  if (v.log_id !== undefined && v.log_id !== null) id(v.log_id, 'log_id');
  return v as unknown as WikiChange;
}

function object(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, 'must be a JSON object');
  return v as Obj;
}

function string(v: unknown, field: string): void {
  if (typeof v !== 'string' || v.length === 0) fail(field, 'must be a non-empty string');
}

function id(v: unknown, field: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(field, 'must be a non-negative integer');
  if (!Number.isSafeInteger(v)) fail(field, 'is beyond 2^53 − 1 and cannot be read exactly');
}

function fail(field: string, message: string): never {
  throw new WikiEventValidationError(field, `${field} ${message}`);
}
