import { DashboardConfigError } from './errors.js';

/**
 * The dashboard's run-time configuration, read from `config.json` beside `index.html`, so one
 * build serves any deployment: on AWS the stack writes the query API's URL there; locally the
 * API is the same origin and the file holds the defaults.
 */
export interface DashboardConfig {
  /** Base URL of the query API (`https://…/` or a path); empty = the page's own origin. */
  apiBaseUrl: string;
  /** Seconds between refreshes. */
  refreshSeconds: number;
  /**
   * How the API authenticates callers: `none` locally; on AWS `jwt` (the page sends the bearer
   * token the identity provider returned) or `iam` (SigV4, which a browser page cannot sign).
   */
  auth: DashboardAuth;
}

export type DashboardAuth = 'none' | 'iam' | 'jwt';

export const DEFAULT_CONFIG: DashboardConfig = { apiBaseUrl: '', refreshSeconds: 10, auth: 'none' };

/** Validates a parsed `config.json`; missing fields take their defaults. */
export function parseConfig(raw: unknown): DashboardConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new DashboardConfigError('config.json must hold a JSON object');
  const {
    apiBaseUrl = DEFAULT_CONFIG.apiBaseUrl,
    refreshSeconds = DEFAULT_CONFIG.refreshSeconds,
    auth = DEFAULT_CONFIG.auth,
  } = raw as Record<string, unknown>;
  if (typeof apiBaseUrl !== 'string') throw new DashboardConfigError('config.json: apiBaseUrl must be a string');
  // Anything else (javascript:, data:, a bare host name) is a misconfiguration, not an API.
  if (apiBaseUrl !== '' && !/^(https?:\/\/|\/)/i.test(apiBaseUrl))
    throw new DashboardConfigError('config.json: apiBaseUrl must start with http://, https:// or /');
  if (typeof refreshSeconds !== 'number' || !Number.isFinite(refreshSeconds) || refreshSeconds < 1)
    throw new DashboardConfigError('config.json: refreshSeconds must be a number of at least 1');
  if (auth !== 'none' && auth !== 'iam' && auth !== 'jwt')
    throw new DashboardConfigError('config.json: auth must be "none", "iam" or "jwt"');
  return { apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''), refreshSeconds, auth };
}
