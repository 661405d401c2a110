export { slackEscape, slackLink } from './message.js';
export {
  SLACK_REPLAY_WINDOW_SECONDS,
  type SlackSignatureProblem,
  type SlackSignedRequest,
  slackSignature,
  slackSignatureProblem,
} from './signature.js';
export { type SlackRequestVerification, verifiedSlackBody } from './verified-body.js';
export {
  type GateClosure,
  postToSlack,
  retryAfter,
  SLACK_BASE_BACKOFF_MS,
  SLACK_MAX_BACKOFF_MS,
  SLACK_MIN_ATTEMPT_MS,
  SLACK_TIMEOUT_MS,
  SlackGate,
  type SlackPostOptions,
  type SlackPostOutcome,
} from './webhook.js';
