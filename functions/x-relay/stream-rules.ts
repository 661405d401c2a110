/**
 * The filtered stream's rules, kept in step with the queries declared in infra/pipeline.ts, as
 * documented at docs.x.com (x-api/stream/get-stream-rules, x-api/stream/update-stream-rules):
 *
 *   GET  <api>/2/tweets/search/stream/rules
 *     200 { data?: [{ id, value, tag? }…], meta: { sent, result_count } }
 *   POST <api>/2/tweets/search/stream/rules[?dry_run=true]
 *     { add: [{ value, tag }…] }   → { data?: [created rule…], meta: { sent, summary: { created,
 *                                     not_created, valid, invalid } }, errors?: [{ value, title, … }] }
 *     { delete: { ids: [id…] } }   → { meta: { sent, summary: { deleted, not_deleted } }, errors? }
 *   Authorization: Bearer <app-only token>; every answer carries the x-rate-limit-* headers.
 *
 * Rules belong to the App, not to the connection, and take effect on an open stream in about
 * 20 s. A run: lists the rules; adds each declared query no rule has as its value yet (tag
 * `RULE_TAG`), after a `dry_run` of the same request so that an invalid query fails the run
 * before anything changes; then deletes the rules tagged `RULE_TAG` whose value is no longer
 * declared. Rules with another tag are left alone. Deliberately skips `delete_all`.
 */

import { MAX_RESPONSE_BYTES, REQUEST_TIMEOUT_MS, RULE_TAG } from './config.js';
import { XApiRefusedError, XStreamRulesUnavailableError } from './errors.js';
import { isObject, isPostId, preview, readCapped } from './search-page.js';

/** A rule as X lists it. */
export interface StreamRule {
  /** Rule id (a decimal string). */
  id: string;
  /** The rule text (X search operators). */
  value: string;
  /** Free-form tag given when the rule was added. */
  tag?: string;
}

/** What a synchronisation did, and the rules the relay reads by. */
export interface RuleSync {
  /** Rule id → the declared query it is: posts matching only other rules are not relayed. */
  declared: Map<string, string>;
  added: number;
  deleted: number;
  /** Declared queries that already had their rule. */
  kept: number;
}

export interface RuleRequestOptions {
  apiUrl: string;
  token: string;
  userAgent: string;
  fetch?: typeof fetch;
}

/** Adds the declared queries that have no rule and deletes this relay's stale rules. */
export async function syncStreamRules(options: RuleRequestOptions, queries: readonly string[]): Promise<RuleSync> {
  const rules = await listRules(options);
  const byValue = new Map(rules.map((r) => [r.value, r]));
  const missing = queries.filter((q) => !byValue.has(q));
  const stale = rules.filter((r) => r.tag === RULE_TAG && !queries.includes(r.value));
  const declared = new Map<string, string>();
  for (const r of rules) if (queries.includes(r.value)) declared.set(r.id, r.value);
  if (missing.length > 0) {
    const add = { add: missing.map((value) => ({ value, tag: RULE_TAG })) };
    // A dry run first: an invalid query refuses the whole request before any rule changes.
    await postRules(options, add, true);
    const created = await postRules(options, add, false);
    for (const r of created) if (queries.includes(r.value)) declared.set(r.id, r.value);
  }
  if (stale.length > 0) await postRules(options, { delete: { ids: stale.map((r) => r.id) } }, false);
  return { declared, added: missing.length, deleted: stale.length, kept: queries.length - missing.length };
}

/** Every rule of the App. */
export async function listRules(options: RuleRequestOptions): Promise<StreamRule[]> {
  const body = await rulesRequest(options, 'GET');
  if (body.data !== undefined && !Array.isArray(body.data)) {
    throw new XStreamRulesUnavailableError('the rules answer has a `data` that is not an array');
  }
  return (body.data ?? []).flatMap((r: unknown) => (isRule(r) ? [r] : []));
}

/** Adds or deletes rules; the created rules (none for a dry run or a delete). */
async function postRules(
  options: RuleRequestOptions,
  body: { add: { value: string; tag: string }[] } | { delete: { ids: string[] } },
  dryRun: boolean,
): Promise<StreamRule[]> {
  const answer = await rulesRequest(options, 'POST', body, dryRun);
  const summary = isObject(answer.meta) && isObject(answer.meta.summary) ? answer.meta.summary : {};
  const errors = Array.isArray(answer.errors) ? answer.errors.filter(isObject) : [];
  const refused = Number(summary.invalid ?? 0) + Number(summary.not_created ?? 0) + Number(summary.not_deleted ?? 0);
  if (refused > 0 || ('add' in body && errors.length > 0)) {
    const why = errors
      .slice(0, 3)
      .map((e) => `${String(e.value ?? e.id ?? '')}: ${String(e.title ?? '')} ${String(e.details ?? e.detail ?? '')}`)
      .join('; ');
    throw new XApiRefusedError(
      400,
      `X refused the stream rules${dryRun ? ' (dry run)' : ''}: ${why || preview(Buffer.from(JSON.stringify(answer)))}`,
    );
  }
  return Array.isArray(answer.data) ? answer.data.filter(isRule) : [];
}

async function rulesRequest(
  options: RuleRequestOptions,
  method: 'GET' | 'POST',
  body?: unknown,
  dryRun = false,
): Promise<Record<string, unknown>> {
  const url = new URL(`${options.apiUrl}/2/tweets/search/stream/rules`);
  if (dryRun) url.searchParams.set('dry_run', 'true');
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        'user-agent': options.userAgent,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new XStreamRulesUnavailableError(`${method} stream rules failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let bytes: Buffer;
  try {
    bytes = await readCapped(response, MAX_RESPONSE_BYTES);
  } catch (error) {
    throw new XStreamRulesUnavailableError((error as Error).message, { cause: error });
  }
  const status = response.status;
  if (status === 401 || status === 403) {
    throw new XApiRefusedError(
      status,
      `X refused the bearer token for stream rules: HTTP ${status}: ${preview(bytes)}`,
    );
  }
  if (status === 400) throw new XApiRefusedError(status, `X refused the stream rules: ${preview(bytes)}`);
  if (status !== 200 && status !== 201) {
    throw new XStreamRulesUnavailableError(`${method} stream rules answered HTTP ${status}: ${preview(bytes)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new XStreamRulesUnavailableError(`the rules answer is not UTF-8 JSON: ${preview(bytes)}`);
  }
  if (!isObject(json)) throw new XStreamRulesUnavailableError('the rules answer is not a JSON object');
  return json;
}

function isRule(r: unknown): r is StreamRule {
  return (
    isObject(r) && isPostId(r.id) && typeof r.value === 'string' && (r.tag === undefined || typeof r.tag === 'string')
  );
}
