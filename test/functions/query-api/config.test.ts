import { describe, expect, it } from 'vitest';
import { queryApiTables } from '../../../functions/query-api/config.js';
import { QueryApiConfigError } from '../../../functions/query-api/errors.js';

describe('queryApiTables', () => {
  it('reads the eight tables from their TABLE_ variables', () => {
    // Prepare
    const env = {
      TABLE_WINDOWS: 'w',
      TABLE_WINDOW_STATE: 's',
      TABLE_FEEDBACK: 'f',
      TABLE_FEEDBACK_LABELS: 'l',
      TABLE_AIR_NOW: 'n',
      TABLE_AIR_WEATHER: 'a',
      TABLE_AIR_FORECASTS: 'c',
      TABLE_AIR_ANOMALIES: 'x',
    };

    // Act
    const tables = queryApiTables(env);

    // Assess
    expect(tables).toEqual({
      windows: 'w',
      windowState: 's',
      feedback: 'f',
      feedbackLabels: 'l',
      airNow: 'n',
      airWeather: 'a',
      airForecasts: 'c',
      airAnomalies: 'x',
    });
  });

  it('names the variable that is missing', () => {
    // Act
    const missing = () => queryApiTables({ TABLE_WINDOWS: 'w', TABLE_FEEDBACK: 'f' });

    // Assess
    expect(missing).toThrow(QueryApiConfigError);
    expect(missing).toThrow('query-api needs TABLE_WINDOW_STATE: bind the window-state table');
  });
});
