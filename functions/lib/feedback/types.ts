/** The feedback record every entry point produces to the `feedback` topic and the scorer consumes. */
export interface Feedback {
  /** Stable id from the source (`slack-<event id>`, a tweet id, a form submission id); 1..200 characters. */
  id: string;
  /** Where the feedback came from (`slack`, `x`, `bluesky`, `twitter`, `web`, `http`, or any other name). */
  source: string;
  /** What the person wrote; 1..4000 characters (Unicode code points), not blank. */
  text: string;
  /** When it was written: ISO 8601 date-time with a time zone, as sent. */
  ts: string;
  /** Who wrote it (a Slack user id, a handle), when the source says. */
  author?: string;
  /** Where it was written (a Slack channel), when the source says. */
  channel?: string;
  /** Link to the original (http or https), when there is one. */
  url?: string;
}

/**
 * Sources the pipeline knows; others are accepted and stored with `sourceKnown: false`.
 * `x` and `bluesky` are what the social-media relays write; `twitter` stays for producers
 * that used the old name before the X relay existed.
 */
export const KNOWN_SOURCES = ['slack', 'twitter', 'x', 'bluesky', 'web', 'http'] as const;
export type KnownSource = (typeof KNOWN_SOURCES)[number];

/** A field that failed validation, and why. */
export interface FeedbackProblem {
  /** The field (`text`, `ts`, …), or `(body)` when the value is not an object at all. */
  field: string;
  /** What is wrong, for a person. */
  message: string;
}
