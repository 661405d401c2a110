import { afterEach, describe, expect, it, vi } from 'vitest';
import { handlerLogger, handlerMetrics } from '../../../../functions/lib/middleware/index.js';
import { ModelMetric, ModelStoreError, modelCheckReporter } from '../../../../functions/lib/model-store/index.js';
import { type CapturedOutput, captureStdout } from '../../helpers/stdout.js';

const PUBLISHED = { name: 'sentiment', uri: 's3://tandem-models/models/sentiment' };
const v1 = { version: '1.0.0' };
const v2 = { version: '1.1.0' };

describe('modelCheckReporter', () => {
  let output: CapturedOutput | undefined;

  afterEach(() => {
    output?.restore();
    vi.unstubAllEnvs();
  });

  it('logs a swap at INFO, a refusal and a failed check at WARN with the reason, and counts the three', () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    output = captureStdout();
    const metrics = handlerMetrics('feedback-scorer');
    const report = modelCheckReporter(PUBLISHED, { logger: handlerLogger('feedback-scorer'), metrics });

    // Act
    report({ outcome: 'unchanged', current: v1 });
    report({ outcome: 'rejected', current: v1, fingerprint: 'model-card.json="abc"', reason: new Error('bad card') });
    report({ outcome: 'failed', current: v1, error: new ModelStoreError('checking model "sentiment" failed') });
    report({ outcome: 'swapped', from: v1, to: v2 });
    metrics.publishStoredMetrics();

    // Assess
    expect(output.logs().map((line) => [line.level, line.message])).toEqual([
      ['WARN', 'published model refused; scoring goes on with the current one'],
      ['WARN', 'checking the published model failed; scoring goes on with the current one'],
      ['INFO', 'model swapped'],
    ]);
    const [refused, failed, swapped] = output.logs();
    expect(refused).toMatchObject({
      model: 'sentiment',
      uri: PUBLISHED.uri,
      version: '1.0.0',
      published: 'model-card.json="abc"',
      error: { name: 'Error', message: 'bad card' },
    });
    expect(failed).toMatchObject({ error: { name: 'ModelStoreError' } });
    expect(swapped).toMatchObject({ model: 'sentiment', from: '1.0.0', to: '1.1.0' });
    const [emf] = output.emf();
    expect(emf).toMatchObject({
      [ModelMetric.SWAPPED]: 1,
      [ModelMetric.REJECTED]: 1,
      [ModelMetric.CHECK_FAILED]: 1,
    });
  });
});
