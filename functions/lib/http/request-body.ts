/**
 * The raw body of an HTTP API v2 event. API Gateway hands a text body over as is and any other
 * body base64-encoded (`isBase64Encoded`); the bytes here are what the client sent, which is
 * what a signature is computed over.
 */

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body bytes; throws `HttpError` 413 over `maxBytes`. */
export function requestBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>, maxBytes: number): Buffer {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new HttpError(
      413,
      'payload_too_large',
      `request body is ${bytes.byteLength} bytes, over the limit of ${maxBytes}`,
    );
  }
  return bytes;
}

/** The body parsed as UTF-8 JSON; throws `HttpError` 400 when it is not. */
export function jsonBody(bytes: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    throw new HttpError(400, 'invalid_body', 'request body is not valid UTF-8', { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `request body is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** A header of the event (API Gateway lower-cases names and joins repeated ones with commas). */
export function header(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  return event.headers?.[name.toLowerCase()];
}
