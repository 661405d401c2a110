import { airQualityReplay, type Replay, weatherReplay } from './air-demo.js';
import { INVALID_UTF8 } from './malformed.js';
import { prng } from './prng.js';
import { wikiChange } from './wiki-changes.js';

export { prng } from './prng.js';

/**
 * Demo record generators for `npm start`, one per topic generator name in
 * `pipeline.ts`. Deterministic for a given sequence number (a seeded PRNG), and
 * each sends a small share of malformed records so the dead-letter path is
 * visibly exercised.
 */
export interface DemoRecord {
  key: string | null;
  value: Buffer;
  headers?: Map<string, string>;
}

export type Generator = (seq: number) => DemoRecord;

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

/**
 * Feedback texts. With the shipped sentiment model about a third score below 0.3 and a third
 * above 0.9, so the Slack sink receives both negative and positive notifications under
 * `npm start` (the runtime test checks the summary counts both); the rest fall in between.
 */
const FEEDBACK = [
  'The new dashboard is fantastic, thank you!',
  'Checkout keeps failing with a timeout, really frustrating.',
  'Support answered in minutes and fixed my issue.',
  'The app crashes every time I upload a photo.',
  'Pricing is fair for what you get.',
  'Worst update ever, I cannot find anything now.',
  'Love the dark mode.',
  'Delivery was two weeks late and nobody replied to my emails.',
  'It works, nothing special.',
  'Great product, would recommend to my team.',
  'Terrible support, I waited a week and nobody helped.',
  'The support chat was useless and the bug is still there after three weeks.',
];
const SOURCES = ['slack', 'twitter', 'web'] as const;

function feedback(seq: number): DemoRecord {
  const r = prng(seq);
  if (seq % 50 === 7) return { key: null, value: INVALID_UTF8 };
  if (seq % 50 === 23) return { key: null, value: Buffer.from('{"id": "broken", "text": ') };
  const source = SOURCES[Math.floor(r() * SOURCES.length)] as string;
  const id = `fb-${seq}`;
  return {
    key: id,
    value: json({
      id,
      source,
      text: FEEDBACK[Math.floor(r() * FEEDBACK.length)],
      ts: new Date().toISOString(),
      author: `user${Math.floor(r() * 500)}`,
      ...(source === 'slack' ? { channel: '#product' } : {}),
      ...(source === 'twitter' ? { url: `https://x.com/i/status/${1_800_000_000_000_000_000n + BigInt(seq)}` } : {}),
    }),
    headers: new Map([['source', source]]),
  };
}

/**
 * Labels of demo feedback, as people clicking "Right" / "Wrong" would give them: an id the
 * feedback demo produces (some not yet, so the join of early labels shows), a label, a source.
 * One in 25 is not a label (an unknown label value), for the label-store's dead-letter path.
 */
function feedbackLabel(seq: number): DemoRecord {
  const r = prng(seq + 1_000_000);
  const feedbackId = `fb-${Math.floor(r() * (seq + 1) * 10)}`;
  const slack = r() < 0.5;
  const label = seq % 25 === 11 ? 'unsure' : r() < 0.5 ? 'negative' : 'positive';
  return {
    key: feedbackId,
    value: json({
      schemaVersion: 1,
      feedbackId,
      label,
      source: slack ? 'slack' : 'api',
      ...(slack ? { user: `U0DEMO${Math.floor(r() * 20)}` } : {}),
      ts: new Date().toISOString(),
    }),
    headers: new Map([['source', slack ? 'slack' : 'api']]),
  };
}

export const generators: Record<string, Generator> = {
  feedback,
  'feedback-labels': feedbackLabel,
  'wiki-changes': wikiChange,
};

/**
 * Topics whose demo is a replay rather than independent records: a stream with a backfill sent
 * at once on start, then records at the topic's rate (air-demo.ts).
 */
export const replays: Record<string, Replay> = {
  weather: weatherReplay,
  'air-quality': airQualityReplay,
};
