/**
 * One line of the filtered stream → what it is. Pure. The documented kinds
 * (docs.x.com, x-api/posts/filtered-stream/integrate/consuming-streaming-data and
 * matching-returned-tweets):
 *
 *   (empty line)                                   keep-alive, at least every 20 s (`\r\n`)
 *   { data: {post}, includes?: { users? }, matching_rules: [{ id, tag? }…], errors? }
 *   { errors: [{ title, detail, type, disconnect_type? }…] }      system message, e.g.
 *       title "operational-disconnect" (X closes the connection after it)
 *
 * X warns that fields come in any order, that duplicates happen, and that new message types
 * may appear at any time: an object of no known kind is `ignored`, not dead-lettered. A line
 * that is not UTF-8 JSON is `undecodable`.
 */

import { isHandle, isObject } from './search-page.js';

export type StreamMessage =
  | {
      kind: 'post';
      /** The post, unchecked (post.ts checks it as search mode does). */
      post: unknown;
      usernames: Map<string, string>;
      /** Ids of the rules it matched. */
      ruleIds: string[];
    }
  | { kind: 'system'; title: string; detail: string; disconnect: boolean }
  | { kind: 'ignored'; keys: string[] }
  | { kind: 'undecodable'; problem: string };

export function streamMessage(line: Buffer): StreamMessage {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(line));
  } catch (error) {
    return { kind: 'undecodable', problem: `not UTF-8 JSON: ${(error as Error).message.slice(0, 200)}` };
  }
  if (!isObject(json)) return { kind: 'undecodable', problem: 'not a JSON object' };
  if (json.data !== undefined) {
    const usernames = new Map<string, string>();
    const users = isObject(json.includes) && Array.isArray(json.includes.users) ? json.includes.users : [];
    for (const user of users) {
      if (
        isObject(user) &&
        typeof user.id === 'string' &&
        typeof user.username === 'string' &&
        isHandle(user.username)
      ) {
        usernames.set(user.id, user.username);
      }
    }
    const rules = Array.isArray(json.matching_rules) ? json.matching_rules : [];
    const ruleIds = rules.flatMap((r) => (isObject(r) && typeof r.id === 'string' ? [r.id] : []));
    return { kind: 'post', post: json.data, usernames, ruleIds };
  }
  if (Array.isArray(json.errors) && json.errors.length > 0) {
    const first = isObject(json.errors[0]) ? json.errors[0] : {};
    const title = String(first.title ?? '').slice(0, 200);
    return {
      kind: 'system',
      title,
      detail: String(first.detail ?? '').slice(0, 500),
      disconnect: title === 'operational-disconnect' || typeof first.disconnect_type === 'string',
    };
  }
  return { kind: 'ignored', keys: Object.keys(json).slice(0, 10) };
}
