/**
 * The sentiment model's labelled feedback as one SQL query over the archive (issue 13, item 3):
 * feedback records joined with the latest label given to each, one row per feedback id. The
 * same text runs on DuckDB over a local copy of the archive (training-set.ts) and on Athena
 * over the Glue table (athena-training-set.ts); only the two relations differ, and each
 * runner substitutes its own:
 *
 *   {{feedback}}  the archive rows of topic `feedback`          (columns of functions/lib/parquet)
 *   {{labels}}    the archive rows of topic `feedback-labels`
 *
 * The archive can hold a record twice (a bisected Lambda retry, or a compaction between its
 * merge and its deletes), so rows are first deduplicated on (partition, offset), as the
 * archive's distinct view does. A feedback id produced twice (a client retrying a POST) is one
 * feedback: the earliest copy is kept. A feedback can be labelled many times; the latest label
 * counts (by its `ts`, ISO 8601 text that sorts as time, then its topic position), as the
 * query API shows it.
 *
 * Kept to the subset DuckDB and Athena (Trino) share, and what was avoided:
 * - no `QUALIFY` (Trino lacks it): `row_number()` in a subquery, filtered outside;
 * - no `::` casts, `DISTINCT ON`, `arg_max`/`max_by`, list or struct functions, `EXCLUDE`;
 * - JSON through `json_extract_string`? No: Trino has `json_extract_scalar`, DuckDB
 *   `json_extract_string`; both have SQL:2016 `json_extract_scalar(text, '$.field')`, which returns the
 *   scalar as text in both (null when the path is missing), so that is the one used;
 * - no `ILIKE`, no double-quoted string literals; identifiers that are keywords in either
 *   dialect (`partition`, `offset`, `timestamp`, `key`, `value`) are double-quoted.
 */

/** One labelled feedback, as the query returns it. */
export interface LabelledFeedback {
  /** The feedback's id (`Feedback.id`). */
  feedbackId: string;
  /** What the person wrote. */
  text: string;
  /** 1 positive, 0 negative: the latest label given to it. */
  label: 0 | 1;
  /** When that label was given (ISO 8601 UTC): the time the holdout is cut on. */
  labelledAt: string;
}

/** The query, with `{{feedback}}` and `{{labels}}` to substitute (see `trainingSetQuery`). */
export const TRAINING_SET_SQL = `
WITH feedback_rows AS (
  SELECT "partition", "offset", "value",
         row_number() OVER (PARTITION BY "partition", "offset" ORDER BY ingest_time) AS copy
  FROM {{feedback}}
),
feedback AS (
  SELECT json_extract_scalar("value", '$.id') AS feedback_id,
         json_extract_scalar("value", '$.text') AS text,
         row_number() OVER (
           PARTITION BY json_extract_scalar("value", '$.id') ORDER BY "partition", "offset"
         ) AS seen
  FROM feedback_rows
  WHERE copy = 1
),
label_rows AS (
  SELECT "partition", "offset", "value",
         row_number() OVER (PARTITION BY "partition", "offset" ORDER BY ingest_time) AS copy
  FROM {{labels}}
),
labels AS (
  SELECT json_extract_scalar("value", '$.feedbackId') AS feedback_id,
         json_extract_scalar("value", '$.label') AS label,
         json_extract_scalar("value", '$.ts') AS labelled_at,
         row_number() OVER (
           PARTITION BY json_extract_scalar("value", '$.feedbackId')
           ORDER BY json_extract_scalar("value", '$.ts') DESC, "partition" DESC, "offset" DESC
         ) AS latest
  FROM label_rows
  WHERE copy = 1
    AND json_extract_scalar("value", '$.label') IN ('positive', 'negative')
    AND json_extract_scalar("value", '$.ts') IS NOT NULL
)
SELECT feedback.feedback_id AS feedback_id,
       feedback.text AS text,
       CASE WHEN labels.label = 'positive' THEN 1 ELSE 0 END AS label,
       labels.labelled_at AS labelled_at
FROM feedback
JOIN labels ON labels.feedback_id = feedback.feedback_id
WHERE feedback.seen = 1
  AND labels.latest = 1
  AND feedback.text IS NOT NULL
ORDER BY labels.labelled_at, feedback.feedback_id
`;

/** What DuckDB runs before the query, so the query's one Athena-only function exists there too. */
export const DUCKDB_PRELUDE =
  'CREATE OR REPLACE MACRO json_extract_scalar(document, json_path) AS json_extract_string(document, json_path)';

/** The query over the two relations (a table name, or a parenthesised subquery or table function). */
export function trainingSetQuery(relations: { feedback: string; labels: string }): string {
  return TRAINING_SET_SQL.replaceAll('{{feedback}}', relations.feedback).replaceAll('{{labels}}', relations.labels);
}
