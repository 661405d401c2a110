/**
 * The one validator of feedback, shared by every entry point (HTTP ingest, Slack events) and
 * by the scorer, so what is accepted at the door is exactly what the scorer accepts.
 *
 * Rules: `id` a non-blank string of at most 200 characters; `source` a non-blank name of at
 * most 200 characters (any name: unknown sources are allowed, see `isKnownSource`); `text`
 * 1..4000 Unicode code points and not only white space; `ts` an ISO 8601 date-time with a
 * time zone (`2024-06-18T09:30:00Z`, `…+02:00`, fractions allowed) naming a real calendar
 * date; `author`, `channel` optional strings of at most 200 characters; `url` an optional
 * http(s) URL. `null` counts as absent for the optional fields. Other fields are ignored.
 */

import { parseRfc3339 } from '../time/index.js';
import { FeedbackValidationError } from './errors.js';
import { MAX_ID_CHARS, MAX_NAME_CHARS, MAX_TEXT_CHARS, MAX_URL_CHARS } from './limits.js';
import { type Feedback, type FeedbackProblem, KNOWN_SOURCES } from './types.js';

const known: ReadonlySet<string> = new Set(KNOWN_SOURCES);

/** Whether the pipeline knows the source (one of `KNOWN_SOURCES`). */
export function isKnownSource(source: string): boolean {
  return known.has(source);
}

/** The first problem of a would-be feedback document, or undefined when it is valid. */
export function feedbackProblem(value: unknown): FeedbackProblem | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { field: '(body)', message: `feedback must be a JSON object, got ${describe(value)}` };
  }
  const v = value as Record<string, unknown>;
  return (
    requiredName(v, 'id', MAX_ID_CHARS) ??
    requiredName(v, 'source', MAX_NAME_CHARS) ??
    textProblem(v.text) ??
    tsProblem(v.ts) ??
    optionalName(v, 'author', MAX_NAME_CHARS) ??
    optionalName(v, 'channel', MAX_NAME_CHARS) ??
    urlProblem(v.url)
  );
}

/** The feedback in `value`, with only the known fields; throws `FeedbackValidationError` naming the field. */
export function validateFeedback(value: unknown): Feedback {
  const problem = feedbackProblem(value);
  if (problem !== undefined) throw new FeedbackValidationError(problem);
  const v = value as Record<string, string | null | undefined>;
  return {
    id: v.id as string,
    source: v.source as string,
    text: v.text as string,
    ts: v.ts as string,
    ...(v.author == null ? {} : { author: v.author }),
    ...(v.channel == null ? {} : { channel: v.channel }),
    ...(v.url == null ? {} : { url: v.url }),
  };
}

/** Length in Unicode code points (a surrogate pair is one character, as a person counts it). */
export function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * Whether every UTF-16 surrogate in the text is paired. JSON escapes can carry lone ones
 * (`"\ud800"`), which no UTF-8 encoder can write faithfully; the relays refuse such text.
 */
export function isWellFormedText(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

function requiredName(v: Record<string, unknown>, field: string, max: number): FeedbackProblem | undefined {
  const value = v[field];
  if (typeof value !== 'string')
    return { field, message: `${field} is required and must be a string, got ${describe(value)}` };
  if (value.trim().length === 0) return { field, message: `${field} must not be blank` };
  if (value.length > max) return { field, message: `${field} must be at most ${max} characters, got ${value.length}` };
  return undefined;
}

function optionalName(v: Record<string, unknown>, field: string, max: number): FeedbackProblem | undefined {
  const value = v[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    return { field, message: `${field} must be a string when present, got ${describe(value)}` };
  if (value.length > max) return { field, message: `${field} must be at most ${max} characters, got ${value.length}` };
  return undefined;
}

function textProblem(text: unknown): FeedbackProblem | undefined {
  if (typeof text !== 'string') {
    return { field: 'text', message: `text is required and must be a string, got ${describe(text)}` };
  }
  const length = codePoints(text);
  if (length === 0 || length > MAX_TEXT_CHARS) {
    return { field: 'text', message: `text must be 1..${MAX_TEXT_CHARS} characters, got ${length}` };
  }
  if (text.trim().length === 0) return { field: 'text', message: 'text must not be only white space' };
  return undefined;
}

function tsProblem(ts: unknown): FeedbackProblem | undefined {
  if (typeof ts !== 'string') {
    return { field: 'ts', message: `ts is required and must be an ISO 8601 date-time string, got ${describe(ts)}` };
  }
  const bad = {
    field: 'ts',
    message: `ts must be an ISO 8601 date-time with a time zone, got ${JSON.stringify(ts.slice(0, 64))}`,
  };
  return parseRfc3339(ts) === undefined ? bad : undefined;
}

function urlProblem(url: unknown): FeedbackProblem | undefined {
  if (url === undefined || url === null) return undefined;
  if (typeof url !== 'string')
    return { field: 'url', message: `url must be a string when present, got ${describe(url)}` };
  if (url.length > MAX_URL_CHARS) {
    return { field: 'url', message: `url must be at most ${MAX_URL_CHARS} characters, got ${url.length}` };
  }
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return { field: 'url', message: 'url must be an absolute http or https URL' };
  }
  if (protocol !== 'http:' && protocol !== 'https:')
    return { field: 'url', message: 'url must be an absolute http or https URL' };
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
