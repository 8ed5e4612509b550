import { readTokenClaims } from './token-claims.ts';

const KEY = 'akson.access-token';

/**
 * The access token lives in sessionStorage: per tab, gone when the tab closes, never in a cookie the server
 * would have to protect against CSRF. An expired token is treated as none.
 */
export function loadStoredToken(): string | undefined {
  const token = sessionStorage.getItem(KEY) ?? undefined;
  if (!token) return undefined;
  try {
    if (readTokenClaims(token).expiresAt * 1000 <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return undefined;
    }
  } catch {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
  return token;
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearStoredToken(): void {
  sessionStorage.removeItem(KEY);
}
