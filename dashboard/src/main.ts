import { loadAir } from './air-data.js';
import { airPanel } from './air-panel.js';
import { bandPanel } from './band-panel.js';
import { bearerToken } from './bearer-token.js';
import { type DashboardConfig, DEFAULT_CONFIG, parseConfig } from './config.js';
import { feedbackPanel } from './feedback-panel.js';
import { queryApi } from './query-api.js';
import { statusLine } from './status-line.js';
import { topPanel } from './top-panel.js';

/**
 * The live dashboard: reads `config.json`, then every `refreshSeconds` asks the query API for
 * the latest top editors and top wikis and the feedback bands per window and the latest negative feedback, and redraws.
 * The air-quality panel shows each location's AQI now and one location's forecast and history. A panel
 * whose request fails keeps its last data; the status line says what failed.
 */

/** A missing config.json means the defaults (same-origin API), as under `npm start`. */
async function loadConfig(): Promise<DashboardConfig> {
  const res = await fetch(new URL('config.json', document.baseURI), { cache: 'no-store' }).catch(() => undefined);
  if (!res?.ok) return DEFAULT_CONFIG;
  return parseConfig(await res.json());
}

async function start(): Promise<void> {
  const status = statusLine(document.getElementById('status-host') as HTMLElement);
  const top = document.getElementById('top-panels') as HTMLElement;
  const editors = topPanel(top, {
    id: 'top-editors',
    heading: 'Top 10 editors',
    keyLabel: 'User',
    countLabel: 'Edits',
    colour: '#1f5fa8',
    size: 'large',
  });
  const wikis = topPanel(top, {
    id: 'top-wikis',
    heading: 'Top wikis',
    keyLabel: 'Wiki',
    countLabel: 'Edits',
    colour: '#00695c',
    size: 'small',
  });
  const bands = bandPanel(document.getElementById('trend-panels') as HTMLElement, 'feedback-bands');
  const negative = feedbackPanel(document.getElementById('feedback-panels') as HTMLElement, {
    id: 'negative-feedback',
    heading: 'Latest negative feedback',
  });

  // Choosing a location redraws at once rather than at the next refresh.
  const air = airPanel(document.getElementById('air-panels') as HTMLElement, { onSelect: () => void refresh() });

  let config: DashboardConfig;
  try {
    config = await loadConfig();
  } catch (err) {
    // A wrong config would query the wrong API forever: say so instead of polling.
    status.failed(err, new Date());
    return;
  }
  let token: string | undefined;
  if (config.auth === 'iam') {
    status.failed(
      new Error('the query API takes IAM (SigV4) auth, which a web page cannot sign: deploy with -c apiAuth=jwt'),
      new Date(),
    );
    return;
  }
  if (config.auth === 'jwt') {
    token = bearerToken({
      hash: location.hash,
      storage: sessionStorage,
      clearHash: () => history.replaceState(null, '', location.pathname + location.search),
    });
    if (token === undefined) {
      status.failed(
        new Error('sign in first: open this page with #access_token=<JWT> from your identity provider'),
        new Date(),
      );
      return;
    }
  }
  const api = queryApi(config.apiBaseUrl, fetch, token);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let refreshing = false;
  const refresh = async (): Promise<void> => {
    // Becoming visible during a refresh must not start a second refresh loop.
    if (refreshing) return;
    refreshing = true;
    clearTimeout(timer);
    try {
      // Nobody sees a hidden tab: its refreshes would only cost API requests.
      if (document.visibilityState === 'hidden') return;
      const results = await Promise.allSettled([
        api.top('wiki-edits-by-user', 10).then(editors.render),
        api.top('wiki-edits-by-server', 10).then(wikis.render),
        api.windows('feedback-by-band-1m').then(bands.render),
        api.feedback('negative', 10).then(negative.render),
        loadAir(api, air.selected()).then(air.render),
      ]);
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) status.failed(failure.reason, new Date());
      else status.refreshed(new Date());
    } finally {
      refreshing = false;
      // Timed from the end of this refresh, so a slow API never piles requests up.
      timer = setTimeout(() => void refresh(), config.refreshSeconds * 1000);
    }
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refresh();
  });
  await refresh();
}

void start();
