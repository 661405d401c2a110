/**
 * The CloudFormation custom resource protocol: every request, Create, Update or Delete,
 * must be answered by a PUT of a JSON document to the pre-signed `ResponseURL`, or the
 * stack waits until the resource's ServiceTimeout. The body is limited to 4 KB, so the
 * reason is cut.
 */

import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';

export type Fetch = (
  url: string,
  init: { method: 'PUT'; headers: Record<string, string>; body: string },
) => Promise<{
  ok: boolean;
  status: number;
}>;

/** What a resource handler returns on success. */
export interface ResourceResult {
  physicalResourceId: string;
  data?: Record<string, string | number>;
}

const MAX_REASON = 1000;

export function responseBody(
  event: CloudFormationCustomResourceEvent,
  outcome: { ok: true; result: ResourceResult } | { ok: false; error: unknown; physicalResourceId: string },
  logStreamName: string,
): CloudFormationCustomResourceResponse {
  const common = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
  if (outcome.ok) {
    return {
      ...common,
      Status: 'SUCCESS',
      PhysicalResourceId: outcome.result.physicalResourceId,
      ...(outcome.result.data ? { Data: outcome.result.data } : {}),
    };
  }
  const message =
    outcome.error instanceof Error ? `${outcome.error.name}: ${outcome.error.message}` : String(outcome.error);
  return {
    ...common,
    Status: 'FAILED',
    PhysicalResourceId: outcome.physicalResourceId,
    Reason: `${message} (log stream ${logStreamName})`.slice(0, MAX_REASON),
  };
}

export async function sendResponse(
  url: string,
  body: CloudFormationCustomResourceResponse,
  fetchImpl: Fetch = fetch,
): Promise<void> {
  const json = JSON.stringify(body);
  // An empty Content-Type is what the pre-signed URL was signed for.
  const res = await fetchImpl(url, {
    method: 'PUT',
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(json)) },
    body: json,
  });
  if (!res.ok) throw new Error(`CloudFormation response PUT failed with HTTP ${res.status}`);
}
