/**
 * The bearer token a JWT-authorised API needs. An identity provider's sign-in page (Cognito's
 * hosted UI, any OAuth 2.0 implicit or OIDC redirect) sends the browser back with the token in
 * the URL fragment, `#access_token=…` or `#id_token=…`: it is taken from there, kept in
 * sessionStorage for reloads (never localStorage: it dies with the tab), and removed from the
 * address bar so it is not bookmarked or shared by copy and paste.
 */

export interface TokenPlace {
  /** `location.hash`, e.g. `#access_token=eyJ…&token_type=Bearer`. */
  hash: string;
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  /** Replaces the fragment in the address bar (`history.replaceState`). */
  clearHash(): void;
}

const KEY = 'tandem.dashboard.token';
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function bearerToken(place: TokenPlace): string | undefined {
  const params = new URLSearchParams(place.hash.replace(/^#/, ''));
  const fromHash = params.get('access_token') ?? params.get('id_token');
  if (fromHash !== null && JWT.test(fromHash)) {
    place.storage.setItem(KEY, fromHash);
    place.clearHash();
    return fromHash;
  }
  const stored = place.storage.getItem(KEY);
  return stored !== null && JWT.test(stored) ? stored : undefined;
}
