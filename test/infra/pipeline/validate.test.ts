import { describe, expect, it } from 'vitest';
import { InvalidPipelineError, type PipelineSpec, validatePipeline } from '../../../infra/pipeline/index.js';
import { pipeline } from '../../../infra/pipeline.js';

describe('pipeline declaration', () => {
  it('loads the shipped pipeline: every trigger names a declared function, topic and bucket', () => {
    // Assess
    expect(Object.keys(pipeline.topics).length).toBeGreaterThan(0);
    for (const t of pipeline.triggers) {
      expect(pipeline.functions[t.function]).toBeDefined();
      expect(pipeline.topics[t.topic]).toBeDefined();
      if (t.onFailure) expect(pipeline.buckets[t.onFailure.bucket]).toBeDefined();
    }
    // Every topic is archived: the archive is the history retraining reads.
    expect(new Set(pipeline.triggers.filter((t) => t.function === 'archiver').map((t) => t.topic))).toEqual(
      new Set(Object.keys(pipeline.topics)),
    );
  });

  it('reports every problem at once, each with its path', () => {
    // Prepare
    const bad = structuredClone(pipeline) as PipelineSpec;
    const first = bad.triggers[0] as PipelineSpec['triggers'][number];
    first.batchSize = 20_000;
    first.topic = 'nope';
    first.filterCriteria = { Filters: [{ Pattern: '{"value": {"x": [{"numeric": ["~", 1]}]}}' }] };
    bad.triggers.push({ ...first, batchSize: 10 });
    bad.functions.archiver = { ...(bad.functions.archiver as PipelineSpec['functions'][string]), timeoutSeconds: 901 };
    bad.schedules.push({ name: 's', function: 'ghost', expression: 'every day' });
    const s = bad.schedules.length - 1;
    bad.api.push({ route: 'POST /v1/open', function: 'archiver', auth: 'none' });
    const r = bad.api.length - 1;
    // Act
    let error: unknown;
    try {
      validatePipeline(bad);
    } catch (err) {
      error = err;
    }
    // Assess
    expect(error).toBeInstanceOf(InvalidPipelineError);
    const problems = (error as InvalidPipelineError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^triggers\[0\] \(archive-feedback\)\.batchSize must be an integer 1\.\.10000$/),
        expect.stringMatching(/^triggers\[0\] \(archive-feedback\)\.topic: unknown topic "nope"$/),
        expect.stringMatching(/^triggers\[0\] \(archive-feedback\)\.filterCriteria: .*numeric/),
        expect.stringMatching(/duplicate trigger name$/),
        'functions.archiver.timeoutSeconds must be an integer 1..900',
        `schedules[${s}] (s).function: unknown function "ghost"`,
        `schedules[${s}] (s).expression must be rate(N unit) or cron(6 fields)`,
        `api[${r}] (POST /v1/open).auth "none" is only for signature-verified webhooks: the function must read its signing secret`,
      ]),
    );
  });

  it('refuses a retrainer binding to an undeclared model, Athena without the archive, and shipped files outside the repo', () => {
    // Prepare
    const bad = structuredClone(pipeline) as PipelineSpec;
    const retrainer = bad.functions.retrainer as PipelineSpec['functions'][string];
    retrainer.publishes = ['sentiment', 'weather-model'];
    retrainer.files = ['models/sentiment/eval/feedback-holdout.tsv', '../secrets.txt', '/etc/passwd'];
    delete (bad.buckets as Record<string, unknown>).archive;

    // Act
    let error: unknown;
    try {
      validatePipeline(bad);
    } catch (err) {
      error = err;
    }

    // Assess
    expect(error).toBeInstanceOf(InvalidPipelineError);
    const problems = (error as InvalidPipelineError).problems.filter((p) => p.startsWith('functions.retrainer'));
    expect(problems.sort()).toEqual(
      [
        'functions.retrainer.publishes: unknown model "weather-model"',
        'functions.retrainer.queriesArchive needs the "archive" bucket',
        'functions.retrainer.files: "../secrets.txt" must be a path inside the repo',
        'functions.retrainer.files: "/etc/passwd" must be a path inside the repo',
      ].sort(),
    );
  });

  it('refuses a secret placeholder Secrets Manager would not take', () => {
    // Prepare
    const empty = structuredClone(pipeline) as PipelineSpec;
    empty.secrets['slack-webhooks']!.placeholder = '';
    const huge = structuredClone(pipeline) as PipelineSpec;
    huge.secrets['slack-webhooks']!.placeholder = 'é'.repeat(40_000);

    // Act
    const problems = [empty, huge].map((spec) => {
      try {
        validatePipeline(spec);
        return [];
      } catch (err) {
        return (err as InvalidPipelineError).problems;
      }
    });

    // Assess
    for (const p of problems)
      expect(p).toEqual(['secrets.slack-webhooks.placeholder must be a string of 1 to 65,536 bytes']);
  });

  it('accepts archive partitions that are Hive column names and refuses the rest', () => {
    // Prepare
    const bad = structuredClone(pipeline) as PipelineSpec;
    bad.topics.feedback!.archivePartitionBy = ['Source', 'value', 'dt', 'lang', 'lang'];
    bad.topics.weather!.archivePartitionBy = ['station.id', 'a', 'b', 'c'];

    // Act
    let error: unknown;
    try {
      validatePipeline(bad);
    } catch (err) {
      error = err;
    }

    // Assess
    expect(pipeline.topics['wiki-changes']!.archivePartitionBy).toEqual(['server_name']);
    expect((error as InvalidPipelineError).problems).toEqual([
      'topics.feedback.archivePartitionBy: at most 3 fields',
      'topics.feedback.archivePartitionBy: a field is listed twice',
      'topics.feedback.archivePartitionBy: "Source" is not a Hive column name (lower case, digits, underscores)',
      'topics.feedback.archivePartitionBy: "value" is already an archive column',
      'topics.feedback.archivePartitionBy: "dt" is already an archive column',
      'topics.weather.archivePartitionBy: at most 3 fields',
      'topics.weather.archivePartitionBy: "station.id" is not a Hive column name (lower case, digits, underscores)',
    ]);
  });

  it('keeps the variables bindings set out of a function’s environment, and leaves it its own MODEL_ settings', () => {
    // Prepare
    const bad = structuredClone(pipeline) as PipelineSpec;
    const scorer = bad.functions['feedback-scorer']!;
    scorer.environment = { ...scorer.environment, MODEL_SENTIMENT_URI: '/tmp/model', TABLE_FEEDBACK: 'mine' };

    // Act
    let error: unknown;
    try {
      validatePipeline(bad);
    } catch (err) {
      error = err;
    }

    // Assess
    expect(pipeline.functions['feedback-scorer']!.environment!.MODEL_CHECK_SECONDS).toBe('60');
    expect((error as InvalidPipelineError).problems).toEqual([
      'functions.feedback-scorer.environment.MODEL_SENTIMENT_URI: reserved prefix (set by bindings)',
      'functions.feedback-scorer.environment.TABLE_FEEDBACK: reserved prefix (set by bindings)',
    ]);
  });
});
