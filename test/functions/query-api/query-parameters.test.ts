import { describe, expect, it } from 'vitest';
import { BadParameterError } from '../../../functions/query-api/errors.js';
import {
  choiceParameter,
  instantParameter,
  integerParameter,
  queryParameters,
} from '../../../functions/query-api/query-parameters.js';

describe('queryParameters', () => {
  it('decodes the raw query string and refuses a repeated parameter only when it is read', () => {
    // Prepare
    const params = queryParameters({ rawQueryString: 'key=a%7Cb&from=2025-06-01T10%3A00%3A00%2B02%3A00&x=1&x=2' });

    // Act
    const key = params.get('key');
    const from = instantParameter(params, 'from');
    const repeated = () => params.get('x');

    // Assess
    expect(key).toBe('a|b');
    expect(from).toBe(Date.UTC(2025, 5, 1, 8, 0));
    expect(repeated).toThrow(BadParameterError);
    expect(repeated).toThrow('x must be given once, got 2 values');
  });

  it('falls back to queryStringParameters when there is no raw query string', () => {
    // Prepare
    const params = queryParameters({ rawQueryString: '', queryStringParameters: { n: '5' } });

    // Act
    const n = integerParameter(params, 'n', { min: 1, max: 10, fallback: 3 });

    // Assess
    expect(n).toBe(5);
  });

  it('reads an unencoded "+" offset as the space it arrives as, and says how to send it', () => {
    // Prepare
    const params = queryParameters({ rawQueryString: 'from=2025-06-01T10:00:00+02:00' });

    // Act
    const from = () => instantParameter(params, 'from');

    // Assess
    expect(from).toThrow(/encoded as %2B/);
  });

  it('refuses values out of range or not in the choice, naming the parameter', () => {
    // Prepare
    const params = queryParameters({ rawQueryString: 'n=1e2&band=Negative' });

    // Act
    const n = () => integerParameter(params, 'n', { min: 1, max: 100, fallback: 10 });
    const band = () => choiceParameter(params, 'band', ['negative', 'neutral', 'positive']);

    // Assess
    expect(n).toThrow(expect.objectContaining({ field: 'n', message: 'n must be an integer 1..100, got "1e2"' }));
    expect(band).toThrow(expect.objectContaining({ field: 'band' }));
  });
});
