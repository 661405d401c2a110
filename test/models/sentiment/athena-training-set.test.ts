import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AthenaQueryError } from '../../../functions/lib/athena/index.js';
import { readLabelledFeedbackWithAthena } from '../../../models/sentiment/train/athena-training-set.js';
import { readLabelledFeedback } from '../../../models/sentiment/train/training-set.js';
import { writeArchiveBatch } from './archive-fixture.js';
import { duckdbAthena } from './duckdb-athena.js';
import { slangArchive } from './labelled-domain.js';

const T0 = Date.UTC(2026, 10, 30, 9);

describe('sentiment training set on Athena (the same query text, Glue-table relations)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  const archive = async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'tandem-athena-'));
    dirs.push(root);
    const { feedback, labels } = slangArchive(T0);
    await writeArchiveBatch(root, 'feedback', feedback, T0);
    await writeArchiveBatch(root, 'feedback', feedback.slice(0, 40), T0 + 1);
    await writeArchiveBatch(root, 'feedback-labels', labels, T0 + 2);
    return root;
  };

  it('reads every page after polling to SUCCEEDED, giving the rows the DuckDB runner gives', async () => {
    // Prepare
    const root = await archive();
    const athena = duckdbAthena({ archiveRoot: root, pageSize: 50 });

    // Act
    const rows = await readLabelledFeedbackWithAthena({ athena: athena.client, database: 'archive_db', pollMs: 1 });

    // Assess
    expect(rows).toEqual(await readLabelledFeedback(root));
    expect(rows).toHaveLength(288);
    expect(athena.calls.polls).toBe(2);
    expect(athena.calls.pages).toBe(Math.ceil((288 + 1) / 50));
  });

  it('says why when the query fails', async () => {
    // Prepare
    const root = await archive();
    const athena = duckdbAthena({ archiveRoot: root, pageSize: 50, fail: 'HIVE_BAD_DATA: broken file' });

    // Act
    const reading = readLabelledFeedbackWithAthena({ athena: athena.client, database: 'archive_db', pollMs: 1 });

    // Assess
    await expect(reading).rejects.toThrow(AthenaQueryError);
    await expect(reading).rejects.toThrow(/FAILED: HIVE_BAD_DATA: broken file/);
  });
});
