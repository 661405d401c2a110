/**
 * slack-events: the Slack Events API endpoint (`POST /v1/slack/events`, signature-verified,
 * no API Gateway auth) → channel messages as feedback on the `feedback` topic. See events.ts.
 */

import { apiHandler } from '../lib/http/index.js';
import { produce } from '../lib/kafka-producer/index.js';
import { handlerLogger } from '../lib/middleware/index.js';
import { getSecret } from '../lib/secrets/index.js';
import { slackEvents } from './events.js';

/** The function's name in infra/pipeline.ts. */
export const SLACK_EVENTS_FUNCTION = 'slack-events';
/** The secret holding the Slack app's signing secret (plain text). */
export const SLACK_SIGNING_SECRET = 'slack-signing-secret';

const logger = handlerLogger(SLACK_EVENTS_FUNCTION);

export const handler = apiHandler(
  slackEvents({ signingSecret: () => getSecret(SLACK_SIGNING_SECRET), produce, logger }),
  { functionName: SLACK_EVENTS_FUNCTION, logger },
);
