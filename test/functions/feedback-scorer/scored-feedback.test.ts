import { describe, expect, it } from 'vitest';
import { feedbackNotification } from '../../../functions/feedback-scorer/notification-message.js';
import { notificationKindFor, scoredFeedbackItem } from '../../../functions/feedback-scorer/scored-feedback.js';
import { parseLabelButtonValue } from '../../../functions/lib/feedback-labels/index.js';
import type { DecodedRecord } from '../../../functions/lib/kafka-event/index.js';

const THRESHOLDS = { negative: 0.3, positive: 0.9 };

const record: DecodedRecord = {
  topic: 'feedback',
  partition: 2,
  offset: 77,
  timestamp: Date.UTC(2025, 5, 1, 9, 0, 0),
  timestampType: 'CREATE_TIME',
  key: Buffer.from('fb-1'),
  value: Buffer.from('{}'),
  headers: [],
  coordinates: 'feedback-2@77',
};

describe('scored feedback', () => {
  it('notifies below the negative threshold and above the positive one, never on the thresholds themselves', () => {
    // Act
    const kinds = [0, 0.2999, 0.3, 0.5, 0.9, 0.9001, 1].map((score) => notificationKindFor(score, THRESHOLDS));

    // Assess
    expect(kinds).toEqual(['negative', 'negative', undefined, undefined, undefined, 'positive', 'positive']);
  });

  it('never reads "no score" as negative: NaN, -1, out-of-range and infinite scores notify no one', () => {
    // Act
    const kinds = [Number.NaN, -1, 1.5, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY].map((score) =>
      notificationKindFor(score, THRESHOLDS),
    );

    // Assess
    expect(kinds).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('builds the same item from the same record and model, with TTL from the record timestamp', () => {
    // Prepare
    const feedback = { id: 'fb-1', source: 'web', text: 'ok', ts: '2025-06-01T08:59:00Z' };
    const model = { version: '1', featureVersion: 'f1', band: (s: number) => (s < 0.4 ? 'negative' : 'neutral') };

    // Act
    const a = scoredFeedbackItem(record, feedback, 0.123456789, model, 30);
    const b = scoredFeedbackItem(record, feedback, 0.123456789, model, 30);

    // Assess
    expect(a).toEqual(b);
    expect(a).toEqual({
      ...feedback,
      sourceKnown: true,
      score: 0.123457,
      band: 'negative',
      modelVersion: '1',
      featureVersion: 'f1',
      sourcePartition: 'feedback-2',
      sourceOffset: 77,
      recordTimestamp: record.timestamp,
      expiresAt: record.timestamp / 1000 + 30 * 86_400,
      tsUtc: '2025-06-01T08:59:00.000Z',
    });
    expect(scoredFeedbackItem(record, { ...feedback, ts: '2025-06-01T10:59:00+02:00' }, 0.5, model, 30).tsUtc).toBe(
      '2025-06-01T08:59:00.000Z',
    );
  });

  it('escapes user text in the Slack message so it cannot mention everyone or forge links', () => {
    // Prepare
    const feedback = {
      id: 'fb-2',
      source: 'web',
      text: '<!channel> see <https://evil.example|here> & more\nline 2',
      ts: '2025-06-01T08:59:00Z',
    };
    const item = scoredFeedbackItem(
      record,
      feedback,
      0.01,
      { version: '1', featureVersion: 'f1', band: () => 'negative' },
      30,
    );

    // Act
    const draft = feedbackNotification(item, 'negative', '#negative-feedback');

    // Assess
    expect(draft.message.text).toBe(
      ':rotating_light: Negative feedback (score 0.01) from *web*:\n' +
        '>&lt;!channel&gt; see &lt;https://evil.example|here&gt; &amp; more\n>line 2',
    );
    expect(draft).toMatchObject({ feedbackId: 'fb-2', channel: '#negative-feedback', kind: 'negative' });
  });

  it('puts "Right" and "Wrong" buttons under the text: Right confirms the channel\'s band, Wrong gives the other', () => {
    // Prepare
    const model = {
      version: '1',
      featureVersion: 'f1',
      band: (score: number) => (score < 0.5 ? 'negative' : 'positive'),
    };
    const negative = scoredFeedbackItem(
      record,
      { id: 'fb-n', source: 'web', text: 'Bad & slow', ts: '2025-06-01T08:59:00Z' },
      0.1,
      model,
      30,
    );
    const positive = scoredFeedbackItem(
      record,
      { id: 'fb-p', source: 'web', text: 'Great', ts: '2025-06-01T08:59:00Z' },
      0.95,
      model,
      30,
    );

    // Act
    const drafts = [
      feedbackNotification(negative, 'negative', '#negative-feedback'),
      feedbackNotification(positive, 'positive', '#positive-feedback'),
    ];

    // Assess
    const buttons = drafts.map((draft) => {
      const blocks = draft.message.blocks as {
        type: string;
        text?: { text: string };
        elements?: Record<string, string | { text: string }>[];
      }[];
      expect(blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: draft.message.text } });
      return blocks[1]!.elements!.map((b) => [
        (b.text as { text: string }).text,
        b.action_id,
        parseLabelButtonValue(b.value),
      ]);
    });
    expect(buttons).toEqual([
      [
        ['Right', 'tandem_label_right', { feedbackId: 'fb-n', label: 'negative' }],
        ['Wrong', 'tandem_label_wrong', { feedbackId: 'fb-n', label: 'positive' }],
      ],
      [
        ['Right', 'tandem_label_right', { feedbackId: 'fb-p', label: 'positive' }],
        ['Wrong', 'tandem_label_wrong', { feedbackId: 'fb-p', label: 'negative' }],
      ],
    ]);
  });

  it("keeps the section within Slack's 3,000 characters, cutting whole escapes only, while text keeps it all", () => {
    // Prepare
    const text = '&'.repeat(4000);
    const item = scoredFeedbackItem(
      record,
      { id: 'fb-long', source: 'web', text, ts: '2025-06-01T08:59:00Z', url: 'https://example.com/f/1' },
      0.1,
      { version: '1', featureVersion: 'f1', band: () => 'negative' },
      30,
    );

    // Act
    const draft = feedbackNotification(item, 'negative', '#negative-feedback');

    // Assess
    const section = (draft.message.blocks as { text: { text: string } }[])[0]!.text.text;
    expect(section.length).toBeLessThanOrEqual(3000);
    expect(section.length).toBeGreaterThan(2900);
    expect(section).toMatch(
      /^:rotating_light: Negative feedback \(score 0\.10\) from \*web\*:\n>(&amp;)+…\n<https:\/\/example\.com\/f\/1\|original>$/,
    );
    expect(draft.message.text).toContain('&amp;'.repeat(4000));
  });
});
