import { element } from './dom.js';
import { utcClock } from './window-label.js';

/**
 * The line under the title saying when the data was last refreshed, or, unobtrusively, that the
 * last refresh failed while the panels keep showing the data they had. `data-state` is
 * `loading`, `ok` or `error` for tests and styles.
 */
export interface StatusLine {
  refreshed(at: Date): void;
  failed(error: unknown, at: Date): void;
}

export function statusLine(host: HTMLElement): StatusLine {
  const line = element('p', { class: 'status', role: 'status', 'data-testid': 'status', 'data-state': 'loading' }, [
    'Loading…',
  ]);
  host.append(line);
  let lastOk: Date | undefined;
  return {
    refreshed(at) {
      lastOk = at;
      line.dataset.state = 'ok';
      line.dataset.refreshedAt = at.toISOString();
      line.textContent = `Last refreshed ${utcClock(at)} UTC`;
    },
    failed(error, at) {
      line.dataset.state = 'error';
      const reason = error instanceof Error ? error.message : String(error);
      const kept = lastOk ? `showing data from ${utcClock(lastOk)} UTC` : 'no data yet';
      line.textContent = `Refresh failed at ${utcClock(at)} UTC (${reason}); ${kept}, retrying.`;
    },
  };
}
