import type {
  AirAnomaliesResponse,
  AirHistoryResponse,
  AirLocationResponse,
  AirLocationsResponse,
} from './air-contracts.js';
import type { QueryApi } from './query-api.js';

/** What the air panel draws: every location now, and one location's detail and history. */
export interface AirData {
  locations: AirLocationsResponse;
  /** The location shown in detail: the one asked for when it is declared, else the first. */
  selected?: { detail: AirLocationResponse; history: AirHistoryResponse; anomalies: AirAnomaliesResponse };
}

/**
 * The locations first (they say which names exist), then the chosen one's detail and history
 * together, then its anomalies over exactly the history's days (the history says which).
 */
export async function loadAir(api: QueryApi, wanted: string | undefined): Promise<AirData> {
  const locations = await api.airLocations();
  const names = locations.locations.map((l) => l.name);
  const name = wanted !== undefined && names.includes(wanted) ? wanted : names[0];
  if (name === undefined) return { locations };
  const [detail, history] = await Promise.all([api.air(name), api.airHistory(name)]);
  const to = new Date(Date.parse(`${history.to}T00:00:00Z`) + 86_400_000).toISOString().replace('.000Z', 'Z');
  const anomalies = await api.airAnomalies(name, `${history.from}T00:00:00Z`, to);
  return { locations, selected: { detail, history, anomalies } };
}
