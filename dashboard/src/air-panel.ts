import type { AirData } from './air-data.js';
import { anomalyMarkers } from './anomaly-markers.js';
import { aqiChip } from './aqi-chip.js';
import { Chart } from './charts.js';
import { element } from './dom.js';

/**
 * "Air quality for riders": every declared location's US AQI now on its category's colour, the
 * chosen location's advice now, its next forecast (day, PM10, AQI, the advice and the reasons
 * the model gives), and its last 14 days as a chart: daily mean PM10 and PM2.5 lines and the
 * PM10 forecast made for each day as points, so forecast and outcome sit side by side, and a
 * red triangle on each day the location's sensors were flagged (GET /v1/air/anomalies: an
 * hour's spike or stuck reading, a closed day's drift), whose tooltip names the kinds; the
 * same flags, with their reasons, listed under the chart.
 *
 * Test hooks: the section is `data-testid="air-quality"`; `air-locations-table` (each AQI an
 * `air-aqi` chip with `data-category` and `data-colour`), `air-location-select`,
 * `air-now-advice`, `air-forecast` (`data-date`), `air-forecast-advice`, `air-forecast-reasons`,
 * and `air-history-chart` with `data-location`, `data-days`, `data-pm10-points`,
 * `data-pm25-points`, `data-forecast-points`, `data-anomaly-points` (points drawn),
 * `data-anomalies` (flags on the chart's days), `data-legend` (the legend's labels, `|`-joined)
 * `data-first-anomaly-at` (`x,y` of the first marker on the canvas), `data-tooltip` (the lines
 * of the tooltip shown) and `data-renders`; `air-anomalies` lists the flags (`li` with
 * `data-kind`, `data-span`).
 */
export interface AirPanel {
  render(data: AirData): void;
  /** The location chosen in the panel, until the first render undefined (the API's first). */
  selected(): string | undefined;
}

/** Position of the anomaly markers among the chart's datasets. */
const ANOMALY_DATASET = 3;

