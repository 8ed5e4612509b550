import type { Profile } from './profile.ts';
import { decodeJwtPayload } from './token-claims.ts';

const KEY = 'akson.profile';

/**
 * Who the signed-in person is acting as does not change during a session (the unit is chosen at sign-in), so
 * it is read once per token and kept for reloads in this tab.
 */
function tokenId(token: string): string {
  const claims = decodeJwtPayload(token);
  return `${String(claims['jti'] ?? '')}:${String(claims['iat'] ?? '')}`;
}

export function cachedProfile(token: string): Profile | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as {
      id: string;
      profile: Profile;
    } | null;
    return stored && stored.id === tokenId(token) ? stored.profile : undefined;
  } catch {
    return undefined;
  }
}

export function cacheProfile(token: string, profile: Profile): void {
  sessionStorage.setItem(KEY, JSON.stringify({ id: tokenId(token), profile }));
}

export function clearCachedProfile(): void {
  sessionStorage.removeItem(KEY);
}
