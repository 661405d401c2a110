/**
 * The one validator of labels, shared by the label endpoints (before producing) and the
 * label-store consumer (on every record), so the door and the store accept the same events.
 *
 * `feedbackId` follows the feedback id rules (a non-blank string of at most 200 characters);
 * `label` is `positive` or `negative`; `user` an optional string of at most 200 characters;
 * `ts` an RFC 3339 date-time, normalised to UTC with milliseconds, since the store orders
 * labels by comparing it as text.
 */

import { isWellFormedText, MAX_ID_CHARS, MAX_NAME_CHARS } from '../feedback/index.js';
import { parseRfc3339 } from '../time/index.js';
import { LabelValidationError } from './errors.js';
import {
  FEEDBACK_LABELS,
  type FeedbackLabelEvent,
  type FeedbackLabelValue,
  LABEL_SCHEMA_VERSION,
  type LabelProblem,
  LabelSource,
} from './types.js';

const SOURCES: readonly string[] = Object.values(LabelSource);

/** The label value of `value`; throws `LabelValidationError` on field `label` otherwise. */
export function validateLabelValue(value: unknown): FeedbackLabelValue {
  if (typeof value === 'string' && (FEEDBACK_LABELS as readonly string[]).includes(value)) {
    return value as FeedbackLabelValue;
  }
  throw new LabelValidationError({
    field: 'label',
    message: `label must be one of ${FEEDBACK_LABELS.map((l) => `"${l}"`).join(', ')}, got ${describe(value)}`,
  });
}

/** The feedback id of `value`; throws `LabelValidationError` on `field` otherwise. */
export function validateFeedbackId(value: unknown, field = 'feedbackId'): string {
  const problem = nameProblem(value, field, MAX_ID_CHARS, true);
  if (problem) throw new LabelValidationError(problem);
  return value as string;
}

/** The label event in `value`, with only its known fields and `ts` in UTC; throws `LabelValidationError`. */
export function validateLabelEvent(value: unknown): FeedbackLabelEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LabelValidationError({
      field: '(body)',
      message: `a label must be a JSON object, got ${describe(value)}`,
    });
  }
  const v = value as Record<string, unknown>;
  if (v.schemaVersion !== LABEL_SCHEMA_VERSION) {
    throw new LabelValidationError({
      field: 'schemaVersion',
      message: `schemaVersion must be ${LABEL_SCHEMA_VERSION}, got ${describe(v.schemaVersion)}`,
    });
  }
  const feedbackId = validateFeedbackId(v.feedbackId);
  const label = validateLabelValue(v.label);
  if (typeof v.source !== 'string' || !SOURCES.includes(v.source)) {
    throw new LabelValidationError({
      field: 'source',
      message: `source must be one of ${SOURCES.map((s) => `"${s}"`).join(', ')}, got ${describe(v.source)}`,
    });
  }
  const userProblem = v.user == null ? undefined : nameProblem(v.user, 'user', MAX_NAME_CHARS, false);
  if (userProblem) throw new LabelValidationError(userProblem);
  const ms = typeof v.ts === 'string' ? parseRfc3339(v.ts) : undefined;
  if (ms === undefined || ms < 0 || ms > MAX_TS_MS) {
    throw new LabelValidationError({
      field: 'ts',
      message: `ts must be an RFC 3339 date-time with a time zone in years 1970..9999, got ${describe(v.ts)}`,
    });
  }
  return {
    schemaVersion: LABEL_SCHEMA_VERSION,
    feedbackId,
    label,
    source: v.source as LabelSource,
    ...(v.user == null ? {} : { user: v.user as string }),
    ts: new Date(ms).toISOString(),
  };
}

/** Last instant `toISOString` writes with a four-digit year, so every stored `ts` sorts as text. */
const MAX_TS_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function nameProblem(value: unknown, field: string, max: number, required: boolean): LabelProblem | undefined {
  if (typeof value !== 'string' || (required && value.trim() === '')) {
    return { field, message: `${field} must be a non-blank string, got ${describe(value)}` };
  }
  if (value.length > max) return { field, message: `${field} must be at most ${max} characters, got ${value.length}` };
  if (!isWellFormedText(value)) return { field, message: `${field} holds a lone UTF-16 surrogate` };
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 40)}…"` : JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
