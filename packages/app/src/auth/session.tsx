import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { FhirClient } from '../api/fhir-client.ts';
import type { AppConfig } from './app-config.ts';
import type { Profile } from './profile.ts';
import { clearCachedProfile } from './profile-cache.ts';
import { clearStoredToken, loadStoredToken, storeToken } from './stored-token.ts';
import { readTokenClaims, type TokenClaims } from './token-claims.ts';

export interface Session {
  readonly config: AppConfig;
  readonly client: FhirClient;
  readonly token: string | undefined;
  readonly claims: TokenClaims | undefined;
  /** Why the last session ended, shown on the sign-in page ("Økten er utløpt"). */
  readonly endedBecause: string | undefined;
  signedIn(token: string): void;
  signOut(reason?: string): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ config, children }: { config: AppConfig; children: ReactNode }) {
  const [token, setToken] = useState<string | undefined>(() => loadStoredToken());
  const [endedBecause, setEndedBecause] = useState<string | undefined>();
  const tokenRef = useRef(token);
  tokenRef.current = token;

  const signOut = useCallback((reason?: string) => {
    clearStoredToken();
    clearCachedProfile();
    setEndedBecause(reason);
    setToken(undefined);
  }, []);
  const signedIn = useCallback((next: string) => {
    storeToken(next);
    setEndedBecause(undefined);
    setToken(next);
  }, []);
  const client = useMemo(
    () =>
      new FhirClient(
        config.fhirBase,
        () => tokenRef.current,
        () => signOut('Økten er utløpt eller ikke lenger gyldig. Logg inn på nytt.'),
      ),
    [config.fhirBase, signOut],
  );
  const claims = useMemo(() => (token ? readTokenClaims(token) : undefined), [token]);
  const session = useMemo<Session>(
    () => ({ config, client, token, claims, endedBecause, signedIn, signOut }),
    [config, client, token, claims, endedBecause, signedIn, signOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function useClient(): FhirClient {
  return useSession().client;
}

const ProfileContext = createContext<Profile | undefined>(undefined);

export const ProfileProvider = ProfileContext.Provider;

export function useProfile(): Profile {
  const profile = useContext(ProfileContext);
  if (!profile) throw new Error('useProfile outside ProfileProvider');
  return profile;
}
