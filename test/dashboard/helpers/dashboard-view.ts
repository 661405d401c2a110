import type { Page } from 'playwright-core';

/**
 * What the dashboard page shows, read through its test hooks (`data-testid` elements and the
 * `data-*` attributes the panels update after each render) rather than from pixels.
 */
export interface ChartView {
  /** Bars drawn with a non-zero value. */
  bars: string | null;
  windowStart: string | null;
  /** Feedback chart only: windows listed, and how many of them are final. */
  windows: string | null;
  finalWindows: string | null;
}

/** A link in the feedback panel, with the attributes that keep the opened page from reaching back. */
export interface LinkView {
  href: string | null;
  rel: string | null;
  target: string | null;
  text: string;
}

export interface DashboardView {
  editors: { chart: ChartView; headers: string[]; rows: string[][]; window: string; badge: string; label: string };
  wikis: { chart: ChartView; rows: string[][] };
  bands: { chart: ChartView; caption: string };
  /** Latest negative feedback: cell texts per row, each row's `data-source` and the "original" links. */
  negative: { items: string | null; rows: string[][]; sources: (string | null)[]; links: LinkView[] };
  status: string;
}

const CHARTS = ['top-editors-chart', 'top-wikis-chart', 'feedback-bands-chart', 'air-history-chart'] as const;

/** Waits until every chart and the feedback table have rendered once and the status line reports a successful refresh. */
export async function waitForFirstRender(page: Page, timeoutMs: number): Promise<void> {
  for (const id of CHARTS)
    await page.locator(`[data-testid="${id}"]:not([data-renders="0"])`).waitFor({ timeout: timeoutMs });
  await page.locator('[data-testid="negative-feedback-table"]:not([data-renders="0"])').waitFor({ timeout: timeoutMs });
  await page.locator('[data-testid="status"][data-state="ok"]').waitFor({ timeout: timeoutMs });
}

export async function readDashboard(page: Page): Promise<DashboardView> {
  const text = async (id: string) => ((await page.getByTestId(id).textContent()) ?? '').trim();
  const rows = async (id: string) =>
    Promise.all((await page.getByTestId(id).locator('tbody tr').all()).map((tr) => tr.locator('td').allTextContents()));
  const chart = async (id: string): Promise<ChartView> => {
    const box = page.getByTestId(id);
    return {
      bars: await box.getAttribute('data-bars'),
      windowStart: await box.getAttribute('data-window-start'),
      windows: await box.getAttribute('data-windows'),
      finalWindows: await box.getAttribute('data-final-windows'),
    };
  };
  return {
    editors: {
      chart: await chart('top-editors-chart'),
      headers: await page.getByTestId('top-editors-table').locator('thead th').allTextContents(),
      rows: await rows('top-editors-table'),
      window: await text('top-editors-window'),
      badge: await text('top-editors-badge'),
      label: (await page.getByTestId('top-editors-chart').locator('canvas').getAttribute('aria-label')) ?? '',
    },
    wikis: { chart: await chart('top-wikis-chart'), rows: await rows('top-wikis-table') },
    bands: { chart: await chart('feedback-bands-chart'), caption: await text('feedback-bands-caption') },
    negative: {
      items: await page.getByTestId('negative-feedback-table').getAttribute('data-items'),
      rows: await rows('negative-feedback-table'),
      sources: await Promise.all(
        (await page.getByTestId('negative-feedback-table').locator('tbody [data-source]').all()).map((badge) =>
          badge.getAttribute('data-source'),
        ),
      ),
      links: await Promise.all(
        (await page.getByTestId('negative-feedback-link').all()).map(async (a) => ({
          href: await a.getAttribute('href'),
          rel: await a.getAttribute('rel'),
          target: await a.getAttribute('target'),
          text: ((await a.textContent()) ?? '').trim(),
        })),
      ),
    },
    status: await text('status'),
  };
}
