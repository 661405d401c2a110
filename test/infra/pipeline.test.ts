import { describe, expect, it } from 'vitest';
import { pipeline } from '../../infra/pipeline.js';

describe('pipeline.ts', () => {
  it('gives every archive trigger an archive-sized batch: up to 10,000 records gathered for up to 60 s', () => {
    // Prepare
    const archiveTriggers = pipeline.triggers.filter((t) => t.function === 'archiver');

    // Assess
    expect(archiveTriggers.map((t) => t.topic).sort()).toEqual([
      'air-quality',
      'air-quality-checked',
      'feedback',
      'feedback-labels',
      'weather',
      'wiki-changes',
    ]);
    // Every topic is an event stream the archive keeps (DESIGN.md, "every topic").
    expect(archiveTriggers.map((t) => t.topic).sort()).toEqual(Object.keys(pipeline.topics).sort());
    for (const t of archiveTriggers) {
      expect([t.name, t.batchSize, t.batchingWindowMs]).toEqual([t.name, 10_000, 60_000]);
    }
    // A full window's batch is written well within the archiver's timeout (bench: ~27,600 records/s).
    expect(pipeline.functions.archiver?.timeoutSeconds).toBeGreaterThanOrEqual(30);
  });

  it('gives air-quality-checked the partitions of air-quality, since air-anomalies forwards each record on its source partition', () => {
    // Assess
    expect(pipeline.topics['air-quality-checked']?.partitions).toBe(pipeline.topics['air-quality']?.partitions);
    expect(pipeline.functions['air-anomalies']?.produces).toEqual(['air-quality-checked']);
    expect(pipeline.triggers.filter((t) => t.function === 'air-windows').map((t) => t.topic)).toEqual([
      'air-quality-checked',
      'weather',
    ]);
  });

  it('keeps the batching window short where people wait for the result', () => {
    // Prepare
    const others = pipeline.triggers.filter((t) => t.function !== 'archiver');

    // Assess
    expect(others.length).toBeGreaterThan(0);
    for (const t of others) expect(t.batchingWindowMs, t.name).toBeLessThanOrEqual(1_000);
  });
});
