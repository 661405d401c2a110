import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

/**
 * Chart.js with only the parts the dashboard draws registered, so the bundle leaves the rest
 * out, and the page's shared chart defaults.
 */
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);
// The system font stack: the page loads nothing from outside, so no web fonts.
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
Chart.defaults.color = '#2b2b2b';

export { Chart };

/**
 * Bars the chart laid out with a non-zero value, over its visible datasets: what a viewer sees
 * drawn. The panels publish it as `data-bars` so tests need not read pixels.
 */
export function drawnBars(chart: Chart<'bar', number[], string>): number {
  let bars = 0;
  chart.data.datasets.forEach((dataset, i) => {
    if (!chart.isDatasetVisible(i)) return;
    chart.getDatasetMeta(i).data.forEach((_, j) => {
      const value = dataset.data[j];
      if (typeof value === 'number' && value > 0) bars++;
    });
  });
  return bars;
}
