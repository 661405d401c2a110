import { Chart, drawnBars } from './charts.js';
import type { TopResponse } from './contracts.js';
import { element } from './dom.js';
import { windowLabel } from './window-label.js';

/**
 * A "top N of the latest window" panel: a horizontal bar chart and the same figures as a
 * table, titled with the window's bounds and a final/open badge. Test hooks: the section is
 * `data-testid="<id>"`; inside, `<id>-chart` carries `data-bars` (bars drawn),
 * `data-window-start` and `data-renders`, and `<id>-table`, `<id>-window`, `<id>-badge`.
 */
export interface TopPanelOptions {
  /** Element id and test id prefix, e.g. `top-editors`. */
  id: string;
  /** Heading before the window bounds, e.g. `Top 10 editors`. */
  heading: string;
  /** Column heading for the key (`User`) and for the count (`Edits`). */
  keyLabel: string;
  countLabel: string;
  /** Bar colour. */
  colour: string;
  /** `small` draws a shorter chart, for a side panel. */
  size: 'large' | 'small';
}

export interface TopPanel {
  render(data: TopResponse): void;
}

/** Longest key drawn on the chart's axis; the table has the whole key. */
const AXIS_KEY_CHARS = 24;
const numbers = new Intl.NumberFormat('en-US');

export function topPanel(host: HTMLElement, options: TopPanelOptions): TopPanel {
  const { id } = options;
  const label = element('span', { class: 'window-label', 'data-testid': `${id}-window` }, ['—']);
  const badge = element('span', { class: 'badge', 'data-testid': `${id}-badge`, hidden: '' });
  const canvas = element('canvas', { role: 'img', 'aria-label': `${options.heading}: no data yet` });
  const chartBox = element(
    'div',
    { class: `chart chart--${options.size}`, 'data-testid': `${id}-chart`, 'data-bars': '0', 'data-renders': '0' },
    [canvas],
  );
  const caption = element('caption', { class: 'visually-hidden' }, [options.heading]);
  const body = element('tbody');
  const table = element('table', { class: 'top-table', 'data-testid': `${id}-table` }, [
    caption,
    element('thead', {}, [
      element('tr', {}, [
        element('th', { scope: 'col', class: 'num' }, ['Rank']),
        element('th', { scope: 'col' }, [options.keyLabel]),
        element('th', { scope: 'col', class: 'num' }, [options.countLabel]),
      ]),
    ]),
    body,
  ]);
  host.append(
    element(
      'section',
      { class: `panel panel--${options.size}`, 'data-testid': id, 'aria-labelledby': `${id}-heading` },
      [
        element('header', { class: 'panel-head' }, [
          element('h2', { id: `${id}-heading` }, [`${options.heading} `, label]),
          badge,
        ]),
        chartBox,
        table,
      ],
    ),
  );

  let keysShown: string[] = [];
  let renders = 0;
  const chart = new Chart<'bar', number[], string>(canvas, {
    type: 'bar',
    data: {
      labels: [],
      datasets: [{ label: options.countLabel, data: [], backgroundColor: options.colour, maxBarThickness: 28 }],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      // Data is replaced every refresh; animating each replacement only blurs what changed.
      animation: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: (items) => keysShown[items[0]?.dataIndex ?? 0] ?? '' } },
      },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
    },
  });
  return {
    render(data) {
      const { window } = data;
      keysShown = data.top.map((e) => e.key);
      chart.data.labels = keysShown.map((k) => (k.length > AXIS_KEY_CHARS ? `${k.slice(0, AXIS_KEY_CHARS - 1)}…` : k));
      chart.data.datasets[0]!.data = data.top.map((e) => e.count);
      chart.update();

      const bounds = window ? windowLabel(window) : 'no data yet';
      label.textContent = bounds;
      label.title = window ? `${window.start} – ${window.end}` : '';
      if (window) {
        badge.hidden = false;
        badge.textContent = window.final ? 'final' : 'open';
        badge.className = `badge badge--${window.final ? 'final' : 'open'}`;
        badge.title = window.final
          ? 'The watermark has passed the end of this window: its counts will not change.'
          : 'This window is still open: late records may still be counted.';
      } else badge.hidden = true;
      const summary = data.top.map((e) => `${e.key} ${e.count}`).join(', ');
      canvas.setAttribute(
        'aria-label',
        `${options.heading}, ${bounds}, bar chart of ${options.countLabel.toLowerCase()} per ${options.keyLabel.toLowerCase()}: ${summary || 'none'}`,
      );
      caption.textContent = `${options.heading}, ${bounds}`;

      body.replaceChildren(
        ...(data.top.length > 0
          ? data.top.map((e, i) =>
              element('tr', {}, [
                element('td', { class: 'num' }, [String(i + 1)]),
                element('td', { class: 'key' }, [e.key]),
                element('td', { class: 'num' }, [numbers.format(e.count)]),
              ]),
            )
          : [element('tr', {}, [element('td', { colspan: '3', class: 'empty' }, ['Nothing counted yet.'])])]),
      );

      chartBox.dataset.bars = String(drawnBars(chart));
      chartBox.dataset.windowStart = window?.start ?? '';
      chartBox.dataset.final = window ? String(window.final) : '';
      chartBox.dataset.renders = String(++renders);
    },
  };
}
