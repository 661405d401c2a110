import { ProtocolError } from './errors.js';
import type { Reader } from './reader.js';
import type { Writer } from './writer.js';

// Request Header v1 => request_api_key request_api_version correlation_id client_id
// Request Header v2 => request_api_key request_api_version correlation_id client_id [TAG_BUFFER]
//   client_id => NULLABLE_STRING (int16 length, even in v2: KIP-482)
// Response Header v0 => correlation_id
// Response Header v1 => correlation_id [TAG_BUFFER]
// Request header v0 (no client_id) only served ControlledShutdown v0 and is not accepted.

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** Reads the fixed part every request shares; the caller decides on tagged fields once it knows the API. */
export function readRequestHeaderPrefix(r: Reader): RequestHeader {
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  const len = r.int16();
  if (len < -1) throw new ProtocolError(`bad client_id length ${len}`);
  const clientId = len === -1 ? null : r.utf8(len);
  return { apiKey, apiVersion, correlationId, clientId };
}

/** Skips the header's tagged fields (request header v2). */
export function skipTaggedFields(r: Reader): void {
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    r.uvarint();
    r.skip(r.uvarint());
  }
}

export function writeResponseHeader(w: Writer, correlationId: number, flexible: boolean): void {
  w.int32(correlationId);
  if (flexible) w.uvarint(0);
}
