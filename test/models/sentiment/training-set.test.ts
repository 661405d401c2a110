import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLabelledFeedback } from '../../../models/sentiment/train/training-set.js';
import { TRAINING_SET_SQL } from '../../../models/sentiment/train/training-set-sql.js';
import { feedbackValue, labelValue, writeArchiveBatch } from './archive-fixture.js';

const T0 = Date.UTC(2026, 10, 30, 9);
const MINUTE = 60_000;

describe('sentiment training set (the SQL on DuckDB over an archive the archiver wrote)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  const archive = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tandem-training-set-'));
    dirs.push(dir);
    return dir;
  };

  it('joins each feedback with its latest label, once, through retried batches and relabels', async () => {
    // Prepare
    const root = await archive();
    const feedback = [
      { partition: 0, offset: 0, timestamp: T0, key: 'f1', value: feedbackValue('f1', 'love the new dashboard', T0) },
      { partition: 0, offset: 1, timestamp: T0 + 1, key: 'f2', value: feedbackValue('f2', 'the export is broken', T0) },
      { partition: 1, offset: 0, timestamp: T0 + 2, key: 'f3', value: feedbackValue('f3', 'never labelled', T0) },
      // A client retried its POST: the same feedback id at a later offset.
      {
        partition: 0,
        offset: 2,
        timestamp: T0 + 3,
        key: 'f1',
        value: feedbackValue('f1', 'love the new dashboard', T0),
      },
      // Written the next day: another dt= partition.
      {
        partition: 1,
        offset: 1,
        timestamp: T0 + 86_400_000,
        key: 'f4',
        value: feedbackValue('f4', 'support was quick', T0),
      },
    ];
    await writeArchiveBatch(root, 'feedback', feedback, T0 + 10);
    // Lambda bisected a batch and retried half of it: the same rows under another key.
    await writeArchiveBatch(root, 'feedback', feedback.slice(0, 2), T0 + 20);
    const labels = [
      { partition: 0, offset: 0, timestamp: T0 + MINUTE, key: 'f1', value: labelValue('f1', 'negative', T0 + MINUTE) },
      // f1 relabelled later: the latest label wins.
      {
        partition: 0,
        offset: 1,
        timestamp: T0 + 3 * MINUTE,
        key: 'f1',
        value: labelValue('f1', 'positive', T0 + 3 * MINUTE),
      },
      {
        partition: 1,
        offset: 0,
        timestamp: T0 + 2 * MINUTE,
        key: 'f2',
        value: labelValue('f2', 'negative', T0 + 2 * MINUTE),
      },
      // An older label for f2 arriving later on another partition: ts decides, not arrival.
      { partition: 0, offset: 2, timestamp: T0 + 4 * MINUTE, key: 'f2', value: labelValue('f2', 'positive', T0) },
      {
        partition: 1,
        offset: 1,
        timestamp: T0 + 5 * MINUTE,
        key: 'f4',
        value: labelValue('f4', 'positive', T0 + 5 * MINUTE),
      },
      // A label for feedback not (yet) archived, and one with an unknown label value.
      { partition: 1, offset: 2, timestamp: T0 + 6 * MINUTE, key: 'f9', value: labelValue('f9', 'positive', T0) },
      {
        partition: 1,
        offset: 3,
        timestamp: T0 + 7 * MINUTE,
        key: 'f4',
        value: { ...labelValue('f4', 'positive', T0 + 9 * MINUTE), label: 'meh' },
      },
    ];
    await writeArchiveBatch(root, 'feedback-labels', labels, T0 + 30);
    await writeArchiveBatch(root, 'feedback-labels', labels.slice(0, 3), T0 + 40);

    // Act
    const rows = await readLabelledFeedback(root);

    // Assess
    expect(rows).toEqual([
      {
        feedbackId: 'f2',
        text: 'the export is broken',
        label: 0,
        labelledAt: new Date(T0 + 2 * MINUTE).toISOString(),
      },
      {
        feedbackId: 'f1',
        text: 'love the new dashboard',
        label: 1,
        labelledAt: new Date(T0 + 3 * MINUTE).toISOString(),
      },
      { feedbackId: 'f4', text: 'support was quick', label: 1, labelledAt: new Date(T0 + 5 * MINUTE).toISOString() },
    ]);
  });

  it('reads texts with quotes, backslashes and non-ASCII as they were written', async () => {
    // Prepare
    const root = await archive();
    const text = 'it\'s "great" \\o/ — très bien ✓';
    await writeArchiveBatch(
      root,
      'feedback',
      [{ partition: 0, offset: 0, timestamp: T0, key: 'q', value: feedbackValue('q', text, T0) }],
      T0,
    );
    await writeArchiveBatch(
      root,
      'feedback-labels',
      [{ partition: 0, offset: 0, timestamp: T0, key: 'q', value: labelValue('q', 'positive', T0) }],
      T0,
    );

    // Act
    const rows = await readLabelledFeedback(root);

    // Assess
    expect(rows.map((r) => r.text)).toEqual([text]);
  });

  it('is empty when nothing was labelled yet', async () => {
    // Prepare
    const root = await archive();
    await writeArchiveBatch(
      root,
      'feedback',
      [{ partition: 0, offset: 0, timestamp: T0, key: 'a', value: feedbackValue('a', 'fine', T0) }],
      T0,
    );

    // Act
    const rows = await readLabelledFeedback(root);

    // Assess
    expect(rows).toEqual([]);
  });

  it('keeps to the subset Athena shares: no QUALIFY, :: casts or DuckDB-only functions', () => {
    // Assess
    for (const construct of [
      /\bQUALIFY\b/i,
      /::/,
      /\bjson_extract_string\b/,
      /\barg_max\b/i,
      /\bDISTINCT ON\b/i,
      /->>/,
    ]) {
      expect(TRAINING_SET_SQL).not.toMatch(construct);
    }
  });
});
