import type { Page } from 'playwright-core';

/** The one page function used here, typed for a file compiled without the DOM types. */
interface Window {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/** What the air-quality panel shows, read through its test hooks. */
export interface AirPanelView {
  /** Per locations-table row: location text, chip text, chip `data-category`, the chip's painted background. */
  rows: { location: string; aqi: string; category: string | null; background: string }[];
  selected: string;
  nowAdvice: string;
  forecast: { date: string | null; head: string; advice: string; reasons: string[] };
  chart: {
    location: string | null;
    days: string | null;
    pm10Points: string | null;
    pm25Points: string | null;
    forecastPoints: string | null;
    anomalyPoints: string | null;
    anomalies: string | null;
    /** The legend's labels as the chart laid them out. */
    legend: string[];
  };
  /** The anomaly list under the chart: its summary, and per flag its text, kind and span. */
  anomalies: { summary: string; items: { text: string; kind: string | null; span: string | null }[] };
}

export async function readAirPanel(page: Page): Promise<AirPanelView> {
  const text = async (id: string) => ((await page.getByTestId(id).textContent()) ?? '').trim();
  const rows = await page.getByTestId('air-locations-table').locator('tbody tr').all();
  const chart = page.getByTestId('air-history-chart');
  return {
    rows: await Promise.all(
      rows.map(async (tr) => {
        const chip = tr.getByTestId('air-aqi');
        return {
          location: ((await tr.locator('td').first().textContent()) ?? '').trim(),
          aqi: ((await chip.textContent()) ?? '').trim(),
          category: await chip.getAttribute('data-category'),
          // What the browser painted, so a style the page's CSP blocked would show as the default.
          background: await chip.evaluate(
            // Runs in the page; this file is compiled without the DOM types, hence the cast.
            (el) => (globalThis as unknown as Window).getComputedStyle(el).backgroundColor,
          ),
        };
      }),
    ),
    selected: await page.getByTestId('air-location-select').inputValue(),
    nowAdvice: await text('air-now-advice'),
    forecast: {
      date: await page.getByTestId('air-forecast').getAttribute('data-date'),
      head: ((await page.getByTestId('air-forecast').locator('h3').textContent()) ?? '').trim(),
      advice: await text('air-forecast-advice'),
      reasons: await page.getByTestId('air-forecast-reasons').locator('li').allTextContents(),
    },
    chart: {
      location: await chart.getAttribute('data-location'),
      days: await chart.getAttribute('data-days'),
      pm10Points: await chart.getAttribute('data-pm10-points'),
      pm25Points: await chart.getAttribute('data-pm25-points'),
      forecastPoints: await chart.getAttribute('data-forecast-points'),
      anomalyPoints: await chart.getAttribute('data-anomaly-points'),
      anomalies: await chart.getAttribute('data-anomalies'),
      legend: ((await chart.getAttribute('data-legend')) ?? '').split('|').filter((l) => l !== ''),
    },
    anomalies: {
      summary: ((await page.getByTestId('air-anomalies').locator('summary').textContent()) ?? '').trim(),
      items: await Promise.all(
        (await page.getByTestId('air-anomalies').locator('li').all()).map(async (li) => ({
          text: ((await li.textContent()) ?? '').trim(),
          kind: await li.getAttribute('data-kind'),
          span: await li.getAttribute('data-span'),
        })),
      ),
    },
  };
}
