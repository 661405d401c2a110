/**
 * label-ingest: labels for feedback → the `feedback-labels` topic, from
 * `POST /v1/feedback/{id}/label` (IAM or JWT auth on AWS) and from the "Right" / "Wrong"
 * buttons of Slack notifications (`POST /v1/slack/interactivity`, signature-verified, no API
 * Gateway auth). See label-route.ts and interactivity-route.ts for the answers.
 */

import { apiHandler } from '../lib/http/index.js';
import { produce } from '../lib/kafka-producer/index.js';
import { handlerLogger } from '../lib/middleware/index.js';
import { getSecret } from '../lib/secrets/index.js';
import { labelIngest } from './routes.js';

/** The function's name in infra/pipeline.ts. */
export const LABEL_INGEST_FUNCTION = 'label-ingest';
/** The secret holding the Slack app's signing secret (plain text), shared with slack-events. */
export const SLACK_SIGNING_SECRET = 'slack-signing-secret';

const logger = handlerLogger(LABEL_INGEST_FUNCTION);

export const handler = apiHandler(
  labelIngest({ signingSecret: () => getSecret(SLACK_SIGNING_SECRET), produce, logger }),
  { functionName: LABEL_INGEST_FUNCTION, logger },
);
