import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Which of the two APIs a request went to. */
export type FakeApi = 'air-quality' | 'forecast';

/** A scripted answer, used instead of the normal one; status 0 never answers (a hung upstream). */
export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** A request the server got. */
export interface FakeRequest {
  api: FakeApi;
  latitude: string;
  query: Record<string, string>;
  userAgent: string | undefined;
}

export interface FakeOpenMeteo {
  /** Base URL of the Air Quality API (`…/v1/air-quality`). */
  airUrl: string;
  /** Base URL of the Forecast API (`…/v1/forecast`). */
  forecastUrl: string;
  requests: FakeRequest[];
  /** Queues answers for requests to `api` at `latitude`, used in order before the normal answer. */
  script(api: FakeApi, latitude: number, replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

/**
 * A stand-in for Open-Meteo's Air Quality and Forecast APIs answering in their documented JSON
 * format (https://open-meteo.com/en/docs/air-quality-api, https://open-meteo.com/en/docs):
 * `hourly.time` from `past_days` before `today` (00:00 UTC) for `past_days + forecast_days`
 * days, one array per requested variable, `hourly_units` (μg/m³ written with a Greek mu, as
 * Open-Meteo does), and for the Forecast API the `daily` series likewise. Values are a
 * deterministic function of latitude and hour index (`airValue`, `weatherValue`).
 */
export async function startFakeOpenMeteo(options: { today: () => string }): Promise<FakeOpenMeteo> {
  const requests: FakeRequest[] = [];
  const scripts = new Map<string, ScriptedReply[]>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const api: FakeApi | undefined =
      url.pathname === '/v1/air-quality' ? 'air-quality' : url.pathname === '/v1/forecast' ? 'forecast' : undefined;
    if (!api) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":true,"reason":"Not Found"}');
      return;
    }
    const query = Object.fromEntries(url.searchParams);
    const latitude = query.latitude ?? '';
    requests.push({ api, latitude, query, userAgent: req.headers['user-agent'] });
    const scripted = scripts.get(`${api}|${Number(latitude)}`)?.shift();
    if (scripted?.status === 0) return;
    if (scripted) {
      res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers }).end(scripted.body);
      return;
    }
    const body = api === 'air-quality' ? airAnswer(query, options.today()) : forecastAnswer(query, options.today());
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    airUrl: `http://127.0.0.1:${port}/v1/air-quality`,
    forecastUrl: `http://127.0.0.1:${port}/v1/forecast`,
    requests,
    script: (api, latitude, replies) => scripts.set(`${api}|${latitude}`, [...replies]),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** The value the fake gives an Air Quality API variable at a latitude and hour index (0 = past_days before today, 00:00). */
export function airValue(variable: string, latitude: number, i: number): number | null {
  const base = Math.round(latitude) % 10;
  switch (variable) {
    case 'pm10':
      return 10 + base + (i % 24) / 2;
    case 'pm2_5':
      return 6 + base + (i % 12) / 4;
    case 'nitrogen_dioxide':
      return 20 + (i % 7);
    case 'ozone':
      return 50 + (i % 5) * 2;
    // The model has no SO2 for even hours: the record carries null there.
    case 'sulphur_dioxide':
      return i % 2 === 0 ? null : 1.5;
    case 'carbon_monoxide':
      return 200 + i;
    default:
      return null;
  }
}

/** The value the fake gives a Forecast API hourly variable. */
export function weatherValue(variable: string, latitude: number, i: number): number | null {
  switch (variable) {
    case 'temperature_2m':
      return Math.round((latitude / 10 + (i % 24) / 4) * 10) / 10;
    case 'relative_humidity_2m':
      return 60 + (i % 30);
    case 'wind_speed_10m':
      return 2 + (i % 6) / 2;
    case 'wind_direction_10m':
      return (i * 15) % 360;
    case 'precipitation':
      return i % 5 === 0 ? 0.4 : 0;
    case 'surface_pressure':
      return 1000 + (i % 10);
    default:
      return null;
  }
}

/** The value the fake gives a Forecast API daily variable on day index d. */
export function dailyValue(variable: string, d: number): number | null {
  switch (variable) {
    case 'temperature_2m_min':
      return -1 + d;
    case 'temperature_2m_max':
      return 8 + d;
    case 'wind_speed_10m_max':
      return 6 + d;
    case 'wind_direction_10m_dominant':
      return 200 + d * 10;
    case 'precipitation_sum':
      return 1.2 * d;
    default:
      return null;
  }
}

const UNITS: Record<string, string> = {
  pm10: 'μg/m³',
  pm2_5: 'μg/m³',
  nitrogen_dioxide: 'μg/m³',
  ozone: 'μg/m³',
  sulphur_dioxide: 'μg/m³',
  carbon_monoxide: 'μg/m³',
  temperature_2m: '°C',
  relative_humidity_2m: '%',
  wind_direction_10m: '°',
  precipitation: 'mm',
  surface_pressure: 'hPa',
  temperature_2m_min: '°C',
  temperature_2m_max: '°C',
  wind_direction_10m_dominant: '°',
  precipitation_sum: 'mm',
};

function windUnit(query: Record<string, string>): string {
  return query.wind_speed_unit === 'ms' ? 'm/s' : 'km/h';
}

function days(query: Record<string, string>, today: string): string[] {
  const past = Number(query.past_days ?? 0);
  const forecast = Number(query.forecast_days ?? 5);
  const start = Date.parse(`${today}T00:00:00Z`) - past * 86_400_000;
  return Array.from({ length: past + forecast }, (_, d) => new Date(start + d * 86_400_000).toISOString().slice(0, 10));
}

function hoursOf(dayList: string[]): string[] {
  return dayList.flatMap((day) => Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}:00`));
}

function header(query: Record<string, string>) {
  return {
    latitude: Number(query.latitude),
    longitude: Number(query.longitude),
    generationtime_ms: 0.5,
    utc_offset_seconds: 0,
    timezone: 'GMT',
    timezone_abbreviation: 'GMT',
    elevation: 38,
  };
}

function airAnswer(query: Record<string, string>, today: string) {
  const variables = (query.hourly ?? '').split(',');
  const time = hoursOf(days(query, today));
  const lat = Number(query.latitude);
  return {
    ...header(query),
    hourly_units: { time: 'iso8601', ...Object.fromEntries(variables.map((v) => [v, UNITS[v] ?? '?'])) },
    hourly: { time, ...Object.fromEntries(variables.map((v) => [v, time.map((_, i) => airValue(v, lat, i))])) },
  };
}

function forecastAnswer(query: Record<string, string>, today: string) {
  const hourlyVariables = (query.hourly ?? '').split(',');
  const dailyVariables = (query.daily ?? '').split(',');
  const dayList = days(query, today);
  const time = hoursOf(dayList);
  const lat = Number(query.latitude);
  const unit = (v: string) => (v.startsWith('wind_speed') ? windUnit(query) : (UNITS[v] ?? '?'));
  return {
    ...header(query),
    hourly_units: { time: 'iso8601', ...Object.fromEntries(hourlyVariables.map((v) => [v, unit(v)])) },
    hourly: {
      time,
      ...Object.fromEntries(hourlyVariables.map((v) => [v, time.map((_, i) => weatherValue(v, lat, i))])),
    },
    daily_units: { time: 'iso8601', ...Object.fromEntries(dailyVariables.map((v) => [v, unit(v)])) },
    daily: {
      time: dayList,
      ...Object.fromEntries(dailyVariables.map((v) => [v, dayList.map((_, d) => dailyValue(v, d))])),
    },
  };
}
