import {
  type AirAnomaliesResponse,
  type AirHistoryResponse,
  type AirLocationResponse,
  type AirLocationsResponse,
  isAirAnomaliesResponse,
  isAirHistoryResponse,
  isAirLocationResponse,
  isAirLocationsResponse,
} from './air-contracts.js';
import {
  type FeedbackResponse,
  isFeedbackResponse,
  isTopResponse,
  isWindowsResponse,
  type TopResponse,
  type WindowsResponse,
} from './contracts.js';
import { QueryApiError } from './errors.js';

/** The query API calls the dashboard makes, with checked responses. */
export interface QueryApi {
  /** The largest `n` keys of the metric's latest window. */
  top(metric: string, n: number): Promise<TopResponse>;
  /** Every key's count per window over the API's default range (the last 24 windows). */
  windows(metric: string): Promise<WindowsResponse>;
  /** The newest `limit` feedback items of a sentiment band, newest first. */
  feedback(band: string, limit: number): Promise<FeedbackResponse>;
  /** The declared air-quality locations with their AQI now. */
  airLocations(): Promise<AirLocationsResponse>;
  /** One location's air now, its advice and its next forecast. */
  air(location: string): Promise<AirLocationResponse>;
  /** One location's daily means and forecasts over the API's default range (the last 14 days). */
  airHistory(location: string): Promise<AirHistoryResponse>;
  /** One location's flagged sensor readings and days in [from, to) (ISO instants). */
  airAnomalies(location: string, from: string, to: string): Promise<AirAnomaliesResponse>;
}

/**
 * A client for the query API at `baseUrl` ('' = same origin). With `token`, every request
 * carries it as a bearer token (JWT-authorised routes). `fetchImpl` is for tests.
 */
export function queryApi(baseUrl: string, fetchImpl: typeof fetch = fetch, token?: string): QueryApi {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const get = async (path: string): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetchImpl(`${baseUrl}${path}`, { headers });
    } catch (err) {
      throw new QueryApiError(`GET ${path}: query API unreachable`, { cause: err });
    }
    if (!res.ok) throw new QueryApiError(`GET ${path}: HTTP ${res.status}`, { status: res.status });
    try {
      return await res.json();
    } catch (err) {
      throw new QueryApiError(`GET ${path}: response is not JSON`, { cause: err, status: res.status });
    }
  };
  const metricPath = (metric: string) => encodeURIComponent(metric);
  return {
    async top(metric, n) {
      const path = `/v1/top/${metricPath(metric)}?window=latest&n=${n}`;
      const body = await get(path);
      if (!isTopResponse(body)) throw new QueryApiError(`GET ${path}: unexpected response shape`);
      return body;
    },
    async windows(metric) {
      const path = `/v1/windows/${metricPath(metric)}`;
      const body = await get(path);
      if (!isWindowsResponse(body)) throw new QueryApiError(`GET ${path}: unexpected response shape`);
      return body;
    },
    async feedback(band, limit) {
      const path = `/v1/feedback?band=${encodeURIComponent(band)}&limit=${limit}`;
      const body = await get(path);
      if (!isFeedbackResponse(body)) throw new QueryApiError(`GET ${path}: unexpected response shape`);
      return body;
    },
    async airLocations() {
      const path = '/v1/air/locations';
      const body = await get(path);
      if (!isAirLocationsResponse(body)) throw new QueryApiError(`GET ${path}: unexpected response shape`);
      return body;
    },
    async air(location) {
      const path = `/v1/air/${encodeURIComponent(location)}`;
      const body = await get(path);
      if (!isAirLocationResponse(body)) throw new QueryApiError(`GET ${path}: unexpected response shape`);
      return body;
    },
    async airHistory(location) {
      const path = `/v1/air/${encodeURIComponent(location)}/history`;
      const body = await get(path);
      if (!isAirHistoryResponse(body)) throw new QueryApiError(`GET ${path}: unexpected response shape`);
      return body;
    },
    async airAnomalies(location, from, to) {
      const query = new URLSearchParams({ location, from, to, limit: '1000' });
      const path = `/v1/air/anomalies?${query}`;
      const body = await get(path);
      if (!isAirAnomaliesResponse(body)) throw new QueryApiError(`GET ${path}: unexpected response shape`);
      return body;
    },
  };
}
