import { BAND_COLOURS, BANDS, type BandBar, bandBars } from './bands.js';
import { Chart, drawnBars } from './charts.js';
import type { WindowsResponse } from './contracts.js';
import { element } from './dom.js';
import { utcTimeOfDay, windowLabel, windowSeconds, windowSizeLabel } from './window-label.js';

/**
 * "Feedback by sentiment band over time": one stacked bar per window (negative, neutral,
 * positive in fixed red, grey, green), open windows drawn lighter and marked `*`, and the
 * figures as a table. Test hooks: the section is `data-testid="<id>"`; `<id>-chart` carries
 * `data-bars` (non-empty bar segments drawn), `data-windows`, `data-final-windows`,
 * `data-window-start` (the newest window) and `data-renders`; also `<id>-caption`, `<id>-table`.
 */
export interface BandPanel {
  render(data: WindowsResponse): void;
}

/** Alpha suffix for an open window's colour: lighter, since its counts may still change. */
const OPEN_ALPHA = '66';
const numbers = new Intl.NumberFormat('en-US');

export function bandPanel(host: HTMLElement, id: string): BandPanel {
  const heading = 'Feedback by sentiment band over time';
  const caption = element('p', { class: 'caption', 'data-testid': `${id}-caption` }, ['Waiting for data…']);
  const canvas = element('canvas', { role: 'img', 'aria-label': `${heading}: no data yet` });
  const chartBox = element(
    'div',
    {
      class: 'chart chart--wide',
      'data-testid': `${id}-chart`,
      'data-bars': '0',
      'data-windows': '0',
      'data-final-windows': '0',
      'data-renders': '0',
    },
    [canvas],
  );
  const body = element('tbody');
  const table = element('table', { 'data-testid': `${id}-table` }, [
    element('caption', { class: 'visually-hidden' }, [`${heading}, per window`]),
    element('thead', {}, [
      element('tr', {}, [
        element('th', { scope: 'col' }, ['Window (UTC)']),
        ...BANDS.map((band) => element('th', { scope: 'col', class: 'num' }, [band])),
        element('th', { scope: 'col' }, ['State']),
      ]),
    ]),
    body,
  ]);
  host.append(
    element('section', { class: 'panel panel--wide', 'data-testid': id, 'aria-labelledby': `${id}-heading` }, [
      element('header', { class: 'panel-head' }, [element('h2', { id: `${id}-heading` }, [heading])]),
      caption,
      chartBox,
      element('details', {}, [element('summary', {}, ['Figures as a table']), table]),
    ]),
  );

  let bars: BandBar[] = [];
  let renders = 0;
  const chart = new Chart<'bar', number[], string>(canvas, {
    type: 'bar',
    data: {
      labels: [],
      datasets: BANDS.map((band) => ({
        label: band,
        data: [] as number[],
        // Resolved per bar; the legend asks without a bar and gets the band's full colour.
        backgroundColor: (context: { dataIndex?: number }) =>
          BAND_COLOURS[band] + (bars[context.dataIndex ?? -1]?.final === false ? OPEN_ALPHA : ''),
        maxBarThickness: 48,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            title: (items) => {
              const bar = bars[items[0]?.dataIndex ?? -1];
              return bar ? `${windowLabel(bar)}${bar.final ? '' : ' (open)'}` : '';
            },
          },
        },
      },
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });

  return {
    render(data) {
      bars = bandBars(data.windows);
      chart.data.labels = bars.map((b) => `${utcTimeOfDay(b.start)}${b.final ? '' : '*'}`);
      BANDS.forEach((band, i) => {
        chart.data.datasets[i]!.data = bars.map((b) => b.totals[band]);
      });
      chart.update();

      const finals = bars.filter((b) => b.final).length;
      const first = bars[0];
      const size = first ? `${windowSizeLabel(windowSeconds(first))} windows` : 'no windows yet';
      caption.textContent = first
        ? `${size}, ${windowLabel({ start: first.start, end: (bars.at(-1) as BandBar).end })}: ${finals} final, ${bars.length - finals} open (lighter, marked *; their counts may still change).`
        : 'No feedback counted yet.';
      // Up to 24 windows of figures would drown a screen reader; the table below has them.
      canvas.setAttribute(
        'aria-label',
        `${heading}: stacked bar chart, ${caption.textContent} Figures in the table below.`,
      );
      body.replaceChildren(
        ...bars.map((b) =>
          element('tr', {}, [
            element('td', {}, [windowLabel(b)]),
            ...BANDS.map((band) => element('td', { class: 'num' }, [numbers.format(b.totals[band])])),
            element('td', {}, [b.final ? 'final' : 'open']),
          ]),
        ),
      );

      chartBox.dataset.bars = String(drawnBars(chart));
      chartBox.dataset.windows = String(bars.length);
      chartBox.dataset.finalWindows = String(finals);
      chartBox.dataset.windowStart = bars.at(-1)?.start ?? '';
      chartBox.dataset.renders = String(++renders);
    },
  };
}
