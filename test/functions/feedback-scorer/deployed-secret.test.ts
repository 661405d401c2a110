import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KafkaLambdaHandler } from '../../../functions/lib/middleware/index.js';
import type { RetryReport } from '../../../functions/notification-retrier/retry-due.js';
import { LOCAL_SLACK_HOOKS } from '../../../infra/local/secrets.js';
import { secretValueEnvName } from '../../../infra/pipeline/index.js';
import { pipeline } from '../../../infra/pipeline.js';
import { synthesize } from '../../infra/aws/helpers/synth.js';
import {
  type FeedbackServices,
  feedbackEvent,
  feedbackRecord,
  startFeedbackServices,
  useFunctionEnvironment,
} from '../helpers/feedback-services.js';
import { NEGATIVE_TEXTS, POSITIVE_TEXTS } from '../helpers/feedback-texts.js';
import { lambdaContext } from '../helpers/lambda-context.js';

type Retrier = (event: unknown, context: unknown) => Promise<RetryReport>;

/** The value `cdk deploy` creates the slack-webhooks secret with, read from the synthesized template. */
function deployedWebhooksValue(): string | undefined {
  const { template } = synthesize({}, { bundle: false });
  const description = pipeline.secrets['slack-webhooks']?.description;
  const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret')).map(
    (r) => r.Properties as { Description?: string; SecretString?: string },
  );
  return secrets.find((s) => s.Description === description)?.SecretString;
}

// The scorer and the retrier, real handlers against dynalite and the Slack sink, right after
// `cdk deploy`: the slack-webhooks secret still holds the value the stack created it with.
describe('feedback notifications with the secret as deployed, before anyone sets it', () => {
  let services: FeedbackServices;
  let scorer: KafkaLambdaHandler;
  let retrier: Retrier;
  let deployed: string | undefined;
  const retry = () => retrier({}, lambdaContext('notification-retrier'));
  const notifications = async () =>
    (await services.scan('notifications')).filter((n) => String(n.feedbackId).startsWith('deployed-'));
  const posts = () => [...services.posts('negative'), ...services.posts('positive')];

  beforeAll(async () => {
    deployed = deployedWebhooksValue();
    services = await startFeedbackServices();
    // Retry at once (no backoff) so the test need not wait; the protocol is the same.
    const overrides = {
      NOTIFICATION_RETRY_BASE_SECONDS: '0',
      SLACK_SEND_BUDGET_MS: '2000',
      [secretValueEnvName('slack-webhooks')]: deployed ?? '',
    };
    useFunctionEnvironment('feedback-scorer', services, overrides);
    useFunctionEnvironment('notification-retrier', services, overrides);
    ({ handler: scorer } = await import('../../../functions/feedback-scorer/handler.js'));
    ({ handler: retrier } = (await import('../../../functions/notification-retrier/handler.js')) as unknown as {
      handler: Retrier;
    });
  }, 120_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    await services.close();
  });

  it('scores the batch and keeps its notifications pending; the retrier runs clean; both post once the URLs are put', async () => {
    // Prepare
    const event = feedbackEvent([
      feedbackRecord(0, 10, { id: 'deployed-neg', source: 'web', text: NEGATIVE_TEXTS[0], ts: '2025-06-01T09:00:00Z' }),
      feedbackRecord(1, 11, { id: 'deployed-pos', source: 'web', text: POSITIVE_TEXTS[0], ts: '2025-06-01T09:00:00Z' }),
    ]);

    // Act
    const scored = await scorer(structuredClone(event), lambdaContext('feedback-scorer'));
    const rows = (await services.scan('feedback')).filter((r) => String(r.id).startsWith('deployed-'));
    const afterScoring = await notifications();
    const beforeSet = await retry();
    const stillPending = await notifications();
    vi.stubEnv(
      secretValueEnvName('slack-webhooks'),
      JSON.stringify({
        negative: `${services.sink.url}/services/${LOCAL_SLACK_HOOKS.negative}`,
        positive: `${services.sink.url}/services/${LOCAL_SLACK_HOOKS.positive}`,
      }),
    );
    const afterSet = await retry();

    // Assess
    expect(deployed, 'the template gives slack-webhooks a JSON placeholder').toBeDefined();
    expect(() => JSON.parse(deployed as string)).not.toThrow();
    expect(scored).toBeUndefined();
    expect(rows.map((r) => r.id).sort()).toEqual(['deployed-neg', 'deployed-pos']);
    expect(afterScoring.map((n) => [n.feedbackId, n.state]).sort()).toEqual([
      ['deployed-neg', 'pending'],
      ['deployed-pos', 'pending'],
    ]);
    for (const n of afterScoring) expect(n.lastError).toMatch(/has no "(negative|positive)" URL/);
    expect(beforeSet).toMatchObject({ due: 2, sent: 0, deferred: 2, failed: 0, errors: 0 });
    expect(stillPending.every((n) => n.state === 'pending')).toBe(true);
    expect(afterSet).toMatchObject({ due: 2, sent: 2, failed: 0, errors: 0 });
    expect((await notifications()).map((n) => n.state)).toEqual(['sent', 'sent']);
    expect(posts()).toHaveLength(2);
  });
});