const one = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function airPanel(host: HTMLElement, options: { onSelect: () => void }): AirPanel {
  const id = 'air-quality';
  const select = element('select', { 'data-testid': 'air-location-select', 'aria-label': 'Location' });
  const body = element('tbody');
  const table = element('table', { 'data-testid': 'air-locations-table' }, [
    element('caption', { class: 'visually-hidden' }, ['US AQI now per location']),
    element('thead', {}, [
      element('tr', {}, [
        element('th', { scope: 'col' }, ['Location']),
        element('th', { scope: 'col' }, ['US AQI now']),
        element('th', { scope: 'col' }, ['Hour (UTC)']),
      ]),
    ]),
    body,
  ]);
  const nowAdvice = element('p', { class: 'advice', 'data-testid': 'air-now-advice' }, ['Waiting for data…']);
  const forecastHead = element('h3', {}, ['Forecast']);
  const forecastAdvice = element('p', { class: 'advice', 'data-testid': 'air-forecast-advice' }, ['—']);
  const reasons = element('ul', { class: 'reasons', 'data-testid': 'air-forecast-reasons' });
  const forecast = element('div', { class: 'forecast', 'data-testid': 'air-forecast', 'data-date': '' }, [
    forecastHead,
    forecastAdvice,
    reasons,
  ]);
  const canvas = element('canvas', { role: 'img', 'aria-label': 'Daily mean PM10 and PM2.5: no data yet' });
  const chartBox = element(
    'div',
    {
      class: 'chart chart--wide',
      'data-testid': 'air-history-chart',
      'data-days': '0',
      'data-pm10-points': '0',
      'data-pm25-points': '0',
      'data-forecast-points': '0',
      'data-anomaly-points': '0',
      'data-anomalies': '0',
      'data-legend': '',
      'data-renders': '0',
    },
    [canvas],
  );
  const anomalySummary = element('summary', {}, ['Sensor anomalies: none flagged']);
  const anomalyList = element('ul', { class: 'reasons' });
  const anomalies = element('details', { class: 'anomalies', 'data-testid': 'air-anomalies' }, [
    anomalySummary,
    anomalyList,
  ]);
  host.append(
    element('section', { class: 'panel panel--wide', 'data-testid': id, 'aria-labelledby': `${id}-heading` }, [
      element('header', { class: 'panel-head' }, [
        element('h2', { id: `${id}-heading` }, ['Air quality for riders']),
        select,
      ]),
      element('div', { class: 'air-grid' }, [element('div', {}, [table, nowAdvice]), forecast]),
      chartBox,
      anomalies,
    ]),
  );

  let chosen: string | undefined;
  select.addEventListener('change', () => {
    chosen = select.value;
    options.onSelect();
  });
  let renders = 0;
  // The tooltip lines of the anomaly markers, per day of the current render.
  let anomalyLines: string[][] = [];
  const chart = new Chart<'line', (number | null)[], string>(canvas, {
    type: 'line',
    data: {
      labels: [],
      datasets: [
        { label: 'PM10 daily mean', data: [], borderColor: '#1f5fa8', backgroundColor: '#1f5fa8', spanGaps: false },
        { label: 'PM2.5 daily mean', data: [], borderColor: '#8e1b1b', backgroundColor: '#8e1b1b', spanGaps: false },
        {
          label: 'PM10 forecast',
          data: [],
          showLine: false,
          pointStyle: 'rectRot',
          pointRadius: 6,
          borderColor: '#e07b00',
          backgroundColor: '#e07b00',
        },
        {
          label: 'Sensor anomaly',
          data: [],
          showLine: false,
          pointStyle: 'triangle',
          pointRadius: 8,
          pointHoverRadius: 10,
          borderColor: '#b00020',
          backgroundColor: '#b00020',
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            // The markers' own lines (kind, pollutant, hour); undefined keeps Chart.js's default for the others.
            label: (ctx) => (ctx.datasetIndex === ANOMALY_DATASET ? anomalyLines[ctx.dataIndex] : undefined),
          },
          // Alongside the drawn tooltip: its lines as `data-tooltip`, since a canvas has no text to read.
          external: ({ tooltip }) => {
            chartBox.dataset.tooltip = tooltip.opacity === 0 ? '' : tooltip.body.flatMap((b) => b.lines).join('\n');
          },
        },
      },
      scales: { y: { beginAtZero: true, title: { display: true, text: 'µg/m³' } } },
    },
  });

  return {
    selected: () => chosen,
    render(data) {
      const { locations } = data.locations;
      const shown = data.selected?.detail.location.name;
      chosen = shown;
      select.replaceChildren(
        ...locations.map((l) => {
          const option = element('option', { value: l.name }, [l.description]);
          option.selected = l.name === shown;
          return option;
        }),
      );
      body.replaceChildren(
        ...locations.map((l) =>
          element('tr', { 'data-location': l.name }, [
            element('td', {}, [l.description]),
            element('td', {}, [aqiChip(l.now?.usAqi ?? null, l.now?.category ?? null)]),
            element('td', { class: 'nowrap' }, [l.now ? l.now.hour.slice(0, 16).replace('T', ' ') : 'no readings yet']),
          ]),
        ),
      );
      const detail = data.selected?.detail;
      const now = detail?.now?.advice;
      nowAdvice.textContent = now
        ? `Now in ${detail?.location.description}: ${now.text}`
        : 'No advice yet: no recent readings.';
      const f = detail?.forecast ?? null;
      forecast.dataset.date = f?.date ?? '';
      forecastHead.replaceChildren(
        ...(f === null
          ? ['Forecast: none yet']
          : [`Forecast for ${f.date}: PM10 ${one.format(f.pm10)} µg/m³ `, aqiChip(f.usAqi, f.category)]),
      );
      forecastAdvice.textContent = f?.advice ? `${f.advice.text} ${f.advice.reason}` : '—';
      reasons.replaceChildren(...(f?.reasons ?? []).map((r) => element('li', {}, [r.text])));

      const days = data.selected?.history.days ?? [];
      chart.data.labels = days.map((d) => d.date.slice(5));
      const pm10 = days.map((d) => d.means.pm10?.mean ?? null);
      const markers = anomalyMarkers(
        days.map((d) => d.date),
        pm10,
        data.selected?.anomalies.items ?? [],
      );
      anomalyLines = markers.lines;
      const series = [
        pm10,
        days.map((d) => d.means.pm25?.mean ?? null),
        days.map((d) => d.forecast?.pm10 ?? null),
        markers.points,
      ];
      series.forEach((values, i) => {
        chart.data.datasets[i]!.data = values;
      });
      chart.update();
      const points = series.map((values) => values.filter((v) => v !== null).length);
      canvas.setAttribute(
        'aria-label',
        `Daily mean PM10 and PM2.5 and the PM10 forecast, ${days[0]?.date ?? ''} to ${days.at(-1)?.date ?? ''}: ${points[0]} days with PM10, ${points[2]} forecasts, ${points[3]} days with sensor anomalies`,
      );
      anomalySummary.textContent =
        markers.shown.length === 0
          ? 'Sensor anomalies: none flagged'
          : `Sensor anomalies: ${markers.shown.length} flagged on ${points[3]} ${points[3] === 1 ? 'day' : 'days'}`;
      anomalyList.replaceChildren(
        ...markers.shown.map(({ anomaly, line }) =>
          element('li', { 'data-kind': anomaly.kind, 'data-span': anomaly.span }, [`${line}: ${anomaly.reason}`]),
        ),
      );
      chartBox.dataset.location = shown ?? '';
      chartBox.dataset.days = String(days.length);
      chartBox.dataset.pm10Points = String(points[0]);
      chartBox.dataset.pm25Points = String(points[1]);
      chartBox.dataset.forecastPoints = String(points[2]);
      chartBox.dataset.anomalyPoints = String(points[3]);
      chartBox.dataset.anomalies = String(markers.shown.length);
      chartBox.dataset.legend = (chart.legend?.legendItems ?? []).map((item) => item.text).join('|');
      // Where the first marker is drawn, in CSS pixels of the canvas, so a test can point at it.
      const marker = chart.getDatasetMeta(ANOMALY_DATASET).data.find((_, i) => markers.points[i] !== null);
      chartBox.dataset.firstAnomalyAt = marker ? `${Math.round(marker.x)},${Math.round(marker.y)}` : '';
      chartBox.dataset.renders = String(++renders);
    },
  };
}
