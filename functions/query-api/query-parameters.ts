/**
 * The query string of an HTTP API v2 event, read strictly: a parameter a route reads may appear
 * once, and each reader below answers a bad value with a 400 naming the parameter. Parameters
 * no route reads are ignored.
 *
 * API Gateway joins a repeated parameter's values with commas in `queryStringParameters`, which
 * cannot be told from one value holding a comma, so repeats are found in `rawQueryString`.
 * Hand-built events without one fall back to `queryStringParameters`.
 */

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadParameterError } from './errors.js';
import { parseInstant } from './instant.js';

export interface QueryParameters {
  /** The parameter's value, undefined when absent; throws `BadParameterError` when it is repeated. */
  get(name: string): string | undefined;
}

export function queryParameters(
  event: Pick<APIGatewayProxyEventV2, 'rawQueryString' | 'queryStringParameters'>,
): QueryParameters {
  const values = new Map<string, string[]>();
  if (event.rawQueryString) {
    for (const [name, value] of new URLSearchParams(event.rawQueryString)) {
      values.set(name, [...(values.get(name) ?? []), value]);
    }
  } else {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
      if (value !== undefined) values.set(name, [value]);
    }
  }
  return {
    get(name) {
      const all = values.get(name);
      if (all === undefined) return undefined;
      if (all.length > 1) throw new BadParameterError(name, `${name} must be given once, got ${all.length} values`);
      return all[0];
    },
  };
}

/** An instant parameter in epoch ms (RFC 3339 with a time zone), or undefined when absent. */
export function instantParameter(params: QueryParameters, name: string): number | undefined {
  const text = params.get(name);
  if (text === undefined) return undefined;
  const ms = parseInstant(text);
  if (ms === undefined) {
    // A "+" left unencoded in a query string arrives as a space.
    throw new BadParameterError(
      name,
      `${name} must be an ISO 8601 date-time with a time zone (a "+" offset encoded as %2B), got ${quote(text)}`,
    );
  }
  return ms;
}

/** An integer parameter in `min..max`, `fallback` when absent. */
export function integerParameter(
  params: QueryParameters,
  name: string,
  range: { min: number; max: number; fallback: number },
): number {
  const text = params.get(name);
  if (text === undefined) return range.fallback;
  const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= range.min && n <= range.max)) {
    throw new BadParameterError(name, `${name} must be an integer ${range.min}..${range.max}, got ${quote(text)}`);
  }
  return n;
}

/** A parameter that must be one of `allowed`; undefined when absent. */
export function choiceParameter<T extends string>(
  params: QueryParameters,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const text = params.get(name);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new BadParameterError(name, `${name} must be one of ${allowed.join(', ')}, got ${quote(text)}`);
  }
  return text as T;
}

/** A value quoted for an error message, cut short: it is the client's, not ours. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}
