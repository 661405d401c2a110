import { describe, expect, it } from 'vitest';
import {
  type AthenaQueryClient,
  AthenaQueryError,
  archiveTopicRelation,
  runAthenaQuery,
} from '../../../../functions/lib/athena/index.js';

type Page = { Data?: { VarCharValue?: string }[] }[];

/** A scripted Athena: the states its polls answer in turn, then the result pages (no AWS here, so a stand-in). */
function scripted(states: string[], pages: Page[], reason?: string) {
  const calls = { started: [] as unknown[], polls: 0, pages: [] as (string | undefined)[] };
  const client: AthenaQueryClient = {
    async startQueryExecution(input) {
      calls.started.push(input);
      return { QueryExecutionId: 'q-1' };
    },
    async getQueryExecution() {
      const State = states[Math.min(calls.polls, states.length - 1)];
      calls.polls += 1;
      return { QueryExecution: { Status: { State, ...(reason ? { StateChangeReason: reason } : {}) } } };
    },
    async getQueryResults(input) {
      calls.pages.push(input.NextToken);
      const index = input.NextToken === undefined ? 0 : Number(input.NextToken);
      return {
        ResultSet: { Rows: pages[index] ?? [] },
        ...(index + 1 < pages.length ? { NextToken: String(index + 1) } : {}),
      };
    },
  };
  return { client, calls };
}

const row = (...cells: (string | undefined)[]) => ({
  Data: cells.map((c) => (c === undefined ? {} : { VarCharValue: c })),
});

describe('runAthenaQuery', () => {
  it('polls until the query succeeds, then reads every page by the first row’s column names, NULL as null', async () => {
    // Prepare
    const { client, calls } = scripted(
      ['QUEUED', 'RUNNING', 'SUCCEEDED'],
      [[row('location', 'pm10'), row('berlin', '21.5')], [row('munich', undefined)]],
    );

    // Act
    const rows = await runAthenaQuery({
      athena: client,
      query: 'SELECT 1',
      database: 'db',
      workGroup: 'wg',
      pollMs: 1,
    });

    // Assess
    expect(rows).toEqual([
      { location: 'berlin', pm10: '21.5' },
      { location: 'munich', pm10: null },
    ]);
    expect(calls.polls).toBe(3);
    expect(calls.pages).toEqual([undefined, '1']);
    expect(calls.started).toEqual([
      { QueryString: 'SELECT 1', QueryExecutionContext: { Database: 'db' }, WorkGroup: 'wg' },
    ]);
  });

  it('fails with Athena’s reason when the query fails, and at its deadline when it never ends', async () => {
    // Prepare
    const failed = scripted(['RUNNING', 'FAILED'], [], 'COLUMN_NOT_FOUND: line 1:8');
    const stuck = scripted(['RUNNING'], []);

    // Act
    const failing = runAthenaQuery({ athena: failed.client, query: 'q', database: 'db', pollMs: 1 });
    const hanging = runAthenaQuery({ athena: stuck.client, query: 'q', database: 'db', pollMs: 5, timeoutMs: 20 });

    // Assess
    await expect(failing).rejects.toThrow(new AthenaQueryError('Athena query q-1 FAILED: COLUMN_NOT_FOUND: line 1:8'));
    await expect(hanging).rejects.toThrow(/^Athena query q-1 still RUNNING at the deadline$/);
    expect(failed.calls.pages).toEqual([]);
  });

  it('quotes a topic relation so a name cannot end the string or the identifier', () => {
    expect(archiveTopicRelation('my"db', 'raw_events', "o'topic")).toBe(
      `(SELECT * FROM "my""db"."raw_events" WHERE topic = 'o''topic')`,
    );
  });
});
