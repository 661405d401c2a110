import type { Message } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/errors.js';
import { ApiVersionsRequest, ApiVersionsResponse } from '../protocol/messages/api-versions.js';
import type { ApiHandler, BrokerContext } from './types.js';

// ApiVersions Request (Version: 0-3) => [client_software_name client_software_version]
// ApiVersions Response (Version: 0-3) => error_code [api_keys] throttle_time_ms
//
// Implements: the advertised range of every API, minimum 0 for each (librdkafka
// turns features on by the advertised ranges). A request in a version we do not
// know is answered by the server with a v0 response carrying UNSUPPORTED_VERSION
// and the key list, so clients fall back (KIP-511).
// Skips: feature flags (SupportedFeatures/FinalizedFeatures stay empty).
export const apiVersions: ApiHandler = {
  apiKey: 18,
  name: 'ApiVersions',
  request: ApiVersionsRequest,
  response: ApiVersionsResponse,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx: BrokerContext): Message {
    return apiVersionsBody(ctx, ErrorCode.NONE);
  },
};

export function apiVersionsBody(ctx: BrokerContext, errorCode: number): Message {
  return {
    errorCode,
    apiKeys: ctx.apis.map((a) => ({ apiKey: a.apiKey, minVersion: a.minVersion, maxVersion: a.maxVersion })),
    throttleTimeMs: 0,
  };
}
