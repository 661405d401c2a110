import { describe, expect, it } from 'vitest';
import { feedbackTime, originalUrl, sourceLabel } from '../../../dashboard/src/feedback-item.js';

describe('feedback items on the page', () => {
  it('names the known sources and shows any other as sent', () => {
    // Act
    const labels = ['web', 'http', 'slack', 'x', 'twitter', 'bluesky', 'mastodon', 'constructor', ''].map(sourceLabel);

    // Assess
    // `constructor` is on every object's prototype: it must not come back as a function's text.
    expect(labels).toEqual([
      'Web form',
      'HTTP API',
      'Slack',
      'X',
      'X (Twitter)',
      'Bluesky',
      'mastodon',
      'constructor',
      '',
    ]);
  });

  it('links only absolute http and https URLs', () => {
    // Act
    const links = [
      'https://x.com/someone/status/1',
      'http://example.org/a?b=c',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '/relative/path',
      'not a url',
      undefined,
    ].map(originalUrl);

    // Assess
    expect(links).toEqual([
      'https://x.com/someone/status/1',
      'http://example.org/a?b=c',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('prints when feedback was written as a UTC date and time, whatever the offset it was sent with', () => {
    // Act
    const times = ['2026-11-21T10:20:59.900Z', '2026-11-22T01:05:00+02:00'].map(feedbackTime);

    // Assess
    expect(times).toEqual(['2026-11-21 10:20 UTC', '2026-11-21 23:05 UTC']);
  });
});
