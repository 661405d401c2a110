import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError, header, requestBody } from '../http/index.js';
import { slackSignatureProblem } from './signature.js';

export interface SlackRequestVerification {
  /** The app's signing secret. */
  signingSecret: () => Promise<string>;
  /** Where a refused request is logged, at warn with its source IP. */
  logger: Logger;
  /** Clock of the replay window (default Date.now). */
  now?: (() => number) | undefined;
}

/**
 * The body of a request Slack signed (Events API, interactivity: the same scheme), read with
 * `maxBytes` as its cap; a request whose signature or timestamp does not verify is logged and
 * answered 401 before anything of its body is parsed.
 */
export async function verifiedSlackBody(
  event: APIGatewayProxyEventV2,
  maxBytes: number,
  options: SlackRequestVerification,
): Promise<Buffer> {
  const body = requestBody(event, maxBytes);
  const problem = slackSignatureProblem(
    {
      body,
      timestamp: header(event, 'x-slack-request-timestamp'),
      signature: header(event, 'x-slack-signature'),
    },
    await options.signingSecret(),
    (options.now ?? Date.now)(),
  );
  if (problem !== undefined) {
    options.logger.warn('Slack request refused', { problem, sourceIp: event.requestContext?.http?.sourceIp });
    throw new HttpError(401, 'invalid_signature', 'request signature could not be verified');
  }
  return body;
}
